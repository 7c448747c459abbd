import { type AddressInfo, createServer } from "node:net";
import type { UserRole } from "@unicorn/contracts";
import { hashPassword } from "@unicorn/credentials";
import { createTestDatabase, type TestDatabase } from "@unicorn/db";
import { createLogger } from "@unicorn/observability";
import type { FastifyInstance } from "fastify";
import { type Api, buildApi } from "../src/app";
import { loadApiConfig } from "../src/config";

export interface TestOrganization {
  id: string;
  tokens: Record<UserRole, string>;
  users: Record<UserRole, { id: string; email: string; password: string }>;
}

export interface Harness {
  db: TestDatabase;
  api: Api;
  app: FastifyInstance;
  createOrganization(name: string): Promise<TestOrganization>;
  close(): Promise<void>;
}

const ROLES: UserRole[] = ["admin", "agronomist", "viewer"];

/** The API's configuration in test mode against a test database, with whatever else a test sets. */
export function testApiConfig(databaseUrl: string, env: Record<string, string> = {}) {
  return loadApiConfig({
    DATABASE_URL: databaseUrl,
    UNICORN_MODE: "test",
    UNICORN_JWT_SECRET: "test-secret-".repeat(4),
    ...env,
  });
}

/** A port that was free a moment ago (nothing listens on it until the caller binds it). */
export async function freePort(): Promise<number> {
  const server = createServer().listen(0, "127.0.0.1");
  await new Promise((done) => server.once("listening", done));
  const { port } = server.address() as AddressInfo;
  await new Promise((done) => server.close(done));
  return port;
}

/** A real API on its own migrated database; requests go through app.inject (no sockets). */
export async function startHarness(
  options: { start?: boolean; env?: Record<string, string> } = {},
): Promise<Harness> {
  const db = await createTestDatabase();
  const config = testApiConfig(db.url, options.env);
  const logger = createLogger({ service: "api", level: process.env.TEST_LOG_LEVEL ?? "silent" });
  const api = await buildApi({ config, pool: db.pool, logger });
  if (options.start) await api.start();
  await api.app.ready();

  let counter = 0;
  return {
    db,
    api,
    app: api.app,
    async createOrganization(name) {
      const org = await db.pool.query<{ id: string }>(
        "INSERT INTO organizations (name) VALUES ($1) RETURNING id",
        [name],
      );
      const id = org.rows[0]!.id;
      const users = {} as TestOrganization["users"];
      const tokens = {} as TestOrganization["tokens"];
      for (const role of ROLES) {
        counter += 1;
        const email = `${role}.${counter}@${name.toLowerCase().replace(/\W/g, "")}.test`;
        const password = `password-${role}-${counter}`;
        const user = await db.pool.query<{ id: string }>(
          "INSERT INTO users (organization_id, email, name, role, password_hash) VALUES ($1, $2, $3, $4, $5) RETURNING id",
          [id, email, `${role} ${counter}`, role, await hashPassword(password)],
        );
        users[role] = { id: user.rows[0]!.id, email, password };
        const login = await api.app.inject({
          method: "POST",
          url: "/api/v1/auth/login",
          payload: { email, password },
        });
        tokens[role] = login.json().accessToken;
      }
      return { id, users, tokens };
    },
    async close() {
      await api.close();
      await db.drop();
    },
  };
}

export const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

/** POSTs as the given token and returns the created body, failing the test on any error status. */
export function poster(h: Harness, token: string) {
  return async (url: string, payload: object) => {
    const response = await h.app.inject({ method: "POST", url, headers: bearer(token), payload });
    if (response.statusCode >= 300) throw new Error(`${url}: ${response.statusCode} ${response.body}`);
    return response.json();
  };
}

/** Every ISO date from `from` to `to`, both included. */
export function localDays(from: string, to: string): string[] {
  const days: string[] = [];
  for (let t = Date.parse(`${from}T00:00:00Z`); t <= Date.parse(`${to}T00:00:00Z`); t += 86_400_000)
    days.push(new Date(t).toISOString().slice(0, 10));
  return days;
}

export const squareBoundary = (lon = -93.62, lat = 42.03, sizeDeg = 0.004) => ({
  type: "Polygon" as const,
  coordinates: [
    [
      [lon, lat],
      [lon + sizeDeg, lat],
      [lon + sizeDeg, lat + sizeDeg],
      [lon, lat + sizeDeg],
      [lon, lat],
    ],
  ],
});

/** A farm, a field and one sensor of `kind` in `org`, and a device API key to ingest for it. */
export async function createSensorWithKey(
  h: Harness,
  org: TestOrganization,
  kind: string,
): Promise<{ fieldId: string; sensorId: string; key: string }> {
  const admin = bearer(org.tokens.admin);
  const created = async (url: string, payload: Record<string, unknown>) => {
    const response = await h.app.inject({ method: "POST", url, headers: admin, payload });
    if (response.statusCode !== 201) throw new Error(`POST ${url}: ${response.statusCode} ${response.body}`);
    return response.json();
  };
  const farm = await created("/api/v1/farms", { name: "F" });
  const field = await created("/api/v1/fields", {
    farmId: farm.id,
    name: "Field",
    boundary: squareBoundary(),
  });
  const sensor = await created("/api/v1/sensors", { fieldId: field.id, name: kind, kind });
  const key = await created("/api/v1/api-keys", { name: "gw" });
  return { fieldId: field.id, sensorId: sensor.id, key: key.key };
}
