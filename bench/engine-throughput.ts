/**
 * Issue 7, item 1: the catalog over task definitions, services and clusters, from already-parsed API JSON
 * through normalization to verdicts with evidence, as the scanner, the event routes and the sweep run it
 * (`…FromApi`, then `evaluatePolicies`). The baseline of the same run checks the same task definitions with
 * the same rules written as bare predicates (bench/bare-predicates.ts).
 */
import { EMPTY_CONFIG } from "../shared/engine/config.ts";
import { evaluatePolicies } from "../shared/engine/evaluate.ts";
import { clusterFromApi } from "../shared/model/cluster.ts";
import { serviceFromApi } from "../shared/model/service.ts";
import { taskDefinitionFromApi } from "../shared/model/task-definition.ts";
import type { Resource } from "../shared/model/types.ts";
import type { Policy } from "../shared/policies/define-policy.ts";
import { policies } from "../shared/policies/index.ts";
import { BARE_PREDICATES, WITHOUT_BARE_PREDICATE } from "./bare-predicates.ts";
import {
  type DescribedTaskDefinition,
  generatedClusters,
  generatedServices,
  generatedTaskDefinitions,
  generatedTaskDefinitionsWithContainers,
  realTaskDefinitions,
} from "./engine-corpus.ts";
import type { Benchmark, BenchmarkRow, BenchmarkScale } from "./result.ts";
import { formatCount, formatMicroseconds, formatRate, median, percentile } from "./statistics.ts";

const SEED = 7;
const TARGET_RATIO = 0.2;
/** The day exemptions are judged on, fixed as the scanner fixes it once per run. */
const TODAY = "2025-06-01";

interface Size {
  readonly taskDefinitions: number;
  readonly services: number;
  readonly clusters: number;
  /** Task definitions per container count in the growth series. */
  readonly perContainerCount: number;
  readonly warmUpRounds: number;
  readonly rounds: number;
}

const SIZES: Readonly<Record<BenchmarkScale, Size>> = {
  full: {
    taskDefinitions: 2000,
    services: 500,
    clusters: 200,
    perContainerCount: 400,
    warmUpRounds: 3,
    rounds: 15,
  },
  smoke: {
    taskDefinitions: 60,
    services: 20,
    clusters: 10,
    perContainerCount: 10,
    warmUpRounds: 1,
    rounds: 2,
  },
};

const CONTAINER_COUNTS = [1, 2, 5, 10] as const;
const POLICY_COUNTS = [10, 20, 30] as const;

type Normalizer = (document: unknown) => Resource;

/** The work one resource costs in production: normalize it, then every enabled policy of its kind. */
function judge(catalog: readonly Policy[], normalize: Normalizer, document: unknown): number {
  const resource = normalize(document);
  const verdicts = evaluatePolicies(catalog, resource, {
    config: EMPTY_CONFIG,
    today: TODAY,
    resourceId: resource.arn ?? "benchmark",
  });
  return verdicts.reduce((failed, verdict) => failed + (verdict.status === "FAILED" ? 1 : 0), 0);
}

function judgeAll(catalog: readonly Policy[], normalize: Normalizer, documents: readonly unknown[]): number {
  let failed = 0;
  for (const document of documents) failed += judge(catalog, normalize, document);
  return failed;
}

function checkBare(
  predicates: readonly ((taskDefinition: DescribedTaskDefinition) => boolean)[],
  documents: readonly DescribedTaskDefinition[],
): number {
  let failed = 0;
  for (const document of documents) for (const predicate of predicates) if (predicate(document)) failed += 1;
  return failed;
}

function collectGarbage(): void {
  (globalThis as { gc?: () => void }).gc?.();
}

/** Milliseconds of each measured round, after unmeasured warm-up rounds; `result` of the last one. */
function rounds(
  size: Size,
  work: () => number,
): { readonly milliseconds: number[]; readonly result: number } {
  let result = 0;
  for (let round = 0; round < size.warmUpRounds; round += 1) result = work();
  const milliseconds: number[] = [];
  for (let round = 0; round < size.rounds; round += 1) {
    collectGarbage();
    const started = process.hrtime.bigint();
    result = work();
    milliseconds.push(Number(process.hrtime.bigint() - started) / 1e6);
  }
  return { milliseconds, result };
}

/**
 * Two workloads measured in alternating rounds, so that a burst of load on this shared machine slows both
 * sides of a ratio alike.
 */
function alternatingRounds(size: Size, first: () => number, second: () => number) {
  const results = [0, 0];
  for (let round = 0; round < size.warmUpRounds; round += 1) [results[0], results[1]] = [first(), second()];
  const milliseconds: [number[], number[]] = [[], []];
  for (let round = 0; round < size.rounds; round += 1) {
    [first, second].forEach((work, side) => {
      collectGarbage();
      const started = process.hrtime.bigint();
      results[side] = work();
      milliseconds[side]?.push(Number(process.hrtime.bigint() - started) / 1e6);
    });
  }
  return [
    { milliseconds: milliseconds[0], result: results[0] ?? 0 },
    { milliseconds: milliseconds[1], result: results[1] ?? 0 },
  ] as const;
}

/** Items per second of the median round. */
function ratePerSecond(items: number, milliseconds: readonly number[]): number {
  return (items * 1000) / median(milliseconds);
}

/** Microseconds of each single resource's evaluation, over every measured round. */
function microsecondsEach(
  size: Size,
  catalog: readonly Policy[],
  normalize: Normalizer,
  documents: readonly unknown[],
) {
  for (let round = 0; round < size.warmUpRounds; round += 1) judgeAll(catalog, normalize, documents);
  const samples: number[] = [];
  for (let round = 0; round < size.rounds; round += 1) {
    collectGarbage();
    for (const document of documents) {
      const started = process.hrtime.bigint();
      judge(catalog, normalize, document);
      samples.push(Number(process.hrtime.bigint() - started) / 1e3);
    }
  }
  return { median: median(samples), p99: percentile(samples, 0.99) };
}

function progress(message: string): void {
  process.stderr.write(`engine-throughput: ${message}\n`);
}

export const benchmark: Benchmark = async ({ scale }) => {
  const size = SIZES[scale];
  const real = realTaskDefinitions();
  const taskDefinitions = [...real, ...generatedTaskDefinitions(SEED, size.taskDefinitions)];
  const services = generatedServices(SEED, size.services);
  const clusters = generatedClusters(SEED, size.clusters);
  const taskDefinitionPolicies = policies.filter((policy) => policy.resource === "TaskDefinition");
  const compared = taskDefinitionPolicies.filter((policy) => BARE_PREDICATES[policy.id] !== undefined);
  const predicates = compared.map((policy) => BARE_PREDICATES[policy.id] as (typeof BARE_PREDICATES)[string]);
  const count = taskDefinitions.length;

  progress(`full catalog over ${count} task definitions`);
  const catalog = rounds(size, () => judgeAll(policies, taskDefinitionFromApi, taskDefinitions));
  const catalogRate = ratePerSecond(count, catalog.milliseconds);

  progress(`engine against bare predicates, ${compared.length} rules`);
  const [engine, bare] = alternatingRounds(
    size,
    () => judgeAll(compared, taskDefinitionFromApi, taskDefinitions),
    () => checkBare(predicates, taskDefinitions),
  );
  const engineRate = ratePerSecond(count, engine.milliseconds);
  const bareRate = ratePerSecond(count, bare.milliseconds);
  const ratio = engineRate / bareRate;

  progress("microseconds per resource");
  const perKind = [
    {
      kind: "task definition",
      timing: microsecondsEach(size, policies, taskDefinitionFromApi, taskDefinitions),
    },
    { kind: "service", timing: microsecondsEach(size, policies, serviceFromApi, services) },
    { kind: "cluster", timing: microsecondsEach(size, policies, clusterFromApi, clusters) },
  ];

  progress("growth with containers per task definition");
  const byContainers = CONTAINER_COUNTS.map((containers) => {
    const documents = generatedTaskDefinitionsWithContainers(SEED, size.perContainerCount, containers);
    const timing = rounds(size, () => judgeAll(policies, taskDefinitionFromApi, documents));
    return { containers, rate: ratePerSecond(documents.length, timing.milliseconds) };
  });

  progress("growth with the number of policies");
  const byPolicies = [...POLICY_COUNTS, taskDefinitionPolicies.length].map((policyCount) => {
    const subset = taskDefinitionPolicies.slice(0, policyCount);
    const timing = rounds(size, () => judgeAll(subset, taskDefinitionFromApi, taskDefinitions));
    return { policyCount, rate: ratePerSecond(count, timing.milliseconds) };
  });

  const rows: BenchmarkRow[] = [
    {
      measure: `Task definitions per second, one core, whole catalog (${policies.length} policies, ${taskDefinitionPolicies.length} for task definitions)`,
      value: formatRate(catalogRate, "task definitions"),
    },
    {
      measure: `Task definitions per second, the ${compared.length} TaskDefinition rules that have a bare predicate`,
      value: formatRate(engineRate, "task definitions"),
      baseline: `bare predicates: ${formatRate(bareRate, "task definitions")}`,
      ratio,
      target: { text: `≥ ${TARGET_RATIO} of the baseline`, met: ratio >= TARGET_RATIO },
    },
    ...perKind.map(({ kind, timing }) => ({
      measure: `µs per ${kind}, median / p99`,
      value: `${formatMicroseconds(timing.median)} / ${formatMicroseconds(timing.p99)}`,
    })),
    ...byContainers.map(({ containers, rate }) => ({
      measure: `Task definitions per second with ${containers} container${containers === 1 ? "" : "s"} each`,
      value: `${formatRate(rate, "task definitions")} (${formatMicroseconds(1e6 / rate)} each)`,
    })),
    ...byPolicies.map(({ policyCount, rate }) => ({
      measure: `Task definitions per second with ${policyCount} TaskDefinition policies`,
      value: `${formatRate(rate, "task definitions")} (${formatMicroseconds(1e6 / rate)} each)`,
    })),
  ];

  const notes = [
    `Corpus: ${formatCount(real.length)} real task definitions from ../shared/data/taskdefs${real.length === 0 ? " (absent in this run)" : ""} and ${formatCount(size.taskDefinitions)} generated ones (seed ${SEED}, 1–4 containers, DescribeTaskDefinition JSON of a few kilobytes), ${formatCount(size.services)} generated services and ${formatCount(size.clusters)} clusters, all already parsed.`,
    "Engine: each resource goes through its production normalizer (taskDefinitionFromApi, serviceFromApi, clusterFromApi) and evaluatePolicies with the default config, as the scanner, the event routes and the sweep call them, verdicts with rendered evidence included.",
    `Method: ${size.warmUpRounds} unmeasured warm-up rounds, then ${size.rounds} measured rounds over the whole corpus (garbage collected between rounds; engine and baseline rounds alternate); rates are from the median round; µs per resource times each evaluation alone over every round, so its p99 includes garbage collection and the load of this shared machine.`,
    `Baseline: bench/bare-predicates.ts, the same rules as plain functions over the raw JSON returning booleans; its test proves each predicate fails exactly the corpus items the engine fails. In this run the engine found ${formatCount(engine.result)} failures and the predicates ${formatCount(bare.result)}${engine.result === bare.result ? ", the same" : ", which differ: the comparison is void"}.`,
    ...Object.entries(WITHOUT_BARE_PREDICATE).map(
      ([id, reason]) => `Left out of both sides of the ratio: ${id}, which ${reason}.`,
    ),
    `Policy counts take the first TaskDefinition policies in registry (alphabetical) order.`,
    ...(ratio >= TARGET_RATIO
      ? []
      : [
          `Target missed: the engine reaches ${ratio.toFixed(2)} of the bare predicates. By CPU profile, normalization dominates (about a third of the engine's time: readFields builds every record through Object.entries/fromEntries, and member() escapes a JSON pointer for every field read, present or not), then verdict building (renderMessage's regular expression on every evidence message, parametersOf per policy per resource, a Set per status) and garbage collection; the rules themselves cost the same on both sides.`,
        ]),
  ];

  return { id: "engine-throughput", title: "Policy evaluation throughput", rows, notes };
};
