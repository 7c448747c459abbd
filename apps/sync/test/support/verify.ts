import type { Pool } from "@unicorn/db";
import { SYNCED_TABLES } from "../../src/tables";
import { type LoggedWrite, type Reading, type Side, TOKEN_COLUMNS, type WrittenTable } from "./workload";

export interface TableChecksum {
  table: string;
  rows: number;
  checksum: string;
}

/** Every synced table's rows of the organization, in key order, as one md5 (whole rows: every column). */
export async function referenceChecksums(db: Pool, organizationId: string): Promise<TableChecksum[]> {
  const sums: TableChecksum[] = [];
  for (const table of SYNCED_TABLES) {
    const { rows } = await db.query<{ rows: number; checksum: string }>(
      `SELECT count(*)::int AS rows, coalesce(md5(string_agg(to_jsonb(t)::text, E'\\n' ORDER BY t."${table.key}"::text)), '') AS checksum
       FROM "${table.name}" t WHERE t."${table.organization}" = $1`,
      [organizationId],
    );
    sums.push({ table: table.name, ...rows[0]! });
  }
  return sums;
}

export async function readingsChecksum(db: Pool): Promise<TableChecksum> {
  const { rows } = await db.query<{ rows: number; checksum: string }>(
    `SELECT count(*)::int AS rows,
            coalesce(md5(string_agg(sensor_id::text || ' ' || (extract(epoch FROM time) * 1000)::bigint || ' ' || value, E'\\n'
                                    ORDER BY sensor_id, time)), '') AS checksum
     FROM readings`,
  );
  return { table: "readings", ...rows[0]! };
}

/** Synced tables whose rows of the organization differ between a farm and the cloud (empty when equal). */
export async function referenceDivergence(
  local: Pool,
  cloud: Pool,
  organizationId: string,
): Promise<string[]> {
  const [localSums, cloudSums] = await Promise.all([
    referenceChecksums(local, organizationId),
    referenceChecksums(cloud, organizationId),
  ]);
  return localSums.flatMap((sum, i) =>
    sum.checksum === cloudSums[i]!.checksum
      ? []
      : [`${sum.table} (farm ${sum.rows} rows, cloud ${cloudSums[i]!.rows})`],
  );
}

/**
 * The rows behind a checksum difference (at most 5 per table), each with both sides' versions (clock, base,
 * origin) and writer token: what a failing schedule's report needs to be explained without a replay.
 */
async function differingRows(local: Pool, cloud: Pool, organizationId: string): Promise<string[]> {
  const found: string[] = [];
  const rowsOf = async (db: Pool, table: (typeof SYNCED_TABLES)[number]) => {
    const token = TOKEN_COLUMNS[table.name as WrittenTable];
    const { rows } = await db.query<{ id: string; hash: string; token: string | null }>(
      `SELECT t."${table.key}"::text AS id, md5(to_jsonb(t)::text) AS hash,
              ${token ? `t."${token}"::text` : "NULL"} AS token
       FROM "${table.name}" t WHERE t."${table.organization}" = $1`,
      [organizationId],
    );
    return new Map(rows.map((row) => [row.id, row]));
  };
  const versionOf = async (db: Pool, table: string, id: string) =>
    (
      await db.query<{ version: string }>(
        `SELECT hlc || ' base ' || coalesce(base_hlc::text, '-') || ' origin ' || coalesce(origin, '-') ||
                CASE WHEN deleted THEN ' (tombstone)' ELSE '' END AS version
         FROM sync_row_versions WHERE table_name = $1 AND row_id = $2`,
        [table, id],
      )
    ).rows[0]?.version ?? "no version";
  for (const table of SYNCED_TABLES) {
    const [mine, theirs] = await Promise.all([rowsOf(local, table), rowsOf(cloud, table)]);
    const ids = [...new Set([...mine.keys(), ...theirs.keys()])].filter(
      (id) => mine.get(id)?.hash !== theirs.get(id)?.hash,
    );
    for (const id of ids.slice(0, 5)) {
      const [farmVersion, cloudVersion] = await Promise.all([
        versionOf(local, table.name, id),
        versionOf(cloud, table.name, id),
      ]);
      const side = (row: { token: string | null } | undefined) =>
        row ? `row ${row.token ?? ""}`.trim() : "no row";
      const presence = `${side(mine.get(id))} on the farm, ${side(theirs.get(id))} in the cloud`;
      found.push(`${table.name}/${id}: ${presence}; farm ${farmVersion}; cloud ${cloudVersion}`);
    }
  }
  return found;
}

/** Tables whose checksums differ between the sides (empty when converged). */
export async function divergentTables(local: Pool, cloud: Pool, organizationId: string): Promise<string[]> {
  const [differing, localReadings, cloudReadings] = await Promise.all([
    referenceDivergence(local, cloud, organizationId),
    readingsChecksum(local),
    readingsChecksum(cloud),
  ]);
  if (localReadings.checksum !== cloudReadings.checksum)
    differing.push(`readings (farm ${localReadings.rows} rows, cloud ${cloudReadings.rows})`);
  return differing;
}

interface ConflictRow {
  table_name: string;
  row_id: string;
  rule: string;
  winner: Side;
  local_version: Record<string, unknown> | null;
  cloud_version: Record<string, unknown> | null;
  local_hlc: string | null;
  cloud_hlc: string | null;
}

export interface Verdict {
  failures: string[];
  figures: {
    writes: number;
    readings: number;
    conflicts: number;
    overwrittenWrites: number;
  };
}

/** One farm of a schedule, as the checks see it. */
export interface FarmUnderTest {
  siteId: string;
  /** The label its writer stamps on its writes (the write log's `side`). */
  writer: string;
  pool: Pool;
  organizationId: string;
  acknowledgedReadings: readonly Reading[];
  /** The conflicts its service reports (`/status`), when it answered. */
  reportedConflicts: number | undefined;
}

/**
 * The checks after healing and quiescence, from the databases' own records only:
 * - every synced table and the readings have the same checksum on both sides;
 * - every acknowledged reading is in the cloud, and the cloud holds no reading the farm never had;
 * - every committed reference write (both sides' write logs) is either the row's final version, or replaced by
 *   a later committed write that read it, or kept as the losing version of a conflict; nothing else;
 * - every conflict row is a real one (its losing version was written on the losing side, and the winning version
 *   does not descend from it), follows its table's rule, is recorded once, and the service reports as many.
 */
export async function verifyConverged(options: {
  local: Pool;
  cloud: Pool;
  organizationId: string;
  acknowledgedReadings: readonly Reading[];
  policies: Readonly<Record<string, string>>;
  reportedConflicts: number | undefined;
}): Promise<Verdict> {
  return verifySites({
    cloud: options.cloud,
    policies: options.policies,
    farms: [
      {
        siteId: "farm",
        writer: "local",
        pool: options.local,
        organizationId: options.organizationId,
        acknowledgedReadings: options.acknowledgedReadings,
        reportedConflicts: options.reportedConflicts,
      },
    ],
  });
}

/**
 * verifyConverged for any number of farms (sites), of one organization or several, syncing with one cloud:
 * - each farm's synced tables equal the cloud's rows of the farm's organization (checksums), and the farm holds
 *   no row of another organization (nor a conflict about one);
 * - the cloud's readings are exactly the farms' readings together (each farm's with its values: the farms write
 *   disjoint sensor-times), every acknowledged reading is there, once, and no farm has readings still queued;
 * - every committed reference write (the cloud's and every farm's write log) is final, superseded by a write
 *   that read it, or the losing version of a conflict recorded on some farm;
 * - every conflict row (on each farm) is real: its losing version was written on the losing side (the farm's
 *   own writer for a farm loser; the cloud's or another site's for a cloud loser), the winner does not descend
 *   from it, it follows the table's rule, it is recorded once on that farm, and each service reports as many.
 */
export async function verifySites(options: {
  cloud: Pool;
  farms: readonly FarmUnderTest[];
  policies: Readonly<Record<string, string>>;
}): Promise<Verdict> {
  const { cloud, farms } = options;
  const failures: string[] = [];
  const many = farms.length > 1;
  const where = (farm: FarmUnderTest) => (many ? ` (${farm.siteId})` : "");

  for (const farm of farms) {
    for (const table of await referenceDivergence(farm.pool, cloud, farm.organizationId))
      failures.push(`checksum differs${where(farm)}: ${table}`);
    for (const row of await differingRows(farm.pool, cloud, farm.organizationId))
      failures.push(`  differs${where(farm)}: ${row}`);
    for (const foreign of await foreignRows(farm.pool, farm.organizationId))
      failures.push(`${farm.siteId} holds rows of another organization: ${foreign}`);
  }

  const readingsOf = async (db: Pool) =>
    new Map(
      (
        await db.query<{ key: string; value: number }>(
          "SELECT sensor_id::text || '@' || (extract(epoch FROM time) * 1000)::bigint AS key, value FROM readings",
        )
      ).rows.map((row) => [row.key, row.value]),
    );
  const cloudReadings = await readingsOf(cloud);
  let farmReadings = 0;
  for (const farm of farms) {
    const own = await readingsOf(farm.pool);
    farmReadings += own.size;
    const differing = [...own].filter(([key, value]) => cloudReadings.get(key) !== value);
    if (differing.length > 0)
      failures.push(
        `checksum differs${where(farm)}: readings (${differing.length} of the farm's ${own.size} missing or different in the cloud, e.g. ${differing[0]![0]})`,
      );
    const lostReadings = farm.acknowledgedReadings.filter(
      (reading) => !cloudReadings.has(`${reading.sensorId}@${reading.timeMs}`),
    );
    if (lostReadings.length > 0)
      failures.push(
        `${lostReadings.length} acknowledged readings${where(farm)} missing in the cloud, e.g. ${JSON.stringify(lostReadings.slice(0, 3))}`,
      );
    const queued = await farm.pool.query<{ n: number }>(
      "SELECT count(*)::int AS n FROM sync_reading_changes",
    );
    if (queued.rows[0]!.n !== 0)
      failures.push(`${queued.rows[0]!.n} readings still queued on the farm${where(farm)}`);
  }
  if (cloudReadings.size !== farmReadings)
    failures.push(
      `checksum differs: readings (the farms hold ${farmReadings}, the cloud ${cloudReadings.size})`,
    );
  const duplicates = await cloud.query<{ n: number }>(
    "SELECT count(*)::int - count(DISTINCT (sensor_id, time))::int AS n FROM readings",
  );
  if (duplicates.rows[0]!.n !== 0) failures.push(`${duplicates.rows[0]!.n} duplicate readings in the cloud`);

  const writes = (await cloud.query<LoggedWrite>("SELECT * FROM test_writes")).rows;
  for (const farm of farms)
    writes.push(...(await farm.pool.query<LoggedWrite>("SELECT * FROM test_writes")).rows);
  const conflicts: (ConflictRow & { farm: FarmUnderTest })[] = [];
  for (const farm of farms)
    for (const row of (
      await farm.pool.query<ConflictRow>(
        `SELECT table_name, row_id, rule, winner, local_version, cloud_version, local_hlc::text, cloud_hlc::text
         FROM sync_conflicts`,
      )
    ).rows)
      conflicts.push({ ...row, farm });
  // The cloud has every organization's rows (each checked equal to its farms' above).
  const finals = await finalVersions(cloud, Object.keys(TOKEN_COLUMNS) as WrittenTable[]);
  const replacedBy = new Map<string, LoggedWrite[]>();
  const byToken = new Map<string, LoggedWrite>();
  for (const write of writes) {
    byToken.set(write.token, write);
    if (write.replaced) replacedBy.set(write.replaced, [...(replacedBy.get(write.replaced) ?? []), write]);
  }
  const tokenOf = (table: string, version: Record<string, unknown> | null) =>
    version ? String(version[TOKEN_COLUMNS[table as WrittenTable] ?? ""] ?? "") : null;
  /** Losing versions by farm, row and token (recorded once per farm); and by row and token over all farms. */
  const losersByFarm = new Map<string, number>();
  const losers = new Set<string>();
  for (const conflict of conflicts) {
    const loserVersion = conflict.winner === "cloud" ? conflict.local_version : conflict.cloud_version;
    // A tombstone carries no token: it is told apart by its clock (a row can be deleted, brought back by a winning
    // edit, and deleted again, each delete a version of its own).
    const loserHlc = conflict.winner === "cloud" ? conflict.local_hlc : conflict.cloud_hlc;
    const token = tokenOf(conflict.table_name, loserVersion);
    const key = `${conflict.table_name}/${conflict.row_id}/${token ?? "deleted"}`;
    const farmKey = `${where(conflict.farm)}${key}${token === null ? ` at ${loserHlc}` : ""}`;
    losersByFarm.set(farmKey, (losersByFarm.get(farmKey) ?? 0) + 1);
    losers.add(key);
  }

  let overwrittenWrites = 0;
  const lost: string[] = [];
  for (const write of writes) {
    const final = finals.get(`${write.table_name}/${write.row_id}`);
    const isFinal =
      write.kind === "hard-delete"
        ? final === undefined
        : final?.token === write.token && final.deleted === (write.kind === "soft-delete");
    if (isFinal) continue;
    if (replacedBy.has(write.token)) continue;
    const loserKey = `${write.table_name}/${write.row_id}/${write.kind === "hard-delete" ? "deleted" : write.token}`;
    if (losers.has(loserKey)) {
      overwrittenWrites++;
      continue;
    }
    lost.push(
      `${write.side} ${write.kind} ${write.table_name}/${write.row_id} token ${write.token} (final: ${final ? `${final.token}${final.deleted ? " deleted" : ""}` : "absent"})`,
    );
  }
  if (lost.length > 0)
    failures.push(
      `${lost.length} committed writes neither final, nor superseded, nor in sync_conflicts:\n    ${lost.slice(0, 10).join("\n    ")}`,
    );

  // Conflict rows: each a real, distinct conflict decided by its table's rule.
  const descends = (token: string | null, ancestor: string | null): boolean => {
    for (let current = token, hops = 0; current && hops < 10_000; hops++) {
      if (current === ancestor) return true;
      current = byToken.get(current)?.replaced ?? null;
    }
    return false;
  };
  for (const [key, count] of losersByFarm)
    if (count > 1) failures.push(`conflict recorded ${count} times: ${key}`);
  for (const conflict of conflicts) {
    const at = `${conflict.table_name}/${conflict.row_id}${where(conflict.farm)}`;
    const expectedRule = options.policies[conflict.table_name] ?? "cloud-wins";
    if (conflict.rule !== expectedRule)
      failures.push(`conflict on ${at} used ${conflict.rule}, policy is ${expectedRule}`);
    const expectedWinner =
      conflict.rule === "local-wins"
        ? "local"
        : conflict.rule === "lww-hlc"
          ? BigInt(conflict.local_hlc ?? 0) > BigInt(conflict.cloud_hlc ?? 0)
            ? "local"
            : "cloud"
          : "cloud";
    if (conflict.winner !== expectedWinner)
      failures.push(`conflict on ${at}: winner ${conflict.winner} under ${conflict.rule}`);
    if (!(conflict.table_name in TOKEN_COLUMNS)) continue;
    const loserSide: Side = conflict.winner === "cloud" ? "local" : "cloud";
    const loser = tokenOf(
      conflict.table_name,
      loserSide === "local" ? conflict.local_version : conflict.cloud_version,
    );
    const winner = tokenOf(
      conflict.table_name,
      loserSide === "local" ? conflict.cloud_version : conflict.local_version,
    );
    const loserWrite = loser ? byToken.get(loser) : undefined;
    // The farm's own version was written by its writer; the cloud's by the cloud or another site (never this one).
    const writtenOnLosingSide =
      loserSide === "local"
        ? loserWrite?.side === conflict.farm.writer
        : loserWrite !== undefined && loserWrite.side !== conflict.farm.writer;
    if (loser !== null && !writtenOnLosingSide)
      failures.push(
        `conflict on ${at}: the losing ${loserSide} version ${loser} was written by ${loserWrite?.side ?? "nobody"}`,
      );
    if (loser && winner && descends(winner, loser))
      failures.push(
        `false conflict on ${at}: the winning version ${winner} was written after seeing ${loser}`,
      );
  }
  for (const farm of farms) {
    const recorded = conflicts.filter((conflict) => conflict.farm === farm).length;
    if (farm.reportedConflicts !== undefined && farm.reportedConflicts !== recorded)
      failures.push(
        `the service${where(farm)} reports ${farm.reportedConflicts} conflicts, sync_conflicts holds ${recorded}`,
      );
  }

  return {
    failures,
    figures: {
      writes: writes.length,
      readings: farms.reduce((sum, farm) => sum + farm.acknowledgedReadings.length, 0),
      conflicts: conflicts.length,
      overwrittenWrites,
    },
  };
}

/** Rows of other organizations on a farm: per synced table, and in its conflicts table. */
async function foreignRows(db: Pool, organizationId: string): Promise<string[]> {
  const found: string[] = [];
  for (const table of [...SYNCED_TABLES, { name: "sync_conflicts", organization: "organization_id" }]) {
    const { rows } = await db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM "${table.name}" WHERE "${table.organization}" IS DISTINCT FROM $1`,
      [organizationId],
    );
    if (rows[0]!.n > 0) found.push(`${table.name} ${rows[0]!.n}`);
  }
  return found;
}

/** The written tables' rows on one side (already checked equal to the other's): token and tombstone per row. */
async function finalVersions(
  db: Pool,
  tables: readonly WrittenTable[],
): Promise<Map<string, { token: string; deleted: boolean }>> {
  const finals = new Map<string, { token: string; deleted: boolean }>();
  for (const table of tables) {
    const { rows } = await db.query<{ id: string; token: string; deleted: boolean }>(
      `SELECT id::text, ${TOKEN_COLUMNS[table]} AS token, deleted_at IS NOT NULL AS deleted FROM ${table}`,
    );
    for (const row of rows) finals.set(`${table}/${row.id}`, { token: row.token, deleted: row.deleted });
  }
  return finals;
}

/**
 * For a schedule that did not converge: every row that differs between the sides, with its version record on
 * each side, the change entries that still name it and both sides' cursors, so a failure says where the
 * protocol lost track of the row.
 */
export async function describeDivergence(local: Pool, cloud: Pool, organizationId: string): Promise<string> {
  const lines: string[] = [];
  const tables = new Set((await divergentTables(local, cloud, organizationId)).map((t) => t.split(" ")[0]));
  for (const table of SYNCED_TABLES.filter((t) => tables.has(t.name))) {
    const rowsOf = async (db: Pool) =>
      new Map(
        (
          await db.query<{ id: string; row: Record<string, unknown> }>(
            `SELECT t."${table.key}"::text AS id, to_jsonb(t) AS row FROM "${table.name}" t WHERE t."${table.organization}" = $1`,
            [organizationId],
          )
        ).rows.map((r) => [r.id, r.row]),
      );
    const [farmRows, cloudRows] = await Promise.all([rowsOf(local), rowsOf(cloud)]);
    for (const id of new Set([...farmRows.keys(), ...cloudRows.keys()])) {
      const farmRow = farmRows.get(id);
      const cloudRow = cloudRows.get(id);
      if (JSON.stringify(farmRow) === JSON.stringify(cloudRow)) continue;
      const columns = new Set([...Object.keys(farmRow ?? {}), ...Object.keys(cloudRow ?? {})]);
      const differing = [...columns].filter(
        (c) => JSON.stringify(farmRow?.[c]) !== JSON.stringify(cloudRow?.[c]),
      );
      lines.push(`${table.name}/${id}:`);
      for (const column of differing)
        lines.push(
          `  ${column}: farm ${JSON.stringify(farmRow?.[column])} cloud ${JSON.stringify(cloudRow?.[column])}`,
        );
      for (const [side, db] of [
        ["farm", local],
        ["cloud", cloud],
      ] as const) {
        const version = await db.query(
          "SELECT hlc::text, base_hlc::text, origin, deleted FROM sync_row_versions WHERE table_name = $1 AND row_id = $2",
          [table.name, id],
        );
        lines.push(`  ${side} version: ${JSON.stringify(version.rows[0] ?? null)}`);
        const entries = await db.query(
          `SELECT xid::text, seq, hlc::text, origin, deleted, created_at FROM sync_changes
           WHERE table_name = $1 AND row_id = $2 ORDER BY xid, seq`,
          [table.name, id],
        );
        for (const entry of entries.rows) lines.push(`  ${side} entry: ${JSON.stringify(entry)}`);
      }
    }
  }
  for (const [side, db] of [
    ["farm", local],
    ["cloud", cloud],
  ] as const) {
    const cursors = await db.query("SELECT site_id, stream, xid::text, seq, updated_at FROM sync_cursors");
    const now = await db.query(
      `SELECT pg_current_snapshot()::text AS snapshot, (SELECT seen_hlc::text FROM sync_settings) AS seen_hlc,
              (SELECT max(seq) FROM sync_changes) AS max_seq`,
    );
    lines.push(`${side} cursors: ${JSON.stringify(cursors.rows)}; now ${JSON.stringify(now.rows[0])}`);
  }
  return lines.join("\n");
}
