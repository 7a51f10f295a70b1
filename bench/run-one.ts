/**
 * Runs one benchmark in this process and prints its result as the last line of stdout, so that the runner
 * gives each benchmark a fresh process: a heap, a JIT and module caches no other benchmark has touched.
 */
import { isBenchmarkId } from "./benchmarks.ts";
import type { Benchmark, BenchmarkScale } from "./result.ts";

const [id, scaleArgument = "full"] = process.argv.slice(2);
if (id === undefined || !isBenchmarkId(id)) throw new Error(`unknown benchmark: ${id}`);
const scale: BenchmarkScale = scaleArgument === "smoke" ? "smoke" : "full";

const module = (await import(`./${id}.ts`)) as { readonly benchmark: Benchmark };
const result = await module.benchmark({ scale });
process.stdout.write(`\n${JSON.stringify(result)}\n`);
