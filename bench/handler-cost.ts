/**
 * Handler cost: one SQS batch of 1,000 records through the deployed handler of a route (functions/*.ts), with
 * every AWS client mocked: wall time, heap, the Security Hub calls against the fewest the findings fit in, and the
 * ECS and EC2 reads against what the events leave to read.
 */

import { runtimeRoute } from "../shared/runtime/runtime-routes.ts";
import { TIME_KEPT_AFTER_PUBLISHING_MILLISECONDS } from "../shared/runtime/sqs-handler.ts";
import {
  apiCallEvent,
  TASK_REVISIONS,
  taskEvent,
  taskNetworkInterfaces,
  taskRevisions,
  throttlingEvent,
} from "./handler-events.ts";
import {
  type AwsCalls,
  countOf,
  ecsAndEc2Reads,
  fewestCalls,
  findingsImported,
  invokeWithBatch,
  type MeasuredRun,
  measureRun,
  mockAccount,
  progress,
  type SqsHandler,
  setFunctionEnvironment,
  takeCalls,
} from "./mocked-aws.ts";
import type { Benchmark, BenchmarkResult, BenchmarkRow, BenchmarkScale } from "./result.ts";
import { formatBytes, formatCount, formatMilliseconds, median } from "./statistics.ts";

interface RouteCase {
  readonly routeId: string;
  /** The deployed function, imported once its environment is set. */
  readonly load: () => Promise<{ readonly handler: SqsHandler }>;
  readonly events: (count: number) => unknown[];
  /** The ECS and EC2 calls the design allows for a batch of `count` records: none, or batched and cached reads. */
  readonly allowedReads: (count: number) => { readonly text: string; readonly calls: number };
}

const NO_READS = () => ({ text: "none: the event carries the state", calls: 0 });

const ROUTES: readonly RouteCase[] = [
  {
    routeId: "ApiCalls",
    load: () => import("../functions/api-calls.ts"),
    events: (count) => Array.from({ length: count }, (_, index) => apiCallEvent(index)),
    allowedReads: NO_READS,
  },
  {
    routeId: "TaskStateChanges",
    load: () => import("../functions/task-state-changes.ts"),
    events: (count) => Array.from({ length: count }, (_, index) => taskEvent(index, "RUNNING", index % 60)),
    // One DescribeNetworkInterfaces per 100 tasks, one DescribeTaskDefinition per revision the batch runs.
    allowedReads: (count) => ({
      text: `batched and cached: ⌈${formatCount(count)} interfaces/100⌉ DescribeNetworkInterfaces + 1 DescribeTaskDefinition per revision (${TASK_REVISIONS})`,
      calls: Math.ceil(count / 100) + TASK_REVISIONS,
    }),
  },
  {
    routeId: "Throttles",
    load: () => import("../functions/throttles.ts"),
    events: (count) => Array.from({ length: count }, (_, index) => throttlingEvent(index)),
    allowedReads: NO_READS,
  },
];

/** What one route's batch cost: the measured runs, and the calls of one of them (every run makes the same). */
export interface RouteCost {
  readonly routeId: string;
  readonly records: number;
  readonly runs: readonly MeasuredRun<void>[];
  readonly calls: AwsCalls;
}

/** Runs each route's batch `warmUps` times unmeasured, then `repetitions` times measured. */
export async function measureRouteCosts(
  records: number,
  warmUps: number,
  repetitions: number,
): Promise<RouteCost[]> {
  const costs: RouteCost[] = [];
  for (const route of ROUTES) {
    setFunctionEnvironment(route.routeId);
    const { handler } = await route.load();
    const events = route.events(records);
    mockAccount({
      securityHubLatencyMilliseconds: 0,
      networkInterfaces: taskNetworkInterfaces(records),
      revisions: taskRevisions(),
    });
    for (let warmUp = 0; warmUp < warmUps; warmUp++) await measureRun(() => invokeWithBatch(handler, events));
    takeCalls();
    const runs: MeasuredRun<void>[] = [];
    let calls: AwsCalls | undefined;
    for (let repetition = 0; repetition < repetitions; repetition++) {
      runs.push(await measureRun(() => invokeWithBatch(handler, events)));
      const made = takeCalls();
      calls ??= made;
    }
    if (calls === undefined) throw new Error("no measured run");
    progress(
      `${route.routeId}: ${formatMilliseconds(median(runs.map((run) => run.wallMilliseconds)))} a batch`,
    );
    costs.push({ routeId: route.routeId, records, runs, calls });
  }
  return costs;
}

function routeRows(cost: RouteCost): BenchmarkRow[] {
  const route = ROUTES.find((candidate) => candidate.routeId === cost.routeId) as RouteCase;
  const findings = findingsImported(cost.calls);
  const importCalls = countOf(cost.calls, "securityhub:BatchImportFindings");
  const reads = ecsAndEc2Reads(cost.calls);
  const readCalls = reads.reduce((total, [, count]) => total + count, 0);
  const allowed = route.allowedReads(cost.records);
  const batch = `${cost.routeId}, ${formatCount(cost.records)} records`;
  return [
    {
      measure: `${batch}: wall time (median of ${cost.runs.length})`,
      value: formatMilliseconds(median(cost.runs.map((run) => run.wallMilliseconds))),
    },
    {
      measure: `${batch}: waits spacing Security Hub calls (recorded, not slept)`,
      value: formatMilliseconds(median(cost.runs.map((run) => run.waitedMilliseconds))),
    },
    {
      measure: `${batch}: heap peak (growth over the collected heap before)`,
      value: `${formatBytes(median(cost.runs.map((run) => run.heapPeakBytes)))} (+${formatBytes(
        median(cost.runs.map((run) => run.heapPeakBytes - run.heapBeforeBytes)),
      )})`,
    },
    {
      measure: `${batch}: Security Hub BatchImportFindings calls`,
      value: `${formatCount(importCalls)} for ${formatCount(findings)} findings`,
      target: {
        text: `exactly ⌈findings/100⌉ = ${formatCount(fewestCalls(findings))}`,
        met: importCalls === fewestCalls(findings),
      },
    },
    {
      measure: `${batch}: ECS/EC2 Describe calls`,
      value:
        readCalls === 0 ? "0" : reads.map(([action, count]) => `${formatCount(count)} ${action}`).join(", "),
      target: {
        text: `${allowed.text}${allowed.calls > 0 ? ` = ${allowed.calls}` : ""}`,
        met: readCalls <= allowed.calls,
      },
    },
  ];
}

/** The batch's time against AWS beside the route's Lambda timeout. */
function againstAws(cost: RouteCost): string {
  const spec = runtimeRoute(cost.routeId).spec;
  const seconds = median(cost.runs.map((run) => run.wallMilliseconds + run.waitedMilliseconds)) / 1000;
  const verdict = seconds > spec.timeoutSeconds ? "beyond" : "within";
  return `${cost.routeId} ${seconds.toFixed(1)} s, ${verdict} its ${spec.timeoutSeconds} s timeout`;
}

function otherReads(costs: readonly RouteCost[]): string {
  return costs
    .map((cost) => {
      const reads = [...cost.calls.byAction].filter(([action]) => action.startsWith("iam:"));
      const listed = reads.map(([action, count]) => `${formatCount(count)} ${action}`).join(", ");
      return `${cost.routeId} ${listed === "" ? "none" : listed}`;
    })
    .join("; ");
}

/** Each route's batch at this scale: 1,000 records, twice unmeasured then five times measured; or 200, once. */
export function measureAtScale(scale: BenchmarkScale): Promise<RouteCost[]> {
  return scale === "full" ? measureRouteCosts(1000, 2, 5) : measureRouteCosts(200, 0, 1);
}

export function handlerCostResult(costs: readonly RouteCost[]): BenchmarkResult {
  const records = costs[0]?.records ?? 0;
  const repetitions = costs[0]?.runs.length ?? 0;
  return {
    id: "handler-cost",
    title: "Handler cost",
    rows: costs.flatMap(routeRows),
    notes: [
      `Each route's deployed handler (functions/*.ts, imported as Lambda does at cold start) receives one SQS batch of ${formatCount(records)} records, ${repetitions > 1 ? `after two unmeasured runs, ${repetitions} times measured (median)` : "once"}; every AWS client is mocked with aws-sdk-client-mock and answers at once. The routes' deployed batch sizes (routes.ts: ${costs.map((cost) => `${cost.routeId} ${runtimeRoute(cost.routeId).spec.batchSize}`).join(", ")}) are smaller than this batch.`,
      "ApiCalls: CloudTrail records whose event carries the resource, from the project's samples (events/samples/api-calls), in turn: RegisterTaskDefinition over 50 families, UpdateService over 50 services, CreateService and CreateTaskSet each of a new resource. TaskStateChanges: RUNNING events of distinct tasks over 10 revisions, each with its network interface, every hundredth with a public IP. Throttles: calls ECS made on the user's behalf, five APIs in turn.",
      "Wall time is the handler's own work: the waits by which it spaces its Security Hub calls (its share of Security Hub's 10 calls a second among the invocations that may import findings at once) are recorded instead of slept, and shown on their own row; against AWS they add to the wall time. Powertools' log lines and metrics are formatted but not written.",
      `Against AWS, the batch takes its wall time plus those waits: ${costs.map(againstAws).join("; ")}. A batch that would outlast its timeout publishes until a deadline ${formatMilliseconds(TIME_KEPT_AFTER_PUBLISHING_MILLISECONDS)} before it and returns the records whose findings it could not send to the queue (test/runtime/publish-deadline.test.ts).`,
      "Heap: process.memoryUsage().heapUsed after global.gc() (node --expose-gc) before the batch; the peak is the highest value sampled at every mocked AWS call, every millisecond the event loop is free, and at the end of the batch.",
      `Reads other than ECS and EC2 (the task roles' policies, once per role a batch): ${otherReads(costs)}.`,
    ],
  };
}

export const benchmark: Benchmark = async ({ scale }) => handlerCostResult(await measureAtScale(scale));
