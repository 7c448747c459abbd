/** What the `unicorn` launcher composes: the API server and the pieces the demo seed shares with it. */
export { API_PREFIX, type Api, buildApi } from "./app";
export { hashPassword } from "./auth/passwords";
export { sha256 } from "./auth/tokens";
export { type ApiConfig, ConfigError, loadApiConfig } from "./config";
export { type RunningApi, startApiServer, waitAndMigrate } from "./server";
