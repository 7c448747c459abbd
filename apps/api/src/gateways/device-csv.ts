/**
 * The device list a gateway is provisioned from: CSV with columns `device_eui,name,field_id,decoder` and, for
 * `direct` devices (no decoder; they publish readings themselves), `kind`. Every row is checked and every bad
 * cell named (`rows[i].column`, i counting data rows from 0), so a 200-row sheet is fixed in one pass.
 */
import {
  DEVICE_DECODER_NAMES,
  type DeviceDecoderName,
  LORAWAN_DECODERS,
  SENSOR_KIND_NAMES,
  type SensorKind,
} from "@unicorn/contracts";
import { errors } from "@unicorn/http";
import { parse } from "csv-parse/sync";

export interface DeviceRow {
  deviceEui: string;
  name: string;
  fieldId: string;
  decoder: DeviceDecoderName;
  /** The sensors to create for it: one per measurement kind its decoder yields (or its `kind`). */
  kinds: SensorKind[];
}

export interface CellError {
  field: string;
  detail: string;
}

export const MAX_DEVICE_ROWS = 1_000;
const REQUIRED_COLUMNS = ["device_eui", "name", "field_id", "decoder"] as const;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const EUI64 = /^[0-9a-f]{16}$/i;
// A direct device's name is a topic-safe identifier (no /, +, # or spaces).
const DEVICE_NAME = /^[A-Za-z0-9_.-]{1,64}$/;

const decoderKinds = (decoder: DeviceDecoderName): SensorKind[] =>
  decoder === "direct" ? [] : [...new Set(LORAWAN_DECODERS[decoder].measurements.map((m) => m.kind))];

/** Rows read and checked; `errors` lists every bad cell (the rows are then not to be used). */
export function readDeviceCsv(text: string): { rows: DeviceRow[]; errors: CellError[] } {
  let records: Record<string, string>[];
  try {
    records = parse(text, {
      columns: (header: string[]) => header.map((h) => h.trim().toLowerCase()),
      skip_empty_lines: true,
      trim: true,
      max_record_size: 4_096,
      // One record past the cap is enough to refuse the sheet: the rest of a 1 MB body is never parsed.
      to: MAX_DEVICE_ROWS + 1,
    }) as Record<string, string>[];
  } catch (error) {
    throw errors.badRequest(`CSV could not be parsed: ${(error as Error).message}`, "body");
  }
  if (records.length === 0) throw errors.badRequest("the CSV has no device rows", "body");
  if (records.length > MAX_DEVICE_ROWS)
    throw errors.badRequest(`at most ${MAX_DEVICE_ROWS} devices per upload; this sheet has more`, "body");
  const missing = REQUIRED_COLUMNS.filter((column) => !(column in records[0]!));
  if (missing.length > 0)
    throw errors.badRequest(
      `the CSV needs the columns ${REQUIRED_COLUMNS.join(",")}; missing ${missing.join(", ")}`,
      "body",
    );

  const rows: DeviceRow[] = [];
  const cellErrors: CellError[] = [];
  const seen = new Map<string, number>();
  records.forEach((record, index) => {
    const bad = (column: string, detail: string) =>
      cellErrors.push({ field: `rows[${index}].${column}`, detail });
    const decoder = record.decoder as DeviceDecoderName;
    const knownDecoder = (DEVICE_DECODER_NAMES as readonly string[]).includes(record.decoder ?? "");
    if (!knownDecoder) bad("decoder", `must be one of ${DEVICE_DECODER_NAMES.join(", ")}`);
    const eui = (record.device_eui ?? "").toLowerCase();
    if (knownDecoder && decoder !== "direct" && !EUI64.test(eui))
      bad("device_eui", "must be the device's 16-hex-digit DevEUI");
    else if (knownDecoder && decoder === "direct" && !DEVICE_NAME.test(eui))
      bad("device_eui", "must be 1-64 letters, digits, '_', '.' or '-'");
    else if (seen.has(eui)) bad("device_eui", `repeats row ${seen.get(eui)}`);
    seen.set(eui, index);
    const name = record.name ?? "";
    if (name.length < 1 || name.length > 200) bad("name", "must be 1-200 characters");
    if (!UUID.test(record.field_id ?? "")) bad("field_id", "must be a field's UUID");
    let kinds = knownDecoder ? decoderKinds(decoder) : [];
    if (knownDecoder && decoder === "direct") {
      if (!(SENSOR_KIND_NAMES as string[]).includes(record.kind ?? ""))
        bad("kind", `a direct device needs a kind: one of ${SENSOR_KIND_NAMES.join(", ")}`);
      else kinds = [record.kind as SensorKind];
    }
    rows.push({ deviceEui: eui, name, fieldId: (record.field_id ?? "").toLowerCase(), decoder, kinds });
  });
  return { rows, errors: cellErrors };
}
