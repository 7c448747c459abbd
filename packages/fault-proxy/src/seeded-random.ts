import { uniformFloat64 } from "pure-rand/distribution/uniformFloat64";
import { uniformInt } from "pure-rand/distribution/uniformInt";
import { mersenne } from "pure-rand/generator/mersenne";

/** A reproducible source of randomness: the same seed gives the same sequence on every machine. */
export interface SeededRandom {
  readonly seed: number;
  /** Uniform in [0, 1). */
  next(): number;
  /** Uniform integer in [from, to], both included. */
  int(from: number, to: number): number;
  /** True with probability `p`. */
  chance(p: number): boolean;
  pick<T>(items: readonly T[]): T;
  /** One key of `weights`, drawn with probability proportional to its weight. */
  weighted<K extends string>(weights: Readonly<Record<K, number>>): K;
  /** An independent stream derived from this one (for a sub-task whose draws must not shift the others). */
  fork(): SeededRandom;
}

/**
 * Mersenne Twister (pure-rand) behind a small API; seeds are 32-bit integers so they print and paste easily.
 * MT's seeding spreads neighbouring seeds (a run's schedules use seed, seed + 1, …) over unrelated sequences,
 * where xoroshiro128+ seeded directly starts them almost alike.
 */
export function seededRandom(seed: number): SeededRandom {
  const rng = mersenne(seed | 0);
  const random: SeededRandom = {
    seed,
    next: () => uniformFloat64(rng),
    int: (from, to) => uniformInt(rng, from, to),
    chance: (p) => uniformFloat64(rng) < p,
    pick(items) {
      if (items.length === 0) throw new Error("pick from an empty list");
      return items[uniformInt(rng, 0, items.length - 1)]!;
    },
    weighted(weights) {
      const entries = Object.entries(weights) as [keyof typeof weights, number][];
      const total = entries.reduce((sum, [, weight]) => sum + Math.max(0, weight), 0);
      if (total <= 0) throw new Error("weighted pick needs a positive weight");
      let target = uniformFloat64(rng) * total;
      for (const [key, weight] of entries) {
        target -= Math.max(0, weight);
        if (target < 0) return key;
      }
      return entries.at(-1)![0];
    },
    fork: () => seededRandom(uniformInt(rng, -(2 ** 31), 2 ** 31 - 1)),
  };
  return random;
}

/** The run's seed: UNICORN_TEST_SEED when set (to reproduce a run), otherwise a fresh one. */
export function testSeed(env: NodeJS.ProcessEnv = process.env): number {
  const given = env.UNICORN_TEST_SEED;
  if (given !== undefined && given !== "") {
    const seed = Number(given);
    if (!Number.isInteger(seed)) throw new Error(`UNICORN_TEST_SEED must be an integer, got ${given}`);
    return seed;
  }
  return Math.floor(Math.random() * 2 ** 31);
}
