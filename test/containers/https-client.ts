import { request } from "node:https";

export interface JsonResponse {
  status: number;
  // biome-ignore lint/suspicious/noExplicitAny: the tests read the JSON of several endpoints
  json: any;
}

/**
 * Requests to the stack's TLS proxy on 127.0.0.1, trusting the stack's own certificate (read when each
 * request is made: the install generates it). A fresh connection each time: the proxy is recreated between
 * requests, and a pooled socket to the old one would fail.
 */
export function httpsClient(port: number, certificate: () => Buffer) {
  return (method: string, path: string, body?: unknown, headers: Record<string, string> = {}) =>
    new Promise<JsonResponse>((done, fail) => {
      const payload = body === undefined ? undefined : JSON.stringify(body);
      const req = request(
        {
          host: "127.0.0.1",
          port,
          path,
          method,
          ca: certificate(),
          servername: "localhost",
          agent: false,
          timeout: 15_000,
          headers: { ...(payload ? { "content-type": "application/json" } : {}), ...headers },
        },
        (res) => {
          let text = "";
          res.on("data", (chunk) => (text += chunk));
          res.on("end", () => {
            let json: unknown = text;
            try {
              json = JSON.parse(text);
            } catch {
              // not JSON: keep the text
            }
            done({ status: res.statusCode ?? 0, json });
          });
        },
      );
      req.on("error", fail);
      req.on("timeout", () => req.destroy(new Error("timeout")));
      req.end(payload);
    });
}
