/**
 * The queries the shipped monitoring asks Prometheus: every alert rule's expression and every provisioned Grafana
 * panel's target, read from deploy/compose. Shared by the monitoring suite (Prometheus against the services run
 * here) and the container suite (Prometheus inside the running compose stack).
 */
import { readdirSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";

export const compose = resolve(import.meta.dirname, "../../deploy/compose");
export const prometheusDir = join(compose, "prometheus");

const PROMQL_WORDS = new Set(
  "sum avg min max count rate irate increase histogram_quantile by without on ignoring group_left group_right and or unless bool offset le abs delta deriv topk bottomk quantile stddev label_replace vector scalar time".split(
    " ",
  ),
);

/** Metric names in a PromQL expression: identifiers that are not functions, keywords or label names. */
export function metricNames(expr: string): string[] {
  const stripped = expr
    .replace(/"(?:[^"\\]|\\.)*"/g, "")
    .replace(/\{[^}]*\}/g, "")
    .replace(/\[[^\]]*\]/g, "")
    .replace(/\b(by|without|on|ignoring)\s*\([^)]*\)/g, "");
  const names = new Set<string>();
  for (const match of stripped.matchAll(/[a-zA-Z_:][a-zA-Z0-9_:]*/g)) {
    const name = match[0];
    const next = stripped.slice(match.index! + name.length).trimStart();
    if (next.startsWith("(") || PROMQL_WORDS.has(name)) continue;
    names.add(name);
  }
  return [...names];
}

export function expressions(): { where: string; expr: string; alert?: boolean }[] {
  const found: { where: string; expr: string; alert?: boolean }[] = [];
  const rules = readFileSync(join(prometheusDir, "alerts.yml"), "utf8");
  // expr: one line, or a block scalar (expr: |) whose lines are indented deeper.
  const lines = rules.split("\n");
  lines.forEach((line, i) => {
    const m = /^(\s*)expr:\s*(\|)?\s*(.*)$/.exec(line);
    if (!m) return;
    if (!m[2]) {
      found.push({ where: `alerts.yml:${i + 1}`, expr: m[3]!, alert: true });
      return;
    }
    const body: string[] = [];
    for (
      let j = i + 1;
      j < lines.length && (lines[j]!.trim() === "" || lines[j]!.search(/\S/) > m[1]!.length);
      j++
    )
      body.push(lines[j]!);
    found.push({ where: `alerts.yml:${i + 1}`, expr: body.join(" "), alert: true });
  });
  const dashboards = join(compose, "grafana/dashboards");
  for (const file of readdirSync(dashboards)) {
    const dashboard = JSON.parse(readFileSync(join(dashboards, file), "utf8"));
    for (const panel of dashboard.panels)
      for (const target of panel.targets ?? [])
        found.push({ where: `${file}: ${panel.title}`, expr: target.expr });
  }
  return found;
}

/** An alert's condition without its final threshold: `x > 0.05` is x, which must have data while it is false. */
export function withoutThreshold(expr: string): string {
  return expr.replace(/\s*(==|!=|>=|<=|>|<)\s*[-+0-9.e]+\s*$/, "").trim();
}

/**
 * Expressions that may legitimately be empty on a healthy, freshly started stack, and why. Each of their
 * metrics must still be a series Prometheus scraped (its name known), so a typo would not hide here.
 */
export const ALLOWED_EMPTY: Record<string, string> = {
  // A 5xx ratio's numerator only exists once some request failed with a 5xx: none did.
  'sum(rate(http_request_duration_seconds_count{service="api",status_code=~"5.."}[5m])) / sum(rate(http_request_duration_seconds_count{service="api"}[5m]))':
    "no request failed with a 5xx",
  'sum(rate(ml_prediction_errors_total{reason="runtime"}[10m]))':
    "no ONNX runtime failure happened (the counter exists, with the reasons that did occur)",
};

/**
 * Runs every panel and alert query through `query`; the failures, and a one-line summary to print. An empty
 * query all of whose metrics match `notDeployed` belongs to a service this stack does not run (an optional
 * profile): it is listed as such, not failed.
 */
export async function checkEveryQuery(
  query: (expr: string) => Promise<unknown[]>,
  knownNames: Set<string>,
  notDeployed?: RegExp,
): Promise<{ failures: string[]; summary: string }> {
  const emptyButKnown: string[] = [];
  const elsewhere: string[] = [];
  const failures: string[] = [];
  const found = expressions();
  for (const { where, expr, alert } of found) {
    const asked = alert ? withoutThreshold(expr) : expr;
    if ((await query(asked)).length > 0) continue;
    const names = metricNames(asked);
    if (notDeployed && names.length > 0 && names.every((name) => notDeployed.test(name))) {
      elsewhere.push(where);
      continue;
    }
    const normalized = asked.replace(/\s+/g, " ").trim();
    const unknown = metricNames(asked).filter((name) => !knownNames.has(name));
    if (normalized in ALLOWED_EMPTY && unknown.length === 0)
      emptyButKnown.push(`${where}: ${ALLOWED_EMPTY[normalized]}`);
    else
      failures.push(`${where}: ${asked}${unknown.length ? ` (never scraped: ${unknown.join(", ")})` : ""}`);
  }
  return {
    failures,
    summary: `${found.length - emptyButKnown.length - elsewhere.length - failures.length} of ${found.length} queries returned data; empty but known: ${emptyButKnown.join("; ") || "none"}${elsewhere.length ? `; of services not in this stack: ${elsewhere.join("; ")}` : ""}`,
  };
}
