import assert from "node:assert/strict";
import { test } from "node:test";
import { backoffDelayMs } from "../src/backoff";
import { pack, receive, tick, unpack } from "../src/clock";
import { loadSyncConfig, SyncConfigError } from "../src/config";
import { conflictWinner, decidePull, decidePush } from "../src/conflict-resolver";

// Hand-worked from the rules of Kulkarni et al. 2014, Fig. 5 (l = max of the inputs; c counts within one l).
test("hybrid logical clock: local/send and receive events", () => {
  assert.deepEqual(tick({ l: 10n, c: 0n }, 12n), { l: 12n, c: 0n }); // physical time moved on: c resets
  assert.deepEqual(tick({ l: 12n, c: 0n }, 11n), { l: 12n, c: 1n }); // physical clock behind: counter grows
  assert.deepEqual(receive({ l: 12n, c: 1n }, { l: 15n, c: 3n }, 13n), { l: 15n, c: 4n }); // message ahead
  assert.deepEqual(receive({ l: 15n, c: 4n }, { l: 15n, c: 2n }, 15n), { l: 15n, c: 5n }); // all equal: max(c)+1
  assert.deepEqual(receive({ l: 20n, c: 1n }, { l: 5n, c: 9n }, 10n), { l: 20n, c: 2n }); // own clock ahead
  assert.deepEqual(receive({ l: 5n, c: 7n }, { l: 6n, c: 7n }, 30n), { l: 30n, c: 0n }); // physical ahead
  // 48-bit l, 16-bit c: (1 << 16) | 2 = 65,538.
  assert.equal(pack({ l: 1n, c: 2n }), 65_538n);
  assert.deepEqual(unpack(65_538n), { l: 1n, c: 2n });
});

test("back-off: full jitter under a doubling ceiling, capped", () => {
  const half = () => 0.5;
  const options = { baseMs: 1_000, capMs: 300_000 };
  assert.equal(backoffDelayMs(0, options, half), 0);
  assert.equal(backoffDelayMs(1, options, half), 500); // [0, 1 s)
  assert.equal(backoffDelayMs(4, options, half), 4_000); // [0, 8 s)
  assert.equal(backoffDelayMs(20, options, half), 150_000); // ceiling capped at 300 s
  assert.equal(
    backoffDelayMs(3, options, () => 0),
    0,
  );
});

test("conflict rules look only at the sides and the clocks", () => {
  assert.equal(conflictWinner("cloud-wins", 9n, 1n), "cloud");
  assert.equal(conflictWinner("local-wins", 1n, 9n), "local");
  assert.equal(conflictWinner("lww-hlc", 9n, 1n), "local");
  assert.equal(conflictWinner("lww-hlc", 1n, 9n), "cloud");
  assert.equal(conflictWinner("lww-hlc", 5n, 5n), "cloud"); // tie: every site decides the same
});

test("pull: a conflict only when the farm changed the row since the version both had", () => {
  const site = "north-farm";
  const cloud = (hlc: bigint, origin: string | null = null) => ({ hlc, origin });
  assert.deepEqual(decidePull({ hlc: null, baseHlc: null }, cloud(7n), "cloud-wins", site), {
    action: "apply",
  });
  assert.deepEqual(decidePull({ hlc: 5n, baseHlc: 5n, origin: "cloud" }, cloud(7n), "cloud-wins", site), {
    action: "apply",
  });
  // This site's own version, pushed, whose bookkeeping on the farm a crash cut short.
  assert.deepEqual(decidePull({ hlc: 7n, baseHlc: 5n }, cloud(7n, site), "cloud-wins", site), {
    action: "already-there",
  });
  // A version the farm received from the cloud before (a later entry of the same row).
  assert.deepEqual(decidePull({ hlc: 7n, baseHlc: 7n, origin: "cloud" }, cloud(7n), "cloud-wins", site), {
    action: "already-there",
  });
  // The same clock on two different versions: both sides wrote the row in the same millisecond.
  assert.deepEqual(decidePull({ hlc: 7n, baseHlc: 5n }, cloud(7n), "cloud-wins", site), {
    action: "conflict",
    winner: "cloud",
  });
  assert.deepEqual(decidePull({ hlc: 7n, baseHlc: 5n }, cloud(7n, "south-farm"), "lww-hlc", site), {
    action: "conflict",
    winner: "cloud",
  });
  assert.deepEqual(decidePull({ hlc: 6n, baseHlc: 5n }, cloud(7n), "local-wins", site), {
    action: "conflict",
    winner: "local",
  });
  assert.deepEqual(decidePull({ hlc: 6n, baseHlc: null }, cloud(7n), "cloud-wins", site), {
    action: "conflict",
    winner: "cloud",
  });
  // The cloud's version 5 again (a later entry of the same row): the farm's 6 was written on top of it.
  assert.deepEqual(decidePull({ hlc: 6n, baseHlc: 5n }, cloud(5n), "cloud-wins", site), { action: "known" });
  // Deleted on both sides since 5: the same state, nothing to lose, under any rule. A delete meeting an edit (either
  // way round) is a conflict.
  const tombstone = (hlc: bigint, origin: string | null = null) => ({ hlc, origin, deleted: true });
  for (const rule of ["cloud-wins", "local-wins", "lww-hlc"] as const)
    assert.deepEqual(
      decidePull({ hlc: 9n, baseHlc: 5n, deleted: true }, tombstone(7n, "south-farm"), rule, site),
      { action: "apply" },
    );
  assert.deepEqual(decidePull({ hlc: 9n, baseHlc: 5n, deleted: true }, cloud(7n), "local-wins", site), {
    action: "conflict",
    winner: "local",
  });
  assert.deepEqual(decidePull({ hlc: 9n, baseHlc: 5n }, tombstone(7n), "local-wins", site), {
    action: "conflict",
    winner: "local",
  });
});

test("push: the cloud takes a version based on its own, defers one it has moved past", () => {
  const site = "north-farm";
  assert.deepEqual(decidePush({ hlc: 6n, baseHlc: 5n }, { hlc: null, origin: null }, site), {
    action: "apply",
  });
  assert.deepEqual(decidePush({ hlc: 6n, baseHlc: 5n }, { hlc: 5n, origin: null }, site), {
    action: "apply",
  });
  assert.deepEqual(decidePush({ hlc: 6n, baseHlc: 5n }, { hlc: 6n, origin: site }, site), {
    action: "already-there",
  });
  assert.deepEqual(decidePush({ hlc: 8n, baseHlc: 5n }, { hlc: 6n, origin: site }, site), {
    action: "apply",
  });
  assert.deepEqual(decidePush({ hlc: 6n, baseHlc: 5n }, { hlc: 7n, origin: "south" }, site), {
    action: "defer",
  });
  // The same clock, written by the cloud or another site: not this farm's version.
  assert.deepEqual(decidePush({ hlc: 6n, baseHlc: 5n }, { hlc: 6n, origin: null }, site), {
    action: "defer",
  });
  assert.deepEqual(decidePush({ hlc: 6n, baseHlc: 5n }, { hlc: 6n, origin: "south" }, site), {
    action: "defer",
  });
});

test("configuration: TLS to the cloud unless disabled, a valid site id, known tables in policies", () => {
  const base = {
    LOCAL_DB_URL: "postgres://l/db",
    CLOUD_DB_URL: "postgres://c/db",
    UNICORN_SYNC_SITE_ID: "north-farm",
  };
  const config = loadSyncConfig(base);
  assert.equal(config.cloudTls, "require");
  assert.equal(config.port, 8002);
  assert.deepEqual(config.policies, {});
  assert.throws(() => loadSyncConfig({ ...base, UNICORN_SYNC_SITE_ID: "North Farm" }), SyncConfigError);
  assert.throws(() => loadSyncConfig({ ...base, CLOUD_DB_URL: "postgres://c/db?sslmode=disable" }), /TLS/);
  assert.equal(loadSyncConfig({ ...base, UNICORN_SYNC_CLOUD_TLS: "disable" }).cloudTls, "disable");
  assert.deepEqual(
    loadSyncConfig({ ...base, UNICORN_SYNC_POLICIES: "fields:local-wins, alerts:lww-hlc" }).policies,
    {
      fields: "local-wins",
      alerts: "lww-hlc",
    },
  );
  assert.throws(
    () => loadSyncConfig({ ...base, UNICORN_SYNC_POLICIES: "sessions:local-wins" }),
    /unknown table/,
  );
  assert.throws(() => loadSyncConfig({ ...base, UNICORN_SYNC_POLICIES: "fields:newest" }), /must be one of/);
  assert.throws(() => loadSyncConfig({ ...base, UNICORN_SYNC_BATCH_ROWS: "0" }), /positive integer/);
});
