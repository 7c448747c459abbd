import { API_PREFIX, type Api } from "@unicorn/api";

/**
 * Calls the API's HTTP routes inside this process (Fastify's inject): the same routing, authentication and
 * validation as a request over the network, without a port. Any answer but the expected status is an error
 * that names the route and the API's own problem detail.
 */
export class InProcessClient {
  constructor(
    private readonly app: Api["app"],
    private readonly headers: Record<string, string> = {},
  ) {}

  /** The same client, sending these credentials (a session's bearer token or an API key) with each call. */
  as(headers: Record<string, string>): InProcessClient {
    return new InProcessClient(this.app, headers);
  }

  post<T>(path: string, body: unknown, expected = 201): Promise<T> {
    return this.send<T>("POST", path, body, expected);
  }

  put<T>(path: string, body: unknown, expected = 200): Promise<T> {
    return this.send<T>("PUT", path, body, expected);
  }

  private async send<T>(method: "POST" | "PUT", path: string, body: unknown, expected: number): Promise<T> {
    const response = await this.app.inject({
      method,
      url: `${API_PREFIX}${path}`,
      headers: { ...this.headers, "content-type": "application/json" },
      payload: JSON.stringify(body),
    });
    if (response.statusCode !== expected) {
      const problem = safeJson(response.body) as { detail?: string; field?: string } | undefined;
      const detail = problem?.detail ?? response.body.slice(0, 300);
      throw new Error(
        `${method} ${path} answered ${response.statusCode}: ${detail}${problem?.field ? ` (${problem.field})` : ""}`,
      );
    }
    return response.json() as T;
  }
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
