/**
 * Event storm: 10,000 throttling events (Throttles route) and 10,000 task events (TaskStateChanges route) drained
 * by the deployed handler in SQS batches of the route's deployed size, against the naive design measured in the
 * same run: each event handled on its own and each of its findings imported in its own BatchImportFindings call.
 */
import { EC2Client } from "@aws-sdk/client-ec2";
import { ECSClient } from "@aws-sdk/client-ecs";
import { EventBridgeClient } from "@aws-sdk/client-eventbridge";
import { IAMClient } from "@aws-sdk/client-iam";
import { BatchImportFindingsCommand, SecurityHubClient } from "@aws-sdk/client-securityhub";
import { EMPTY_CONFIG } from "../shared/engine/config.ts";
import { ecsStateReader } from "../shared/hydrate/ecs-state-reader.ts";
import { iamRoleReader } from "../shared/hydrate/iam-role-reader.ts";
import { networkInterfaceReader } from "../shared/hydrate/network-interface-reader.ts";
import type { StateReader } from "../shared/hydrate/state-reader.ts";
import { unreadState } from "../shared/hydrate/unread-state.ts";
import { chunksOf } from "../shared/model/chunks.ts";
import { policies } from "../shared/policies/index.ts";
import { DEFAULT_STAGE } from "../shared/runtime/config.ts";
import { eventBusSender } from "../shared/runtime/event-bus-sender.ts";
import { createPipeline } from "../shared/runtime/pipeline.ts";
import { remediationRequester } from "../shared/runtime/remediation-requests.ts";
import { routes } from "../shared/runtime/routes.ts";
import { runtimeRoute } from "../shared/runtime/runtime-routes.ts";
import {
  importingInvocations,
  SECURITY_HUB_CALLS_PER_SECOND,
  securityHubCallInterval,
} from "../shared/runtime/sqs-handler.ts";
import { taskEvent, taskNetworkInterfaces, taskRevisions, throttlingEvent } from "./handler-events.ts";
import {
  type AwsCalls,
  countOf,
  ecsAndEc2Reads,
  fewestCalls,
  invokeWithBatch,
  measureRun,
  mockAccount,
  progress,
  REGION,
  type SqsHandler,
  setFunctionEnvironment,
  takeCalls,
} from "./mocked-aws.ts";
import type { Benchmark, BenchmarkResult, BenchmarkRow, BenchmarkScale } from "./result.ts";
import { formatCount, formatMilliseconds, formatRatio } from "./statistics.ts";

/** The simulated time Security Hub takes to answer a call, where a run simulates one. */
export const SIMULATED_LATENCY_MILLISECONDS = 2;

/** What draining a storm cost one design. */
export interface Drain {
  readonly wallMilliseconds: number;
  /** What the handler waited (recorded, not slept) to space its Security Hub calls. */
  readonly waitedMilliseconds: number;
  readonly findings: number;
  readonly importCalls: number;
  readonly ecsAndEc2Reads: number;
  /** Batches whose BatchImportFindings calls were more than ⌈their findings/100⌉. */
  readonly batchesOverFewestCalls: number;
  /** What Security Hub holds after the storm: each finding's last compliance status and record state. */
  readonly finalState: ReadonlyMap<string, string>;
}

interface Tally {
  findings: number;
  importCalls: number;
  ecsAndEc2Reads: number;
  batchesOverFewestCalls: number;
  readonly finalState: Map<string, string>;
}

function tally(): Tally {
  return { findings: 0, importCalls: 0, ecsAndEc2Reads: 0, batchesOverFewestCalls: 0, finalState: new Map() };
}

/** Adds one batch's calls to the tally, forgetting the requests. */
function count(into: Tally, calls: AwsCalls): void {
  const findings = calls.imports.reduce((total, imported) => total + imported.length, 0);
  const importCalls = countOf(calls, "securityhub:BatchImportFindings");
  into.findings += findings;
  into.importCalls += importCalls;
  into.ecsAndEc2Reads += ecsAndEc2Reads(calls).reduce((total, [, calls]) => total + calls, 0);
  if (importCalls > fewestCalls(findings)) into.batchesOverFewestCalls += 1;
  for (const finding of calls.imports.flat()) {
    into.finalState.set(finding.Id ?? "", `${finding.Compliance?.Status} ${finding.RecordState}`);
  }
}

export interface Storm {
  readonly routeId: "Throttles" | "TaskStateChanges";
  readonly events: readonly unknown[];
  readonly load: () => Promise<{ readonly handler: SqsHandler }>;
  /** What the route's function reads with (functions/*.ts), for the naive design to read alike. */
  readonly reader: () => Partial<StateReader>;
}

/** `count` throttled calls, five APIs in turn, one every 5 ms. */
export function throttlingStorm(count: number): Storm {
  return {
    routeId: "Throttles",
    events: Array.from({ length: count }, (_, index) => throttlingEvent(index)),
    load: () => import("../functions/throttles.ts"),
    reader: () => ({}),
  };
}

/** A deployment within a minute: `count / 2` new tasks start while as many old ones stop, in the order they happen. */
export function taskStorm(count: number): Storm {
  const half = count / 2;
  return {
    routeId: "TaskStateChanges",
    events: Array.from({ length: count }, (_, index) =>
      index % 2 === 0
        ? taskEvent(index / 2, "RUNNING", Math.floor((60 * index) / count))
        : taskEvent(half + (index - 1) / 2, "STOPPED", Math.floor((60 * index) / count)),
    ),
    load: () => import("../functions/task-state-changes.ts"),
    reader: () => ({
      ...networkInterfaceReader(new EC2Client({})),
      ...ecsStateReader(new ECSClient({})),
      ...iamRoleReader(new IAMClient({})),
    }),
  };
}

function mockStormAccount(events: number, latency: number): void {
  mockAccount({
    securityHubLatencyMilliseconds: latency,
    // The new tasks' interfaces; the stopped tasks' are gone.
    networkInterfaces: taskNetworkInterfaces(events / 2),
    revisions: taskRevisions(),
  });
}

/** The deployed handler drains the storm in batches of the route's deployed size, one after another. */
export async function drainWithHandler(storm: Storm, latency: number): Promise<Drain> {
  setFunctionEnvironment(storm.routeId);
  const { handler } = await storm.load();
  const batchSize = runtimeRoute(storm.routeId).spec.batchSize;
  mockStormAccount(storm.events.length, latency);
  takeCalls();
  const counted = tally();
  const run = await measureRun(async () => {
    for (const batch of chunksOf(storm.events, batchSize)) {
      await invokeWithBatch(handler, batch);
      count(counted, takeCalls());
    }
  });
  return { wallMilliseconds: run.wallMilliseconds, waitedMilliseconds: run.waitedMilliseconds, ...counted };
}

/**
 * The naive design: the same batches, read alike (a reader a batch), but each event judged on its own and each
 * finding imported in its own call, as soon as it is known.
 */
export async function drainNaively(storm: Storm, latency: number): Promise<Drain> {
  const route = runtimeRoute(storm.routeId);
  const securityHub = new SecurityHubClient({ region: REGION });
  mockStormAccount(storm.events.length, latency);
  takeCalls();
  const counted = tally();
  const run = await measureRun(async () => {
    for (const [batchIndex, batch] of chunksOf(storm.events, route.spec.batchSize).entries()) {
      const pipeline = createPipeline({
        routes: [route],
        reader: { ...unreadState("the naive design reads as the function does"), ...storm.reader() },
        rulebook: { policies, config: EMPTY_CONFIG },
        followUps: eventBusSender(new EventBridgeClient({})),
        requestsFor: remediationRequester(policies, EMPTY_CONFIG, DEFAULT_STAGE),
        sink: {
          publish: async (findings) => {
            for (const finding of findings) {
              const output = await securityHub.send(new BatchImportFindingsCommand({ Findings: [finding] }));
              if ((output.FailedCount ?? 0) > 0) throw new Error(`Security Hub refused ${finding.Id}`);
            }
          },
        },
      });
      for (const [index, event] of batch.entries()) {
        const result = await pipeline.processBatch([{ id: `${batchIndex}-${index}`, event }]);
        for (const outcome of result.outcomes.values()) {
          if (outcome.kind !== "evaluated")
            throw new Error(`the naive design could not judge an event: ${outcome.kind}`);
        }
      }
      count(counted, takeCalls());
    }
  });
  return { wallMilliseconds: run.wallMilliseconds, waitedMilliseconds: run.waitedMilliseconds, ...counted };
}

/** Both designs over one storm: at once, and (where asked) with Security Hub answering after the simulated latency. */
export interface StormComparison {
  readonly storm: Storm;
  readonly handler: Drain;
  readonly naive: Drain;
  readonly withLatency?: { readonly handler: Drain; readonly naive: Drain };
}

export async function compareDesigns(storm: Storm, simulateLatency: boolean): Promise<StormComparison> {
  // One batch through each design first, unmeasured, so that neither is timed while the JIT compiles it.
  const firstBatch = { ...storm, events: storm.events.slice(0, runtimeRoute(storm.routeId).spec.batchSize) };
  await drainWithHandler(firstBatch, 0);
  await drainNaively(firstBatch, 0);
  const handler = await drainWithHandler(storm, 0);
  const naive = await drainNaively(storm, 0);
  progress(
    `${storm.routeId}: handler ${formatMilliseconds(handler.wallMilliseconds)}, naive ${formatMilliseconds(naive.wallMilliseconds)}`,
  );
  if (!simulateLatency) return { storm, handler, naive };
  const withLatency = {
    handler: await drainWithHandler(storm, SIMULATED_LATENCY_MILLISECONDS),
    naive: await drainNaively(storm, SIMULATED_LATENCY_MILLISECONDS),
  };
  return { storm, handler, naive, withLatency };
}

/** The naive figure, and how many times the handler's it is (the ratio column's 0.00× says too little). */
function naiveBaseline(naive: number, handler: number, format: (value: number) => string): string {
  return handler > 0
    ? `${format(naive)} naive (${formatRatio(naive / handler)} the handler's)`
    : `${format(naive)} naive`;
}

function comparisonRow(
  measure: string,
  handler: number,
  naive: number,
  format: (value: number) => string,
): BenchmarkRow {
  return {
    measure,
    value: format(handler),
    baseline: naiveBaseline(naive, handler, format),
    ...(naive > 0 ? { ratio: handler / naive } : {}),
  };
}

function timeRow(measure: string, handler: number, naive: number): BenchmarkRow {
  return comparisonRow(measure, handler, naive, formatMilliseconds);
}

function stormRows({ storm, handler, naive, withLatency }: StormComparison): BenchmarkRow[] {
  const batchSize = runtimeRoute(storm.routeId).spec.batchSize;
  const batches = Math.ceil(storm.events.length / batchSize);
  const name = `${storm.routeId}, ${formatCount(storm.events.length)} events`;
  const atQuota = (drain: Drain) => (1000 * drain.importCalls) / SECURITY_HUB_CALLS_PER_SECOND;
  return [
    comparisonRow(`${name}: findings published`, handler.findings, naive.findings, formatCount),
    {
      ...comparisonRow(
        `${name}: Security Hub BatchImportFindings calls (${batches} batches of ${batchSize})`,
        handler.importCalls,
        naive.importCalls,
        formatCount,
      ),
      target: {
        text: "each batch exactly ⌈its findings/100⌉",
        met: handler.batchesOverFewestCalls === 0,
      },
    },
    comparisonRow(
      `${name}: ECS/EC2 Describe calls`,
      handler.ecsAndEc2Reads,
      naive.ecsAndEc2Reads,
      formatCount,
    ),
    timeRow(
      `${name}: time to drain, Security Hub answering at once`,
      handler.wallMilliseconds,
      naive.wallMilliseconds,
    ),
    ...(withLatency === undefined
      ? []
      : [
          timeRow(
            `${name}: time to drain, Security Hub answering in ${SIMULATED_LATENCY_MILLISECONDS} ms`,
            withLatency.handler.wallMilliseconds,
            withLatency.naive.wallMilliseconds,
          ),
        ]),
    {
      measure: `${name}: the handler's waits spacing its Security Hub calls (recorded, not slept)`,
      value: formatMilliseconds(handler.waitedMilliseconds),
    },
    timeRow(
      `${name}: Security Hub time at its quota of ${SECURITY_HUB_CALLS_PER_SECOND} calls/s (calls ÷ quota)`,
      atQuota(handler),
      atQuota(naive),
    ),
  ];
}

/** The time the simulated latency added to each naive call, on average. */
function latencyPerCall({ naive, withLatency }: StormComparison): string {
  if (withLatency === undefined) return "not measured";
  return formatMilliseconds(
    (withLatency.naive.wallMilliseconds - naive.wallMilliseconds) / naive.importCalls,
  );
}

/** Both storms at this scale: the throttling storm also with the simulated latency. */
export async function runStorms(scale: BenchmarkScale): Promise<readonly [StormComparison, StormComparison]> {
  const events = scale === "full" ? 10_000 : 1_000;
  return [
    await compareDesigns(throttlingStorm(events), true),
    await compareDesigns(taskStorm(events), false),
  ];
}

export function stormResult([throttling, tasks]: readonly [
  StormComparison,
  StormComparison,
]): BenchmarkResult {
  const events = throttling.storm.events.length;
  return {
    id: "storm",
    title: "Event storm",
    rows: [...stormRows(throttling), ...stormRows(tasks)],
    notes: [
      `Throttles: ${formatCount(events)} calls ECS made on the user's behalf that were throttled, five APIs in turn, one every 5 ms (the project's samples, events/samples/throttles). TaskStateChanges: a deployment within a minute, ${formatCount(events / 2)} new tasks reporting RUNNING while ${formatCount(events / 2)} old ones report STOPPED, in time order, over 10 revisions (events/samples/task-state-changes). Each storm is delivered in SQS batches of the route's deployed size (routes.ts), one batch after another, to the deployed handler (functions/*.ts) with every AWS client mocked (aws-sdk-client-mock); one measured run each, after one unmeasured batch through each design.`,
      "The naive design (the baseline) receives the same batches and reads as the function does (a reader, and its caches, a batch), but judges each event on its own, as a handler without batching would, and imports each finding in its own BatchImportFindings call. The deployed design coalesces a batch (the latest state of each finding; the Throttles route counts a batch's calls into one finding per API) and imports its findings 100 a call.",
      `Both designs end with the same findings in Security Hub, with the same compliance status and record state (the benchmark's test checks this). Times are the designs' own work, with the mocked Security Hub answering at once; for the throttling storm also with a ${SIMULATED_LATENCY_MILLISECONDS} ms timer before each answer (${latencyPerCall(throttling)} a call as measured on the naive side: timers are coarse). The naive task storm makes too many calls to simulate latency within the benchmark's time budget.`,
      `Against AWS, Security Hub's quota of about ${SECURITY_HUB_CALLS_PER_SECOND} BatchImportFindings calls a second per account and region bounds the drain from below: the last row of each storm, computed from the calls (calls ÷ quota).`,
      `The handler also spaces its own calls ${formatMilliseconds(securityHubCallInterval(routes))} apart within an invocation, its share of that quota among the ${importingInvocations(routes)} invocations that may import findings at once; those waits are recorded instead of slept (their own row). Against AWS they add to the drain: for the task storm, one batch after another, ${formatMilliseconds(tasks.handler.waitedMilliseconds)}, about half that with the route's ${runtimeRoute(tasks.storm.routeId).spec.maximumConcurrency} concurrent invocations, which is longer than the quota alone requires.`,
    ],
  };
}

export const benchmark: Benchmark = async ({ scale }) => stormResult(await runStorms(scale));
