/**
 * `npm run bench [id ...]`: runs each benchmark in its own process, one after another (they would disturb
 * each other's timings in parallel), prints the tables and writes `docs/BENCHMARKS.md` when all ran.
 */
import { spawnSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import { cpus, totalmem } from "node:os";
import { fileURLToPath } from "node:url";
import { BENCHMARK_IDS, type BenchmarkId, isBenchmarkId } from "./benchmarks.ts";
import { renderPage, renderSection } from "./render.ts";
import type { BenchmarkResult } from "./result.ts";
import { formatBytes } from "./statistics.ts";

const RUN_ONE = fileURLToPath(new URL("./run-one.ts", import.meta.url));
const PAGE = fileURLToPath(new URL("../docs/BENCHMARKS.md", import.meta.url));

function runInFreshProcess(id: BenchmarkId): BenchmarkResult {
  const child = spawnSync(process.execPath, ["--expose-gc", RUN_ONE, id], {
    encoding: "utf8",
    stdio: ["ignore", "pipe", "inherit"],
    maxBuffer: 64 * 1024 * 1024,
  });
  if (child.status !== 0) throw new Error(`benchmark ${id} exited with ${child.status ?? child.signal}`);
  const lastLine = child.stdout.trimEnd().split("\n").at(-1) ?? "";
  return JSON.parse(lastLine) as BenchmarkResult;
}

const requested = process.argv.slice(2);
const unknown = requested.filter((id) => !isBenchmarkId(id));
if (unknown.length > 0) {
  console.error(`unknown benchmark(s): ${unknown.join(", ")}; known: ${BENCHMARK_IDS.join(", ")}`);
  process.exit(2);
}
const selected = requested.length === 0 ? BENCHMARK_IDS : requested.filter(isBenchmarkId);

const results: BenchmarkResult[] = [];
for (const id of selected) {
  console.error(`bench: ${id} …`);
  const result = runInFreshProcess(id);
  results.push(result);
  console.log(`${renderSection(result)}\n`);
}

if (selected.length === BENCHMARK_IDS.length) {
  const page = renderPage(results, {
    date: new Date().toISOString().slice(0, 10),
    nodeVersion: process.versions.node,
    cpu: cpus()[0]?.model ?? "unknown CPU",
    cores: cpus().length,
    memory: `${formatBytes(totalmem())} memory`,
  });
  writeFileSync(PAGE, page);
  console.error(`bench: wrote ${PAGE}`);
} else {
  console.error("bench: a partial run does not rewrite docs/BENCHMARKS.md");
}
