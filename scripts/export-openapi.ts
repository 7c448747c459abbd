/**
 * Writes the API's OpenAPI 3.1 document (generated from the route schemas) to a file, without a database:
 * `npm run openapi -- [path]` (default dist/openapi.json). CI lints the result with Redocly.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import { buildApi, loadApiConfig } from "@unicorn/api";
import { createPool } from "@unicorn/db";
import { createLogger } from "@unicorn/observability";

const target = process.argv[2] ?? "dist/openapi.json";
// The pool connects lazily; building the app and its document never touches the database.
const config = loadApiConfig({ DATABASE_URL: "postgres://unused@127.0.0.1:1/unused", UNICORN_MODE: "test" });
const pool = createPool({ connectionString: config.databaseUrl });
const api = await buildApi({ config, pool, logger: createLogger({ service: "api", level: "silent" }) });
await api.app.ready();
mkdirSync(dirname(target), { recursive: true });
writeFileSync(target, `${JSON.stringify(api.app.swagger(), null, 2)}\n`);
await api.app.close();
await pool.end();
console.log(`OpenAPI document written to ${target}`);
