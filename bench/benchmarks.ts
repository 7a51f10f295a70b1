/** The benchmarks `npm run bench` runs, in order; each is a module `bench/<id>.ts` exporting `benchmark`. */
export const BENCHMARK_IDS = [
  "engine-throughput",
  "handler-cost",
  "storm",
  "cold-start",
  "cli-scan",
] as const;

export type BenchmarkId = (typeof BENCHMARK_IDS)[number];

export function isBenchmarkId(value: string): value is BenchmarkId {
  return (BENCHMARK_IDS as readonly string[]).includes(value);
}
