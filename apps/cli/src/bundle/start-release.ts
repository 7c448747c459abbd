import { type Engine, projectContainers, run, runAsync } from "./engine";
import { composeFiles } from "./hybrid";
import type { Manifest } from "./manifest";

/**
 * Starts the release's services and makes sure each runs this release's image. A container of another release in
 * a restart loop can survive podman-compose's recreate (its restart races the removal, and the new container's
 * create then fails on the taken name), so such containers are removed first, and checked for after.
 */
export async function startRelease(
  engine: Engine,
  dir: string,
  project: string,
  manifest: Manifest,
  overlays: string[] = [],
): Promise<void> {
  const services = [
    ...manifest.services,
    ...overlays.flatMap((overlay) => manifest.overlays?.[overlay] ?? []),
  ];
  const ours = new Set(manifest.images.flatMap((image) => [image.ref, image.id.replace(/^sha256:/, "")]));
  const foreign = () =>
    projectContainers(engine, project).filter(
      (container) =>
        services.includes(container.service) && !ours.has(container.image) && !ours.has(container.imageId),
    );
  const stale = foreign();
  if (stale.length > 0) {
    const ids = stale.map((container) => container.id);
    // A graceful stop first (PostgreSQL checkpoints, the api drains), then the removal that a restart cannot undo;
    // `docker rm -f` alone would SIGKILL.
    try {
      run([engine.name, "stop", "-t", "30", ...ids]);
    } catch {
      // A container between two restarts may refuse the stop; the forced removal below still takes it.
    }
    run([engine.name, "rm", "-f", ...ids]);
  }
  // Recreate: podman-compose does not replace a container whose image changed, and Docker does it anyway.
  const files = composeFiles(overlays).flatMap((file) => ["-f", file]);
  await runAsync([...engine.compose, ...files, "-p", project, "up", "-d", "--force-recreate", ...services], {
    cwd: dir,
  });
  const left = foreign();
  if (left.length > 0)
    throw new Error(
      `after compose up, ${left.map((container) => `${container.service} still runs ${container.image}`).join(", ")}`,
    );
}
