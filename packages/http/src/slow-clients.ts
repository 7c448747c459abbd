export interface SlowClientLimits {
  /** The whole request, headers and body, must arrive within this. */
  requestTimeoutMs: number;
  /** The headers must arrive within this (at most requestTimeoutMs). */
  headersTimeoutMs: number;
  /** A socket with no traffic for this long is closed (longer than the live stream's heartbeat). */
  connectionTimeoutMs: number;
}

/** What every server of ours allows a client that sends slowly, unless configured otherwise (the api). */
export const DEFAULT_SLOW_CLIENT_LIMITS: SlowClientLimits = {
  requestTimeoutMs: 60_000,
  headersTimeoutMs: 15_000,
  connectionTimeoutMs: 120_000,
};

/**
 * Fastify server options that cut off a client dribbling its headers or body a byte at a time (Node answers
 * 408 and closes) once the request takes longer than the limits. Fastify's own defaults have no request or
 * connection timeout at all. Node checks them every connectionsCheckingInterval.
 */
export function slowClientTimeouts(limits: SlowClientLimits = DEFAULT_SLOW_CLIENT_LIMITS) {
  return {
    requestTimeout: limits.requestTimeoutMs,
    connectionTimeout: limits.connectionTimeoutMs,
    http: {
      headersTimeout: limits.headersTimeoutMs,
      requestTimeout: limits.requestTimeoutMs,
      connectionsCheckingInterval: Math.min(30_000, Math.max(250, Math.floor(limits.headersTimeoutMs / 4))),
    },
  };
}
