import { existsSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";

/** Newest modification time under the dashboard's sources. */
function newestSourceTime(webDir: string): number {
  let newest = 0;
  const visit = (path: string) => {
    const stat = statSync(path);
    if (stat.isDirectory()) for (const entry of readdirSync(path)) visit(join(path, entry));
    else newest = Math.max(newest, stat.mtimeMs);
  };
  for (const entry of ["src", "public", "index.html", "vite.config.ts", "package.json"]) {
    const path = join(webDir, entry);
    if (existsSync(path)) visit(path);
  }
  return newest;
}

/**
 * `npm start` serves a dashboard built from the current sources: builds it (a few seconds, with Vite) when
 * the build is missing or older than a source file, and reuses it otherwise.
 */
export async function ensureDashboardBuilt(webDir: string, say: (line: string) => void): Promise<boolean> {
  if (!existsSync(join(webDir, "src"))) return false;
  const built = join(webDir, "dist", "index.html");
  if (existsSync(built) && statSync(built).mtimeMs >= newestSourceTime(webDir)) return true;
  say("• Building the dashboard (first start or changed sources)…");
  const { build } = await import("vite");
  await build({ root: webDir, configFile: join(webDir, "vite.config.ts"), logLevel: "warn" });
  return true;
}
