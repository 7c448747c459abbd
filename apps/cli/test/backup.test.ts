import assert from "node:assert/strict";
import { execFileSync, spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { after, describe, test } from "node:test";
import { sha256File, verifyChecksum, writeChecksum } from "../src/backup/checksum";

const cli = resolve(import.meta.dirname, "../src/main.ts");
const dir = mkdtempSync(join(tmpdir(), "unicorn-backup-"));
const unicorn = (args: string[], env: Record<string, string | undefined> = {}) =>
  spawnSync(process.execPath, ["--import", "tsx", cli, ...args], {
    env: { ...process.env, DATABASE_URL: undefined, ...env },
    encoding: "utf8",
    timeout: 60_000,
  });

describe("backup checksums and restore refusals", () => {
  after(() => rmSync(dir, { recursive: true, force: true }));

  test("the checksum file is in sha256sum format and sha256sum accepts it", async () => {
    const file = join(dir, "farm.dump");
    writeFileSync(file, "PGDMP fake dump content for the checksum test");
    const digest = await writeChecksum(file);
    assert.equal(readFileSync(`${file}.sha256`, "utf8"), `${digest}  farm.dump\n`);
    assert.equal(digest, await sha256File(file));
    const checked = execFileSync("sha256sum", ["-c", "farm.dump.sha256"], { cwd: dir, encoding: "utf8" });
    assert.match(checked, /farm\.dump: OK/);
  });

  test("a damaged or unverified backup is refused before anything is restored", async () => {
    const file = join(dir, "tampered.dump");
    writeFileSync(file, "PGDMP original bytes");
    await writeChecksum(file);
    const bytes = readFileSync(file);
    bytes[7] = bytes[7]! ^ 0xff;
    writeFileSync(file, bytes);
    await assert.rejects(verifyChecksum(file), /checksum mismatch/);
    const refused = unicorn(["restore", file, "--yes"], {
      DATABASE_URL: "postgres://nobody@127.0.0.1:1/none",
    });
    assert.equal(refused.status, 1);
    assert.match(refused.stderr, /checksum mismatch/);

    const unverified = join(dir, "no-checksum.dump");
    writeFileSync(unverified, "PGDMP");
    const noSidecar = unicorn(["restore", unverified, "--yes"]);
    assert.equal(noSidecar.status, 1);
    assert.match(noSidecar.stderr, /no checksum file/);
  });

  test("restore asks for --yes, and both commands say what they need", async () => {
    const file = join(dir, "good.dump");
    writeFileSync(file, "PGDMP good");
    await writeChecksum(file);
    const unconfirmed = unicorn(["restore", file]);
    assert.equal(unconfirmed.status, 2);
    assert.match(unconfirmed.stderr, /--yes/);
    const nowhere = unicorn(["backup", "--out", join(dir, "x.dump")]);
    assert.equal(nowhere.status, 2);
    assert.match(nowhere.stderr, /--compose|DATABASE_URL/);
    assert.doesNotMatch(nowhere.stderr, /at .*\.ts:\d+/);
  });
});
