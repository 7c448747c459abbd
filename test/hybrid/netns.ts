/**
 * Throw-away network namespaces for tests (root only): each namespace, veth link, resolv.conf and process a test
 * makes is recorded here and removed by `teardown()`, also when the test failed half-way.
 */
import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdirSync, rmSync, writeFileSync } from "node:fs";

export const canUseNamespaces = (): string | undefined => {
  if (process.getuid?.() !== 0) return "needs root (ip netns)";
  try {
    execFileSync("ip", ["netns", "list"], { stdio: "ignore" });
  } catch {
    return "the ip command (iproute2) is missing";
  }
  return undefined;
};

const ip = (...args: string[]) => execFileSync("ip", args, { stdio: ["ignore", "ignore", "pipe"] });

export class Namespaces {
  /** Short random part of every name, so parallel runs never collide (interface names stop at 15 characters). */
  readonly id = randomBytes(2).toString("hex");
  private readonly made: string[] = [];
  private readonly children: ChildProcess[] = [];

  constructor(private readonly prefix: string) {}

  /** A namespace with loopback up; `resolver` becomes its /etc/resolv.conf (ip netns exec bind-mounts it). */
  add(role: string, resolver?: string): string {
    const name = `${this.prefix}-${this.id}-${role}`;
    ip("netns", "add", name);
    this.made.push(name);
    ip("-n", name, "link", "set", "lo", "up");
    if (resolver) {
      mkdirSync(`/etc/netns/${name}`, { recursive: true });
      writeFileSync(
        `/etc/netns/${name}/resolv.conf`,
        `nameserver ${resolver}\noptions timeout:1 attempts:1\n`,
      );
    }
    return name;
  }

  /** A veth pair between two namespaces, each end with its address (CIDR notation) and up. */
  link(a: string, aAddress: string, b: string, bAddress: string, tag: string): { a: string; b: string } {
    const ends = { a: `${this.prefix}${this.id}${tag}a`, b: `${this.prefix}${this.id}${tag}b` };
    ip("link", "add", ends.a, "netns", a, "type", "veth", "peer", "name", ends.b, "netns", b);
    ip("-n", a, "addr", "add", aAddress, "dev", ends.a);
    ip("-n", b, "addr", "add", bAddress, "dev", ends.b);
    ip("-n", a, "link", "set", ends.a, "up");
    ip("-n", b, "link", "set", ends.b, "up");
    return ends;
  }

  setLink(namespace: string, device: string, state: "up" | "down"): void {
    ip("-n", namespace, "link", "set", device, state);
  }

  /** A long-running process inside a namespace; killed by teardown. */
  spawn(namespace: string, command: string, args: string[], env: Record<string, string> = {}): ChildProcess {
    const child = spawn("ip", ["netns", "exec", namespace, command, ...args], {
      env: { ...process.env, ...env },
      stdio: ["ignore", "ignore", "pipe"],
    });
    // Drained unless the caller listens: a chatty daemon must never block on a full pipe.
    child.stderr!.resume();
    this.children.push(child);
    return child;
  }

  /** A short command inside a namespace, bounded in time; its stdout. */
  run(namespace: string, command: string, args: string[], timeoutMs = 10_000): string {
    return this.runWith(namespace, command, args, {}, timeoutMs);
  }

  runWith(
    namespace: string,
    command: string,
    args: string[],
    env: Record<string, string>,
    timeoutMs = 10_000,
  ): string {
    return execFileSync("ip", ["netns", "exec", namespace, command, ...args], {
      encoding: "utf8",
      timeout: timeoutMs,
      env: { ...process.env, ...env },
      stdio: ["ignore", "pipe", "pipe"],
    });
  }

  async stop(child: ChildProcess): Promise<void> {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((done) => child.once("exit", done));
    child.kill("SIGTERM");
    await Promise.race([exited, new Promise((done) => setTimeout(done, 3_000))]);
    if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
  }

  async teardown(): Promise<void> {
    for (const child of this.children) await this.stop(child);
    // Deleting a namespace removes the veth ends inside it.
    for (const name of this.made.reverse()) {
      try {
        ip("netns", "delete", name);
      } catch {
        // already gone
      }
      rmSync(`/etc/netns/${name}`, { recursive: true, force: true });
    }
  }
}
