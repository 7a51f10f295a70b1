/**
 * The mocked AWS account the handler benchmarks (handler-cost, storm) run the deployed handlers against, and the
 * harness that measures one run: wall time, heap, the calls made, and the waits the handler would have slept.
 *
 * Every client class the functions use is mocked class-wide with aws-sdk-client-mock, so the clients the
 * functions create at cold start are mocked too. Reads answer from the resources given; Security Hub accepts every
 * finding after a fixed simulated latency, if one is given.
 */

import { setTimeout as delay } from "node:timers/promises";
import { DescribeNetworkInterfacesCommand, EC2Client, type NetworkInterface } from "@aws-sdk/client-ec2";
import { DescribeTaskDefinitionCommand, ECSClient, type TaskDefinition } from "@aws-sdk/client-ecs";
import { EventBridgeClient, PutEventsCommand } from "@aws-sdk/client-eventbridge";
import { IAMClient, ListAttachedRolePoliciesCommand, ListRolePoliciesCommand } from "@aws-sdk/client-iam";
import {
  type AwsSecurityFinding,
  BatchImportFindingsCommand,
  type BatchImportFindingsCommandInput,
  SecurityHubClient,
} from "@aws-sdk/client-securityhub";
import { SendMessageCommand, SQSClient } from "@aws-sdk/client-sqs";
import { mockClient } from "aws-sdk-client-mock";
import { MAX_FINDINGS_PER_CALL } from "../shared/findings/publish-findings.ts";
import { operationOf } from "../test/helpers/aws-model.ts";
import { ACCOUNT, REGION } from "../test/helpers/builders.ts";
import type { SqsHandler } from "../test/helpers/function-harness.ts";
import { lambdaContext, sqsEvent } from "../test/helpers/lambda.ts";
import {
  describeNetworkInterfacesFrom,
  describeTaskDefinitionFrom,
} from "../test/helpers/task-state-changes.ts";

export type { SqsHandler };
export { ACCOUNT, REGION };

/**
 * The environment the stack gives every function (stacks/guardrails.ts), set before a function module is imported
 * because the functions read it once, at cold start.
 */
export function setFunctionEnvironment(routeId: string): void {
  process.env.AWS_REGION = REGION;
  process.env.DEAD_LETTER_QUEUE_URL = `https://sqs.${REGION}.amazonaws.com/${ACCOUNT}/ecs-guardrails-bench-${routeId}Dlq`;
  process.env.POWERTOOLS_SERVICE_NAME = "ecs-guardrails";
  process.env.POWERTOOLS_LOG_LEVEL = "INFO";
}

const stubs = {
  ecs: mockClient(ECSClient),
  ec2: mockClient(EC2Client),
  iam: mockClient(IAMClient),
  securityhub: mockClient(SecurityHubClient),
  sqs: mockClient(SQSClient),
  events: mockClient(EventBridgeClient),
};

export interface MockedAccountOptions {
  /** Every BatchImportFindings call answers after this long (0: at once). */
  readonly securityHubLatencyMilliseconds: number;
  /** The interfaces DescribeNetworkInterfaces finds. */
  readonly networkInterfaces: readonly NetworkInterface[];
  /** The revisions DescribeTaskDefinition knows; task roles exist and have no policies attached. */
  readonly revisions: readonly TaskDefinition[];
}

/** Called at every mocked call: the moments the handler holds what it read or is about to publish. */
let sampleHeapAtCall: () => void = () => undefined;

/** An answer that samples the heap first. */
function answer<Input, Output>(respond: (input: Input) => Output | Promise<Output>) {
  return (input: Input) => {
    sampleHeapAtCall();
    return respond(input);
  };
}

/** Answers every call the functions make as AWS would for the resources given. */
export function mockAccount(options: MockedAccountOptions): void {
  for (const stub of Object.values(stubs)) stub.reset();
  stubs.ec2
    .on(DescribeNetworkInterfacesCommand)
    .callsFake(answer(describeNetworkInterfacesFrom(options.networkInterfaces)));
  stubs.ecs
    .on(DescribeTaskDefinitionCommand)
    .callsFake(answer(describeTaskDefinitionFrom(options.revisions)));
  stubs.iam
    .on(ListAttachedRolePoliciesCommand)
    .callsFake(answer(() => ({ AttachedPolicies: [], IsTruncated: false })));
  stubs.iam.on(ListRolePoliciesCommand).callsFake(answer(() => ({ PolicyNames: [], IsTruncated: false })));
  stubs.securityhub.on(BatchImportFindingsCommand).callsFake(
    answer(async (input: BatchImportFindingsCommandInput) => {
      if (options.securityHubLatencyMilliseconds > 0) await delay(options.securityHubLatencyMilliseconds);
      return { FailedCount: 0, SuccessCount: input.Findings?.length ?? 0, FailedFindings: [] };
    }),
  );
  stubs.sqs
    .on(SendMessageCommand)
    .callsFake(answer(() => ({ MessageId: "5fea7756-0ea4-451a-a703-a558b933e274" })));
  stubs.events.on(PutEventsCommand).callsFake(answer(() => ({ FailedEntryCount: 0, Entries: [] })));
}

/** The calls made since the last `takeCalls`, by IAM action (`ecs:DescribeTaskDefinition`), and what was imported. */
export interface AwsCalls {
  readonly byAction: ReadonlyMap<string, number>;
  /** The findings of each BatchImportFindings call, in order. */
  readonly imports: readonly (readonly AwsSecurityFinding[])[];
  /** Every request, in order of service: `["ecs", "DescribeTaskDefinition", input]`. */
  readonly requests: readonly (readonly [service: string, operation: string, input: unknown])[];
}

/** Reads and forgets the calls the mocks recorded, so they hold no request beyond the run that made it. */
export function takeCalls(): AwsCalls {
  const byAction = new Map<string, number>();
  const requests: [string, string, unknown][] = [];
  for (const [prefix, stub] of Object.entries(stubs)) {
    for (const call of stub.calls()) {
      const operation = operationOf(call.args[0]);
      const action = `${prefix}:${operation}`;
      byAction.set(action, (byAction.get(action) ?? 0) + 1);
      requests.push([prefix, operation, call.args[0].input]);
    }
  }
  const imports = stubs.securityhub
    .commandCalls(BatchImportFindingsCommand)
    .map((call) => call.args[0].input.Findings ?? []);
  for (const stub of Object.values(stubs)) stub.resetHistory();
  return { byAction, imports, requests };
}

/** ECS and EC2 calls: the reads of what an event did not carry. */
export function ecsAndEc2Reads(calls: AwsCalls): [string, number][] {
  return [...calls.byAction].filter(([action]) => action.startsWith("ecs:") || action.startsWith("ec2:"));
}

export function countOf(calls: AwsCalls, action: string): number {
  return calls.byAction.get(action) ?? 0;
}

export function findingsImported(calls: AwsCalls): number {
  return calls.imports.reduce((total, findings) => total + findings.length, 0);
}

/** The fewest BatchImportFindings calls these findings fit in. */
export function fewestCalls(findings: number): number {
  return Math.ceil(findings / MAX_FINDINGS_PER_CALL);
}

export interface MeasuredRun<T> {
  readonly result: T;
  readonly wallMilliseconds: number;
  /**
   * What the handler asked to wait (its spacing of Security Hub calls, backoffs): recorded instead of slept, so
   * the wall time is the handler's own work and the waits are reported beside it.
   */
  readonly waitedMilliseconds: number;
  /** heapUsed after a full collection, before the run. */
  readonly heapBeforeBytes: number;
  /** The highest heapUsed sampled during the run: at every mocked call, every millisecond the event loop is free, and at the end. */
  readonly heapPeakBytes: number;
}

/**
 * Runs `run` with the output Powertools writes (log lines, EMF metrics) formatted but discarded, timers the
 * handler sets recorded instead of waited for, and the heap sampled. `global.gc` (node --expose-gc, as the
 * runner starts benchmarks) makes the heap figures start from a collected heap; without it they are rougher.
 */
export async function measureRun<T>(run: () => Promise<T>): Promise<MeasuredRun<T>> {
  globalThis.gc?.();
  const heapBeforeBytes = process.memoryUsage().heapUsed;
  let heapPeakBytes = heapBeforeBytes;
  const sample = () => {
    heapPeakBytes = Math.max(heapPeakBytes, process.memoryUsage().heapUsed);
  };
  const sampler = setInterval(sample, 1);
  sampleHeapAtCall = sample;
  let waitedMilliseconds = 0;
  const { setTimeout: realSetTimeout } = globalThis;
  const writes = { stdout: process.stdout.write, stderr: process.stderr.write };
  // The handler's waits (publishFindings' sleep) read the global setTimeout; they go on at the next turn of the
  // event loop, and only their length is kept. Callers ignore what setTimeout returns, so an Immediate will do.
  globalThis.setTimeout = ((callback: () => void, milliseconds?: number) => {
    waitedMilliseconds += milliseconds ?? 0;
    return setImmediate(callback);
  }) as unknown as typeof globalThis.setTimeout;
  process.stdout.write = (() => true) as typeof process.stdout.write;
  process.stderr.write = (() => true) as typeof process.stderr.write;
  const start = performance.now();
  try {
    const result = await run();
    const wallMilliseconds = performance.now() - start;
    sample();
    return { result, wallMilliseconds, waitedMilliseconds, heapBeforeBytes, heapPeakBytes };
  } finally {
    globalThis.setTimeout = realSetTimeout;
    process.stdout.write = writes.stdout;
    process.stderr.write = writes.stderr;
    clearInterval(sampler);
    sampleHeapAtCall = () => undefined;
  }
}

/** Invokes a handler with these EventBridge events as one SQS batch; throws if any record is to be retried. */
export async function invokeWithBatch(handler: SqsHandler, events: readonly unknown[]): Promise<void> {
  const response = await handler(sqsEvent(events), lambdaContext());
  if (response.batchItemFailures.length > 0) {
    throw new Error(`${response.batchItemFailures.length} record(s) failed and would return to the queue`);
  }
}

/** Progress on stderr: stdout carries only the result. */
export function progress(message: string): void {
  process.stderr.write(`  ${message}\n`);
}
