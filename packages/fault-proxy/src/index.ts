export {
  type FaultKind,
  type FaultLogEntry,
  type FaultMode,
  type FaultProxy,
  type FaultProxyOptions,
  type FaultProxyStats,
  startFaultProxy,
} from "./fault-proxy";
export {
  DEFAULT_FAULT_WEIGHTS,
  describeFaultLog,
  type RandomFaults,
  type RandomFaultsOptions,
  randomFaultMode,
  startRandomFaults,
} from "./random-faults";
export { type SeededRandom, seededRandom, testSeed } from "./seeded-random";
