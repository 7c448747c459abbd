/** The API's public face: building the server (in process, or started on a port) and its configuration. */
export { API_PREFIX, type Api, buildApi } from "./app";
export { type ApiConfig, ConfigError, loadApiConfig } from "./config";
export { type RunningApi, startApiServer, waitAndMigrate } from "./server";
