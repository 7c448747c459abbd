/**
 * The one source of every shape that crosses a process or package boundary: TypeBox schemas (validated by
 * the api and ml at run time, exported to OpenAPI) and their static types (imported type-only by the web app).
 * One module per feature; vocabularies shared by several features live in vocabularies.ts.
 */
export * from "./alerts";
export * from "./api-keys";
export * from "./audit";
export * from "./auth";
export * from "./calc";
export * from "./common";
export * from "./exports";
export * from "./farms";
export * from "./field-agronomy";
export * from "./field-events";
export * from "./fields";
export * from "./forecast";
export * from "./gateways";
export * from "./health";
export * from "./irrigation";
export * from "./map-config";
export * from "./ml";
export * from "./nitrogen";
export * from "./observations";
export * from "./password-reset";
export * from "./readings";
export * from "./seasons";
export * from "./sensors";
export * from "./station-et0";
export * from "./stream";
export * from "./sync";
export * from "./sync-api";
export * from "./users";
export * from "./vocabularies";
export * from "./vpn";
export * from "./weather";
