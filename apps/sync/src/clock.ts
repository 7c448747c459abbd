/**
 * Hybrid logical clock (Kulkarni, Demirbas, Madappa, Avva, Leone, "Logical Physical Clocks", OPODIS 2014,
 * Fig. 5), packed into 64 bits as the paper's section 4 suggests: l (physical milliseconds) in the high 48 bits,
 * c (counter) in the low 16. The database computes the same rules in `sync_next_hlc` for every local write;
 * these functions serve the engine (a version it creates when a local version wins a conflict) and the tests.
 */
export const COUNTER_BITS = 16n;

export interface Hlc {
  l: bigint;
  c: bigint;
}

export function pack(hlc: Hlc): bigint {
  return (hlc.l << COUNTER_BITS) | hlc.c;
}

export function unpack(packed: bigint): Hlc {
  return { l: packed >> COUNTER_BITS, c: packed & ((1n << COUNTER_BITS) - 1n) };
}

/** Math.max for bigints. */
// biome-ignore lint/complexity/useMathMinMax: Math.max does not take bigints.
const greatest = (...values: bigint[]): bigint => values.reduce((a, b) => (b > a ? b : a));

/** Send or local event: l' = max(l, pt); c' = c + 1 when l did not move, else 0. */
export function tick(current: Hlc, physicalMs: bigint): Hlc {
  const l = greatest(current.l, physicalMs);
  return { l, c: l === current.l ? current.c + 1n : 0n };
}

/** Receive event of message m: l' = max(l, l.m, pt); c' by which of them l' came from. */
export function receive(current: Hlc, message: Hlc, physicalMs: bigint): Hlc {
  const l = greatest(current.l, message.l, physicalMs);
  let c = 0n;
  if (l === current.l && l === message.l) c = greatest(current.c, message.c) + 1n;
  else if (l === current.l) c = current.c + 1n;
  else if (l === message.l) c = message.c + 1n;
  return { l, c };
}

/** The engine's wall clock, skewed in tests by UNICORN_SYNC_CLOCK_OFFSET_MS; only status times read it. */
export interface SyncClock {
  now(): Date;
}

export function systemClock(offsetMs = 0): SyncClock {
  return { now: () => new Date(Date.now() + offsetMs) };
}
