import { join, resolve } from "node:path";

/** deploy/terraform of this checkout, and the checks' own fixtures. */
export const terraformDir = resolve(import.meta.dirname, "../../deploy/terraform");
export const fixturesDir = resolve(import.meta.dirname, "fixtures");
/** The envs the deployment ships; each is a root module. */
export const envDirs = ["cloud", "hybrid"].map((name) => ({ name, dir: join(terraformDir, "envs", name) }));
