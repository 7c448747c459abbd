export { buildMlApp } from "./app";
export { loadMlConfig, type MlConfig, SHIPPED_REGISTRY } from "./config";
export type { Manifest } from "./manifest";
export { compareVersions, ModelRegistry } from "./registry";
export { MAX_ROWS } from "./rows";
export { type RunningMl, startMlServer } from "./server";
