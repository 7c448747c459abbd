/**
 * Progress of long steps on stderr: one line per step, with percent and throughput at most every few seconds
 * (a terminal or a log file reads the same).
 */
export interface ByteTask {
  update(bytes: number): void;
  finish(): void;
}

export interface Progress {
  step(message: string): void;
  bytes(label: string, total: number): ByteTask;
}

const MB = 1e6;

export function consoleProgress(
  write: (line: string) => void = (line) => process.stderr.write(`${line}\n`),
): Progress {
  return {
    step: (message) => write(`• ${message}`),
    bytes(label, total) {
      const started = Date.now();
      let last = started;
      let seen = 0;
      const line = (bytes: number) => {
        const seconds = (Date.now() - started) / 1000;
        const percent = total > 0 ? ` ${Math.min(100, Math.round((bytes / total) * 100))}%` : "";
        return `  ${label}${percent} (${(bytes / MB).toFixed(0)} of ${(total / MB).toFixed(0)} MB, ${(bytes / MB / Math.max(seconds, 0.001)).toFixed(0)} MB/s)`;
      };
      return {
        update(bytes) {
          seen = bytes;
          const now = Date.now();
          if (now - last >= 3_000) {
            last = now;
            write(line(bytes));
          }
        },
        finish() {
          write(`${line(seen)} done in ${((Date.now() - started) / 1000).toFixed(1)} s`);
        },
      };
    },
  };
}
