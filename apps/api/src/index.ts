/** What the `unicorn` launcher composes: the API server. */
export { API_PREFIX, type Api, buildApi } from "./app";
export { type ApiConfig, ConfigError, loadApiConfig } from "./config";
export { type RunningApi, startApiServer, waitAndMigrate } from "./server";
