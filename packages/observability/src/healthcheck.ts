/**
 * `<executable> --healthcheck`: asks the service on this host for /healthz and exits 0 or 1. Images have no
 * shell or curl, so the executable checks itself (the container HEALTHCHECK runs it).
 */
export async function runHealthcheck(port: number, path = "/healthz"): Promise<never> {
  try {
    const response = await fetch(`http://127.0.0.1:${port}${path}`, { signal: AbortSignal.timeout(3_000) });
    process.exit(response.ok ? 0 : 1);
  } catch {
    process.exit(1);
  }
}
