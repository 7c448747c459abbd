import type { FaultKind, FaultMode, FaultProxy } from "./fault-proxy";
import type { SeededRandom } from "./seeded-random";

/** How often each kind of fault is drawn; the defaults favour a link that mostly works. */
export const DEFAULT_FAULT_WEIGHTS: Readonly<Record<FaultKind, number>> = {
  pass: 3,
  delay: 2,
  throttle: 1,
  stall: 1,
  "black-hole": 1,
  cut: 1,
  reset: 1,
};

/**
 * A fault drawn from `random`: delays of 5-250 ms with up to 100 ms jitter (a geostationary satellite
 * hop is about 250 ms one way), throttles of 16 KiB/s to 1 MiB/s.
 */
export function randomFaultMode(
  random: SeededRandom,
  weights: Readonly<Partial<Record<FaultKind, number>>> = DEFAULT_FAULT_WEIGHTS,
): FaultMode {
  const kind = random.weighted(weights as Record<FaultKind, number>);
  switch (kind) {
    case "delay":
      return { kind, latencyMs: random.int(5, 250), jitterMs: random.int(0, 100) };
    case "throttle":
      return { kind, bytesPerSecond: 1024 * random.int(16, 1024) };
    default:
      return { kind };
  }
}

export interface RandomFaultsOptions {
  random: SeededRandom;
  /** How long each drawn mode holds, uniform in [min, max] ms. */
  holdMs: [number, number];
  weights?: Readonly<Partial<Record<FaultKind, number>>>;
  /** Upper bound on the number of modes drawn. */
  maxSteps: number;
}

export interface RandomFaults {
  /** Stops drawing and heals the link (pass); resolves once the loop has ended. */
  stop(): Promise<void>;
}

/** Switches the proxy to a freshly drawn mode every hold period until stopped or out of steps. */
export function startRandomFaults(proxy: FaultProxy, options: RandomFaultsOptions): RandomFaults {
  let stopped = false;
  let wake: (() => void) | undefined;
  const loop = (async () => {
    for (let step = 0; step < options.maxSteps && !stopped; step++) {
      proxy.setMode(randomFaultMode(options.random, options.weights));
      const hold = options.random.int(options.holdMs[0], options.holdMs[1]);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, hold);
        wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
    }
    proxy.setMode({ kind: "pass" });
  })();
  return {
    async stop() {
      stopped = true;
      wake?.();
      await loop;
    },
  };
}

/** One line per mode change, for a failure message. */
export function describeFaultLog(proxy: FaultProxy): string {
  return proxy
    .log()
    .map(({ atMs, mode }) => {
      const { kind, ...parameters } = mode;
      const detail = Object.entries(parameters)
        .map(([key, value]) => `${key}=${value}`)
        .join(" ");
      return `${String(atMs).padStart(7)} ms ${kind}${detail ? ` ${detail}` : ""}`;
    })
    .join("\n");
}
