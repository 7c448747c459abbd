import { randomBytes } from "node:crypto";
import { API_PREFIX, type Api, buildApi, loadApiConfig } from "@unicorn/api";
import type { Pool } from "@unicorn/db";
import { createLogger } from "@unicorn/observability";

/** A polygon of about 1 ha near Ames, Iowa: the bench's field (its area and centre are the API's business). */
export const BENCH_BOUNDARY = {
  type: "Polygon",
  coordinates: [
    [
      [-93.7231, 42.0618],
      [-93.7219, 42.0618],
      [-93.7219, 42.0609],
      [-93.7231, 42.0609],
      [-93.7231, 42.0618],
    ],
  ],
};

export interface BenchWriter {
  /** POSTs through the API's routes in this process; throws unless it answers `expected`. */
  post<T>(path: string, body: unknown, expected?: number): Promise<T>;
}

/**
 * The bench's fixtures are written the way any client writes them: through the API (built in this process
 * on the bench database, listening on no port), as the admin of a new organization. The measured API is a
 * separate process; this one only sets the stage.
 */
export async function withBenchOrganization<T>(
  pool: Pool,
  databaseUrl: string,
  work: (admin: BenchWriter, api: Api) => Promise<T>,
): Promise<T> {
  const api = await buildApi({
    config: loadApiConfig({
      DATABASE_URL: databaseUrl,
      UNICORN_MODE: "production",
      UNICORN_JWT_SECRET: randomBytes(32).toString("base64url"),
    }),
    pool,
    logger: createLogger({ service: "bench-setup", level: "warn" }),
  });
  try {
    await api.app.ready();
    const admin = { email: "bench-admin@bench.test", password: randomBytes(12).toString("base64url") };
    await api.setup.createOrganization({
      name: "bench",
      adminEmail: admin.email,
      adminName: "Bench admin",
      adminPassword: admin.password,
    });
    const anonymous = writer(api, {});
    const session = await anonymous.post<{ accessToken: string }>("/auth/login", admin, 200);
    return await work(writer(api, { authorization: `Bearer ${session.accessToken}` }), api);
  } finally {
    await api.close();
  }
}

function writer(api: Api, headers: Record<string, string>): BenchWriter {
  return {
    async post<T>(path: string, body: unknown, expected = 201): Promise<T> {
      const response = await api.app.inject({
        method: "POST",
        url: `${API_PREFIX}${path}`,
        headers: { ...headers, "content-type": "application/json" },
        payload: JSON.stringify(body),
      });
      if (response.statusCode !== expected)
        throw new Error(`bench setup: POST ${path} answered ${response.statusCode}: ${response.body}`);
      return response.json() as T;
    },
  };
}
