/**
 * Readings ingestion for other services (the MQTT ingest service): the same parsers, validation and
 * transactional insert the HTTP routes use, so a reading means the same thing whichever way it arrives.
 */
export type { Principal } from "../auth/principal";
export { createIngestMetrics } from "./ingest-metrics";
export { type RawReading, readingsFromJson, readingsFromNdjson } from "./ingest-parsers";
export { insertAndRollUpSql, ReadingsRepository, rollUpSql } from "./readings.repository";
export { type IngestMetrics, ReadingsService } from "./readings.service";
export { fieldSensorForKind, readingsFromCsv } from "./readings-csv";
export { type AcceptedReadingWindow, acceptedReadingWindow } from "./retention-policy";
export { SensorDirectory } from "./sensor-directory";
export { SensorDirectoryRepository, type SensorInfo } from "./sensor-directory.repository";
