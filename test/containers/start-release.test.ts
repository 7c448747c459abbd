/**
 * Starting a release replaces the containers of the one before, even one stuck in a restart loop: with podman,
 * such a container restarts between podman-compose's stop and remove, survives, and keeps the name the new
 * container needs (a failed upgrade then "rolled back" to the broken release). Real podman and podman-compose.
 */
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { type Engine, projectContainers } from "../../apps/cli/src/bundle/engine";
import { FORMAT, type Manifest } from "../../apps/cli/src/bundle/manifest";
import { startRelease } from "../../apps/cli/src/bundle/start-release";
import { ensureLocalBases, LOCAL, removeComposeNetworks } from "./local-bases";

const engine: Engine = { name: "podman", compose: ["podman-compose"] };
const project = `unicornstart${process.pid}`;
const broken = LOCAL.runtime;
const working = "localhost/unicorn-base-nginx:bookworm";
let dir: string;

const imageId = (ref: string) =>
  execFileSync("podman", ["image", "inspect", ref, "--format", "{{.Id}}"], { encoding: "utf8" }).trim();

function release(image: string, command: string): Manifest {
  writeFileSync(join(dir, ".env"), `APP_IMAGE=${image}\nAPP_COMMAND=${command}\n`);
  return {
    format: FORMAT,
    product: "unicorn",
    version: image,
    commit: "test",
    createdAt: new Date().toISOString(),
    services: ["app"],
    env: {},
    images: [{ ref: image, file: "unused.tar", id: imageId(image) }],
    files: [],
  };
}

const app = () => projectContainers(engine, project).filter((container) => container.service === "app");

before(() => {
  ensureLocalBases((line) => console.log(line));
  dir = mkdtempSync(join(tmpdir(), "unicorn-start-"));
  writeFileSync(
    join(dir, "docker-compose.yml"),
    // biome-ignore lint/suspicious/noTemplateCurlyInString: compose's own variable interpolation
    "services:\n  app:\n    image: ${APP_IMAGE}\n    restart: unless-stopped\n    command: ${APP_COMMAND}\n",
  );
});

after(() => {
  execFileSync("podman-compose", ["-p", project, "down"], { cwd: dir, stdio: "ignore", timeout: 120_000 });
  removeComposeNetworks(project);
  rmSync(dir, { recursive: true, force: true });
});

test("a release replaces the previous one's container even while it is in a restart loop", async () => {
  await startRelease(engine, dir, project, release(broken, "sh -c 'exit 3'"));
  // Bounded wait until the container is in its restart loop, as a release that does not start is.
  const deadline = Date.now() + 60_000;
  while ((app()[0]?.restarts ?? 0) < 3) {
    assert.ok(Date.now() < deadline, "the broken container did not restart 3 times within 60 s");
    await new Promise((resolve) => setTimeout(resolve, 500));
  }

  await startRelease(engine, dir, project, release(working, "sleep 600"));

  const containers = app();
  assert.equal(containers.length, 1);
  assert.equal(containers[0]?.image, working);
  assert.equal(containers[0]?.status, "running");
  assert.equal(containers[0]?.restarts, 0);
});
