import { randomBytes } from "node:crypto";

/**
 * The stack's .env: written from .env.example on the first install with every empty secret filled with random
 * bytes, then only updated on upgrades (the version and image references change; secrets never do). Comments
 * and order are kept so the operator's edits survive.
 */
export const SECRETS = [
  "POSTGRES_PASSWORD",
  "UNICORN_JWT_SECRET",
  "UNICORN_ML_TOKEN",
  "GRAFANA_ADMIN_PASSWORD",
  // The ingest service's broker login (compose profile mqtt); ingest-mqtt refuses one under 32 characters.
  "UNICORN_MQTT_PASSWORD",
];

const LINE = /^\s*([A-Za-z_][A-Za-z0-9_]*)=(.*)$/;

export function parseEnv(text: string): Map<string, string> {
  const values = new Map<string, string>();
  for (const line of text.split("\n")) {
    const match = LINE.exec(line);
    if (match) values.set(match[1]!, match[2]!.trim());
  }
  return values;
}

export function randomSecret(): string {
  return randomBytes(32).toString("base64url");
}

/**
 * The new .env text. `current` is the installed .env (undefined on a first install), `example` the release's
 * .env.example, `set` the values this install decides (version, image overrides, ports).
 */
export function renderEnv(current: string | undefined, example: string, set: Record<string, string>): string {
  const lines = (current ?? example).replace(/\n$/, "").split("\n");
  const present = parseEnv(lines.join("\n"));
  const assigned = new Set<string>();
  const out = lines.map((line) => {
    const match = LINE.exec(line);
    if (!match) return line;
    const name = match[1]!;
    assigned.add(name);
    if (name in set) return `${name}=${set[name]}`;
    if (SECRETS.includes(name) && !match[2]!.trim()) return `${name}=${randomSecret()}`;
    return line;
  });
  // Settings a newer release added to .env.example, and values this install sets that no line holds yet.
  const added: string[] = [];
  for (const [name, value] of parseEnv(example)) {
    if (present.has(name) || assigned.has(name)) continue;
    assigned.add(name);
    added.push(
      `${name}=${name in set ? set[name] : SECRETS.includes(name) && !value ? randomSecret() : value}`,
    );
  }
  for (const [name, value] of Object.entries(set)) if (!assigned.has(name)) added.push(`${name}=${value}`);
  if (added.length) out.push("", "# Added by unicorn bundle install", ...added);
  return `${out.join("\n")}\n`;
}
