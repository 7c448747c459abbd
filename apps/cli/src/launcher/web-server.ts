import { existsSync } from "node:fs";
import httpProxy from "@fastify/http-proxy";
import fastifyStatic from "@fastify/static";
import {
  contentSecurityPolicy,
  problemFrameworkErrors,
  registerSecurityHeaders,
  SECURITY_HEADERS,
  type SlowClientLimits,
  slowClientTimeouts,
} from "@unicorn/http";
import Fastify, { type FastifyInstance } from "fastify";

/**
 * The dashboard's static files with `/api` forwarded to the API: the same shape nginx gives the
 * containers, so the dashboard always calls a relative `/api/v1`.
 */
export async function startWebServer(options: {
  distDir: string;
  port: number;
  apiUrl: string;
  /** Origins the dashboard may load images from besides its own (the configured map tiles). */
  imageOrigins?: readonly string[];
  /** How long a client may take to send its request (the api's defaults unless a test shortens them). */
  slowClients?: SlowClientLimits;
}): Promise<FastifyInstance> {
  const imageOrigins = options.imageOrigins ?? [];
  const app = Fastify({
    logger: false,
    // A request dribbled in a byte at a time is cut off here as at the api, /api paths or not.
    ...slowClientTimeouts(options.slowClients),
    frameworkErrors: problemFrameworkErrors({
      ...SECURITY_HEADERS,
      "content-security-policy": contentSecurityPolicy(imageOrigins),
    }),
  });
  // The dashboard's pages and files; proxied API responses keep the API's own headers.
  registerSecurityHeaders(app, { imageOrigins });
  await app.register(httpProxy, {
    upstream: options.apiUrl,
    prefix: "/api",
    rewritePrefix: "/api",
    http2: false,
    // The caller's own address replaces any X-Forwarded-For it sent: the api believes this hop (loopback) for its
    // per-address login throttle, as it believes nginx in the containers.
    replyOptions: {
      rewriteRequestHeaders: (request, headers) => ({ ...headers, "x-forwarded-for": request.ip }),
    },
  });
  if (existsSync(options.distDir)) {
    await app.register(fastifyStatic, { root: options.distDir, wildcard: false });
    // Client-side routes (/fields/123) get the single-page app.
    app.setNotFoundHandler((request, reply) =>
      request.method === "GET" && !request.url.startsWith("/api")
        ? reply.sendFile("index.html")
        : reply.status(404).send(),
    );
  } else {
    app.get("/", async (_request, reply) =>
      reply
        .type("text/html")
        .send(
          "<h1>Uni-Corn</h1><p>The dashboard has not been built: run <code>npm run build -w @unicorn/web</code>.</p>",
        ),
    );
  }
  await app.listen({ host: "127.0.0.1", port: options.port });
  return app;
}
