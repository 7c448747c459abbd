import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { after, before, describe, test } from "node:test";
import { contentSecurityPolicy, SECURITY_HEADERS } from "@unicorn/http";
import { readTileSource } from "../src/map/tile-source";
import { bearer, type Harness, startHarness, type TestOrganization } from "./harness";
import { assertSecurityHeaders } from "./security-headers-assertions";

const repo = resolve(import.meta.dirname, "../../..");

describe("security headers on every API response", () => {
  let h: Harness;
  let org: TestOrganization;
  before(async () => {
    h = await startHarness({ start: true });
    org = await h.createOrganization("Headers");
  });
  after(() => h.close());

  const cases: Array<{
    what: string;
    method: "GET" | "POST";
    url: string;
    auth?: boolean;
    payload?: unknown;
  }> = [
    { what: "liveness", method: "GET", url: "/healthz" },
    { what: "readiness", method: "GET", url: "/readyz" },
    { what: "metrics", method: "GET", url: "/metrics" },
    { what: "a JSON list", method: "GET", url: "/api/v1/farms", auth: true },
    { what: "a created resource", method: "POST", url: "/api/v1/farms", auth: true, payload: { name: "H" } },
    { what: "a 401 problem", method: "GET", url: "/api/v1/farms" },
    { what: "a 400 problem", method: "POST", url: "/api/v1/farms", auth: true, payload: { name: 5 } },
    { what: "an unknown route", method: "GET", url: "/api/v1/nowhere" },
    {
      what: "a failed login",
      method: "POST",
      url: "/api/v1/auth/login",
      payload: { email: "a@b.c", password: "x" },
    },
    // Refused by Fastify's router before any hook runs: answered by the framework-error handler.
    { what: "a path that is not valid percent-encoding", method: "GET", url: "/api/v1/farms/%E0%A4%A" },
    {
      what: "a path parameter over the router's length limit",
      method: "POST",
      url: `/api/v1/alerts/${"a".repeat(300)}/acknowledge`,
      auth: true,
    },
    { what: "the API docs page", method: "GET", url: "/api/docs/static/index.html" },
    { what: "the OpenAPI document", method: "GET", url: "/api/docs/json" },
  ];
  for (const c of cases)
    test(c.what, async () => {
      const response = await h.app.inject({
        method: c.method,
        url: c.url,
        ...(c.auth ? { headers: bearer(org.tokens.admin) } : {}),
        ...(c.payload !== undefined ? { payload: c.payload as object } : {}),
      });
      assert.ok(response.statusCode < 500, `${c.url}: ${response.statusCode} ${response.body}`);
      assertSecurityHeaders(response.headers, c.what);
      if (response.statusCode >= 400)
        assert.match(String(response.headers["content-type"]), /^application\/problem\+json/, c.what);
    });

  test("the live stream, whose reply is written by hand", async () => {
    await h.app.listen({ host: "127.0.0.1", port: 0 });
    const { port } = h.app.server.address() as AddressInfo;
    const abort = new AbortController();
    const response = await fetch(`http://127.0.0.1:${port}/api/v1/stream`, {
      headers: bearer(org.tokens.viewer),
      signal: abort.signal,
    });
    assert.equal(response.status, 200);
    assertSecurityHeaders(response.headers, "stream");
    abort.abort();
    await response.body?.cancel().catch(() => {});
  });
});

interface Directive {
  name: string;
  args: string[];
  children?: Directive[];
}

/** Enough of nginx's grammar for our configs: words, quoted strings, comments, blocks. */
function parseNginx(text: string): Directive[] {
  const tokens: string[] = [];
  for (let i = 0; i < text.length; ) {
    const c = text[i]!;
    if (/\s/.test(c)) i++;
    else if (c === "#") while (i < text.length && text[i] !== "\n") i++;
    else if ("{};".includes(c)) tokens.push(text[i++]!);
    else if (c === '"' || c === "'") {
      let value = "";
      for (i++; text[i] !== c; i++) value += text[i] === "\\" ? text[++i] : text[i];
      i++;
      tokens.push(`\0${value}`);
    } else {
      let word = "";
      while (i < text.length && !/[\s{};]/.test(text[i]!)) word += text[i++];
      tokens.push(word);
    }
  }
  let at = 0;
  const parseBlock = (): Directive[] => {
    const directives: Directive[] = [];
    while (at < tokens.length && tokens[at] !== "}") {
      const words: string[] = [];
      while (!["{", ";"].includes(tokens[at]!)) words.push(tokens[at++]!.replace(/^\0/, ""));
      const [name, ...args] = words;
      if (tokens[at++] === "{") {
        directives.push({ name: name!, args, children: parseBlock() });
        at++;
      } else directives.push({ name: name!, args });
    }
    return directives;
  };
  return parseBlock();
}

/** nginx inherits add_header (and proxy_hide_header) from the enclosing level only where a block has none. */
function effective(directives: Directive[], name: string, inherited: Directive[]): Directive[] {
  const own = directives.filter((d) => d.name === name);
  return own.length > 0 ? own : inherited;
}

/** Checks that every server and location of an nginx config sends `expected` on every answer, once. */
function assertNginxHeaders(text: string, expected: Readonly<Record<string, string>>, file: string) {
  const config = parseNginx(text);
  const http = config.find((d) => d.name === "http")!;
  const servers = http.children!.filter((d) => d.name === "server");
  assert.ok(servers.length > 0);
  const visit = (block: Directive, headers: Directive[], hidden: Directive[], where: string) => {
    const children = block.children!;
    const adds = effective(children, "add_header", headers);
    const hides = effective(children, "proxy_hide_header", hidden);
    const sent = Object.fromEntries(adds.map((d) => [d.args[0]!.toLowerCase(), d.args[1]!]));
    for (const d of adds.filter((d) => d.args[0]!.toLowerCase() in SECURITY_HEADERS))
      assert.equal(d.args.at(-1), "always", `${where}: ${d.args[0]} without "always" skips error answers`);
    assertSecurityHeaders(sent, where);
    for (const [name, value] of Object.entries(expected)) assert.equal(sent[name], value, where);
    if (children.some((d) => d.name === "proxy_pass")) {
      const dropped = hides.map((d) => d.args[0]!.toLowerCase());
      for (const name of Object.keys(SECURITY_HEADERS))
        assert.ok(dropped.includes(name), `${where}: the upstream's ${name} would be sent twice`);
    }
    for (const location of children.filter((d) => d.name === "location"))
      visit(location, adds, hides, `${where} location ${location.args.join(" ")}`);
  };
  for (const server of servers)
    visit(
      server,
      effective(http.children!, "add_header", []),
      [],
      `${file} server ${server.children!.find((d) => d.name === "listen")?.args.join(" ")}`,
    );
}

const NGINX_CONFIGS = ["deploy/docker/nginx-proxy.conf", "deploy/docker/nginx-web.conf"];

describe("the nginx configs add the same security headers", () => {
  for (const file of NGINX_CONFIGS)
    test(file, () => assertNginxHeaders(readFileSync(join(repo, file), "utf8"), SECURITY_HEADERS, file));
});

describe("the images' nginx policy allows the configured map tiles and nothing else", () => {
  let dir: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), "unicorn-nginx-"));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  /** The config as the image's entry point writes it at start, with this tile setting. */
  const rendered = (file: string, tilesUrl: string | undefined) => {
    const output = join(dir, "nginx.conf");
    execFileSync("sh", [join(repo, "deploy/docker/render-nginx-conf.sh"), join(repo, file), output], {
      env: { PATH: process.env.PATH, ...(tilesUrl === undefined ? {} : { UNICORN_MAP_TILES_URL: tilesUrl }) },
    });
    return readFileSync(output, "utf8");
  };
  /** The origin the api serves (and the launcher allows) for this setting, or none when the api refuses it. */
  const apiOrigin = (url: string) => {
    try {
      return readTileSource({ UNICORN_MAP_TILES_URL: url, UNICORN_MAP_TILES_ATTRIBUTION: "x" })?.origin;
    } catch {
      return undefined;
    }
  };

  for (const url of [
    "http://tiles.farm.lan:8080/{z}/{x}/{y}.png",
    "HTTPS://Tiles.Example.COM:443/tile/{z}/{y}/{x}",
    "http://10.0.0.5:80/{TileMatrix}/{TileCol}/{TileRow}.jpg",
    "https://[fd00::5]:8443/{z}/{x}/{y}",
    // Refused by the api: the policy stays 'self' only.
    "https://{s}.tile.example/{z}/{x}/{y}",
    "https://user:secret@tiles.example/{z}/{x}/{y}",
    "ftp://tiles.example/{z}/{x}/{y}",
    "",
  ])
    test(`UNICORN_MAP_TILES_URL=${JSON.stringify(url)}`, () => {
      const origin = apiOrigin(url);
      const expected = {
        ...SECURITY_HEADERS,
        "content-security-policy": contentSecurityPolicy(origin ? [origin] : []),
      };
      for (const file of NGINX_CONFIGS) assertNginxHeaders(rendered(file, url), expected, file);
    });

  test("without the setting the configs are sent as written, the DNS server filled in", () => {
    for (const file of NGINX_CONFIGS) {
      const text = rendered(file, undefined);
      assertNginxHeaders(text, SECURITY_HEADERS, file);
      assert.doesNotMatch(text, /__RESOLVER__/);
    }
  });
});
