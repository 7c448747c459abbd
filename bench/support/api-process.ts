/**
 * The API as its own process for the benches, started through the package's public face the way its own
 * entry point does: configuration from the environment, migrations, listen; SIGTERM stops it.
 */
import { loadApiConfig, startApiServer } from "@unicorn/api";
import { createLogger } from "@unicorn/observability";

const config = loadApiConfig();
const server = await startApiServer(config, createLogger({ service: "api", level: config.logLevel }));
process.once("SIGTERM", () => {
  void server.stop().finally(() => process.exit(0));
});
