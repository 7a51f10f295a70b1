/**
 * Runs a command the way a user runs it, as a child process, and measures its wall time and peak memory.
 *
 * Peak memory is the child's maximum resident set size as the kernel accounts it when the child is reaped
 * (`getrusage`'s `ru_maxrss`), read through GNU time (`/usr/bin/time -f %M`): exact, unlike polling
 * `/proc/<pid>/status`, which can miss a peak between two polls and the last moments before exit.
 */
import { spawnSync } from "node:child_process";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type ProcessOutput, runProcess } from "../test/helpers/child-process.ts";

const GNU_TIME = "/usr/bin/time";

export interface ProcessRun extends ProcessOutput {
  /** From start to exit, seen from the parent: process start-up included. */
  readonly wallMilliseconds: number;
  /** Peak resident set size; undefined where GNU time is not installed. */
  readonly peakResidentBytes: number | undefined;
}

/** Whether GNU time runs here (the memory probe), checked once. */
export const peakMemoryProbe: { readonly available: boolean; readonly description: string } = (() => {
  const probe = spawnSync(GNU_TIME, ["-f", "%M", "true"], { encoding: "utf8" });
  const available = probe.status === 0 && /^\d+\s*$/.test(probe.stderr);
  return {
    available,
    description: available
      ? `peak RSS as GNU time reports it (${GNU_TIME} -f %M: the kernel's ru_maxrss of the reaped child)`
      : `peak RSS not measured: ${GNU_TIME} (GNU time) is not installed`,
  };
})();

export async function measureProcess(
  command: string,
  args: readonly string[],
  cwd?: string,
): Promise<ProcessRun> {
  if (!peakMemoryProbe.available) {
    const started = performance.now();
    const output = await runProcess(command, args, cwd);
    return { ...output, wallMilliseconds: performance.now() - started, peakResidentBytes: undefined };
  }
  const directory = await mkdtemp(join(tmpdir(), "ecs-guardrails-time-"));
  try {
    const report = join(directory, "time.txt");
    // -o keeps GNU time's report out of the child's stderr; the child's exit code passes through.
    const started = performance.now();
    const output = await runProcess(GNU_TIME, ["-f", "%M", "-o", report, command, ...args], cwd);
    const wallMilliseconds = performance.now() - started;
    // GNU time writes "Command exited with non-zero status N" before the format's line when the child fails.
    const kibibytes = Number((await readFile(report, "utf8")).trimEnd().split("\n").at(-1));
    if (!Number.isInteger(kibibytes)) throw new Error(`unreadable GNU time report for ${command}`);
    return { ...output, wallMilliseconds, peakResidentBytes: kibibytes * 1024 };
  } finally {
    await rm(directory, { recursive: true, force: true });
  }
}
