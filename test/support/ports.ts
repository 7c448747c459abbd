/** Ports for tests that start real servers. */
import { createServer } from "node:net";

/** A port that was free a moment ago (nothing listens on it until the caller binds it). */
export async function freePort(): Promise<number> {
  const server = createServer().listen(0, "127.0.0.1");
  await new Promise((done) => server.once("listening", done));
  const { port } = server.address() as { port: number };
  await new Promise((done) => server.close(done));
  return port;
}
