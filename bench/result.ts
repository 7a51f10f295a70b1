/**
 * What every benchmark returns: absolute figures beside a baseline measured in the same run, and a target
 * stated as a ratio, because this machine is shared and noisy.
 */

/** How large a run is: `full` for `npm run bench`, `smoke` for the test that keeps each benchmark working. */
export type BenchmarkScale = "full" | "smoke";

export interface BenchmarkOptions {
  readonly scale: BenchmarkScale;
}

export interface BenchmarkTarget {
  /** The target as the issue states it: "≥ 0.2 of the baseline". */
  readonly text: string;
  readonly met: boolean;
}

export interface BenchmarkRow {
  /** What was measured: "Task definitions per second, one core". */
  readonly measure: string;
  /** The absolute figure, formatted: "212,400/s". */
  readonly value: string;
  /** The same measure for the baseline of this run, formatted, naming the baseline. */
  readonly baseline?: string;
  /** value ÷ baseline (or the ratio the target is stated in). */
  readonly ratio?: number;
  readonly target?: BenchmarkTarget;
}

export interface BenchmarkResult {
  /** The module's name under `bench/`: "engine-throughput". */
  readonly id: string;
  /** "Policy evaluation throughput" */
  readonly title: string;
  readonly rows: readonly BenchmarkRow[];
  /** Sentences under the table: corpus, method, and why a missed target was missed. */
  readonly notes: readonly string[];
}

/** A benchmark module's one export. */
export type Benchmark = (options: BenchmarkOptions) => Promise<BenchmarkResult>;
