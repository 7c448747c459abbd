export { buildMlApp, MAX_ROWS } from "./app";
export { loadMlConfig, type MlConfig, SHIPPED_REGISTRY } from "./config";
export type { Manifest } from "./manifest";
export { ModelRegistry } from "./registry";
export { type RunningMl, startMlServer } from "./server";
