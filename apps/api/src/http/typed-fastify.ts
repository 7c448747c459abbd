export type { ApiInstance, FeaturePlugin } from "@unicorn/http";
