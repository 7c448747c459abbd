import type { Logger } from "@unicorn/observability";
import { buildMlApp } from "./app";
import type { MlConfig } from "./config";
import { ModelRegistry } from "./registry";

export interface RunningMl {
  url: string;
  registry: ModelRegistry;
  stop(): Promise<void>;
}

/** Loads the registry, then serves: the launcher and the container entry point both use this. */
export async function startMlServer(config: MlConfig, logger: Logger): Promise<RunningMl> {
  const registry = new ModelRegistry(config.registryDir, logger);
  await registry.start(config.pollMs);
  if (registry.list().length === 0)
    logger.warn({ registry: config.registryDir }, "no model loaded yet; waiting for one");
  const app = buildMlApp({ registry, token: config.token, logger });
  const url = await app.listen({ host: config.host, port: config.port });
  return {
    url,
    registry,
    async stop() {
      await registry.stop();
      await app.close();
    },
  };
}
