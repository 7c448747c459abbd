/**
 * The parts of `terraform fmt` that can be checked without the binary. Indentation and `=` alignment
 * follow hclwrite's own algorithm (format.go: formatIndent, formatCells): a line's indent is two spaces
 * per bracket level still open from earlier lines, and consecutive lines whose `=` is followed by a
 * complete expression form one alignment chain. Heredoc bodies are data and are left alone, as fmt does.
 */

export type FormatRule =
  | "tab"
  | "trailing-whitespace"
  | "final-newline"
  | "blank-lines"
  | "indent"
  | "align-equals";

export interface FormatFinding {
  rule: FormatRule;
  line: number;
  message: string;
}

/** One source line as the lexer saw it. */
interface LexedLine {
  text: string;
  /** Inside a heredoc body or its closing marker, or continuing a block comment: not formatted by fmt. */
  verbatim: boolean;
  /** True when the line has code or a comment (not blank). */
  content: boolean;
  /** Bracket changes of the code on this line, in order, up to a heredoc opener. */
  brackets: number[];
  /** Column of the first `=` that follows other code on the line, and the bracket change after it. */
  equals?: { column: number; bracketsAfter: number };
  opensHeredoc: boolean;
}

type Mode = { kind: "code"; interpolation: boolean } | { kind: "string" };

function lex(text: string): LexedLine[] {
  const lines = text.split("\n");
  const lexed: LexedLine[] = [];
  const modes: Mode[] = [{ kind: "code", interpolation: false }];
  let heredoc: string | undefined;
  let blockComment = false;

  for (const raw of lines) {
    const line = raw.replace(/\r$/, "");
    const entry: LexedLine = {
      text: line,
      verbatim: heredoc !== undefined || blockComment,
      content: line.trim() !== "",
      brackets: [],
      opensHeredoc: false,
    };
    lexed.push(entry);
    if (heredoc !== undefined) {
      if (line.trim() === heredoc) heredoc = undefined;
      continue;
    }
    let codeSeen = false;
    let stopCounting = false;
    let i = 0;
    while (i < line.length) {
      const c = line[i] as string;
      const next = line[i + 1];
      const mode = modes[modes.length - 1] as Mode;
      if (blockComment) {
        if (c === "*" && next === "/") {
          blockComment = false;
          i += 2;
        } else i++;
        continue;
      }
      if (mode.kind === "string") {
        if (c === "\\") i += 2;
        else if (c === '"') {
          modes.pop();
          i++;
        } else if ((c === "$" || c === "%") && next === "{" && line[i - 1] !== c) {
          modes.push({ kind: "code", interpolation: true });
          i += 2;
        } else i++;
        continue;
      }
      // Code.
      if (c === "#" || (c === "/" && next === "/")) break;
      if (c === "/" && next === "*") {
        blockComment = true;
        i += 2;
        continue;
      }
      if (c === " " || c === "\t") {
        i++;
        continue;
      }
      if (c === '"') {
        modes.push({ kind: "string" });
        codeSeen = true;
        i++;
        continue;
      }
      const heredocOpen = /^<<-?([A-Za-z_][\w-]*)\s*$/.exec(line.slice(i));
      if (heredocOpen?.[1]) {
        heredoc = heredocOpen[1];
        entry.opensHeredoc = true;
        stopCounting = true;
        break;
      }
      const change = "{[(".includes(c) ? 1 : "}])".includes(c) ? -1 : 0;
      if (mode.interpolation) {
        // Inside ${ }: only track the brace that ends it; a template's brackets net to zero on its line.
        if (c === "{") modes.push({ kind: "code", interpolation: true });
        else if (c === "}") modes.pop();
        i++;
        continue;
      }
      if (change !== 0 && !stopCounting) {
        entry.brackets.push(change);
        if (entry.equals) entry.equals.bracketsAfter += change;
      }
      if (c === "=" && next !== "=" && next !== ">" && !"!<>=".includes(line[i - 1] ?? "")) {
        if (codeSeen && !entry.equals) entry.equals = { column: i, bracketsAfter: 0 };
      }
      codeSeen = true;
      i++;
    }
  }
  return lexed;
}

/** Checks one file's text against the fmt rules; an empty list means `terraform fmt` would have little to do. */
export function checkFormat(text: string): FormatFinding[] {
  const findings: FormatFinding[] = [];
  const lines = lex(text);
  const add = (rule: FormatRule, index: number, message: string) =>
    findings.push({ rule, line: index + 1, message });

  if (text.length > 0 && !text.endsWith("\n"))
    add("final-newline", lines.length - 1, "file does not end with a newline");
  if (/\n\s*\n$/.test(text)) add("final-newline", lines.length - 2, "blank lines at the end of the file");

  let blankRun = 0;
  lines.forEach((line, index) => {
    if (line.verbatim && !line.content) {
      blankRun = 0;
      return;
    }
    if (!line.verbatim && line.text.includes("\t"))
      add("tab", index, "tab character (fmt indents with spaces)");
    if (!line.verbatim && /[ \t\r]+$/.test(line.text))
      add("trailing-whitespace", index, "trailing whitespace");
    if (index === lines.length - 1 && line.text === "") return;
    blankRun = line.content || line.verbatim ? 0 : blankRun + 1;
    if (blankRun === 2) add("blank-lines", index, "more than one blank line in a row");
  });

  // Indentation, as hclwrite's formatIndent computes it.
  const indents: number[] = [];
  lines.forEach((line, index) => {
    if (line.verbatim || !line.content) return;
    const net = line.brackets.reduce((sum, change) => sum + change, 0);
    let level = indents.length;
    if (net > 0) indents.push(net);
    else if (net < 0) {
      let closed = -net;
      while (closed > 0 && indents.length > 0) {
        const top = indents[indents.length - 1] as number;
        if (closed >= top) {
          closed -= top;
          indents.pop();
        } else {
          indents[indents.length - 1] = top - closed;
          closed = 0;
        }
      }
      level = indents.length;
    }
    const expected = 2 * level;
    const actual = (/^ */.exec(line.text)?.[0] ?? "").length;
    if (actual !== expected) add("indent", index, `indented ${actual} spaces, fmt indents ${expected}`);
  });

  // `=` alignment within each chain of consecutive single-line attributes (hclwrite's formatCells).
  let chain: number[] = [];
  const closeChain = () => {
    const width = (index: number) =>
      lines[index]?.text.slice(0, lines[index]?.equals?.column).trimEnd().length ?? 0;
    const column = Math.max(...chain.map(width)) + 1;
    for (const index of chain) {
      const actual = lines[index]?.equals?.column;
      if (actual !== column)
        add("align-equals", index, `"=" at column ${(actual ?? 0) + 1}, fmt aligns it at ${column + 1}`);
    }
    chain = [];
  };
  lines.forEach((line, index) => {
    if (line.verbatim) return; // a heredoc body belongs to the line that opened it
    if (line.equals && line.equals.bracketsAfter === 0) chain.push(index);
    else if (chain.length > 0) closeChain();
  });
  if (chain.length > 0) closeChain();

  return findings.sort((a, b) => a.line - b.line);
}
