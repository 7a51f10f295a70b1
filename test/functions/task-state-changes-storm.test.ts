/**
 * A burst of 10,000 Task State Change events within a minute (a deployment replacing a service's tasks, and a
 * batch job starting and stopping its tasks), delivered as SQS would: in batches of the route's size, in any
 * order, some twice, one batch failing once. Counts show that nothing is lost, that each batch updates each
 * finding at most once, how many Security Hub calls the burst costs, and that the handler keeps to Security
 * Hub's rate.
 */
import { DescribeNetworkInterfacesCommand, EC2Client } from "@aws-sdk/client-ec2";
import { DescribeTaskDefinitionCommand, ECSClient } from "@aws-sdk/client-ecs";
import { IAMClient } from "@aws-sdk/client-iam";
import {
  type AwsSecurityFinding,
  BatchImportFindingsCommand,
  SecurityHubClient,
} from "@aws-sdk/client-securityhub";
import { SendMessageCommand, SQSClient } from "@aws-sdk/client-sqs";
import { mockClient } from "aws-sdk-client-mock";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { MAX_FINDINGS_PER_CALL } from "../../shared/findings/publish-findings.ts";
import { ecsStateReader } from "../../shared/hydrate/ecs-state-reader.ts";
import { iamRoleReader } from "../../shared/hydrate/iam-role-reader.ts";
import { networkInterfaceReader } from "../../shared/hydrate/network-interface-reader.ts";
import { unreadState } from "../../shared/hydrate/unread-state.ts";
import { policies } from "../../shared/policies/index.ts";
import { routes } from "../../shared/runtime/routes.ts";
import { runtimeRoute } from "../../shared/runtime/runtime-routes.ts";
import { createSqsHandler, securityHubCallInterval } from "../../shared/runtime/sqs-handler.ts";
import { eventFunctionConfig, lambdaContext, sqsEvent } from "../helpers/lambda.ts";
import { sampleEvent } from "../helpers/samples.ts";
import {
  DB_MIGRATE_REVISION,
  describedInterface,
  describedRevision,
  describeNetworkInterfacesFrom,
  describeTaskDefinitionFrom,
} from "../helpers/task-state-changes.ts";

const ec2 = mockClient(EC2Client);
const ecs = mockClient(ECSClient);
const securityHub = mockClient(SecurityHubClient);
const sqs = mockClient(SQSClient);

const route = runtimeRoute("TaskStateChanges");
const BATCH_SIZE = route.spec.batchSize;
/** What the handler allows itself: its share of Security Hub's 10 calls a second among the importing invocations. */
const MINIMUM_INTERVAL = securityHubCallInterval(routes);

const ARN = "arn:aws:ecs:eu-west-1:123456789012";
const CHECKOUT_NEW = `${ARN}:task-definition/checkout:42`;
const CHECKOUT_OLD = `${ARN}:task-definition/checkout:41`;
const REPORT = `${ARN}:task-definition/nightly-report:3`;
const START = Date.parse("2026-11-24T14:00:00Z");

interface Task {
  readonly arn: string;
  readonly networkInterface: string;
  readonly revision: string;
  readonly group: string;
  readonly startedBy: string;
}

function task(prefix: string, index: number, revision: string, group: string, startedBy: string): Task {
  const suffix = `${prefix}${String(index).padStart(6, "0")}`.padStart(32, "0");
  return {
    arn: `${ARN}:task/prod/${suffix}`,
    networkInterface: `eni-${suffix.slice(-17)}`,
    revision,
    group,
    startedBy,
  };
}

/** The project's RUNNING sample, as the event of another task, state and moment. */
function eventOf(subject: Task, lastStatus: "RUNNING" | "STOPPED", version: number, second: number) {
  const event = structuredClone(sampleEvent("task-state-changes/running-public-ip")) as {
    id: string;
    time: string;
    resources: string[];
    detail: Record<string, unknown> & { attachments: { details: { name: string; value: string }[] }[] };
  };
  event.id = `${subject.arn.slice(-12)}-${lastStatus}-${version}`;
  event.time = new Date(START + second * 1000).toISOString().replace(".000Z", "Z");
  event.resources = [subject.arn];
  Object.assign(event.detail, {
    taskArn: subject.arn,
    taskDefinitionArn: subject.revision,
    group: subject.group,
    startedBy: subject.startedBy,
    lastStatus,
    desiredStatus: lastStatus,
    version,
    ...(lastStatus === "STOPPED"
      ? { stopCode: "ServiceSchedulerInitiated", stoppedReason: "Scaling activity" }
      : {}),
  });
  for (const detail of event.detail.attachments[0]?.details ?? []) {
    if (detail.name === "networkInterfaceId") detail.value = subject.networkInterface;
  }
  return event;
}

/** A seeded shuffle (mulberry32), so the delivery order is arbitrary but the same on every run. */
function shuffled<T>(items: readonly T[], seed: number): T[] {
  let state = seed;
  const random = () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const result = [...items];
  for (let index = result.length - 1; index > 0; index--) {
    const other = Math.floor(random() * (index + 1));
    [result[index], result[other]] = [result[other] as T, result[index] as T];
  }
  return result;
}

// The burst: 2,000 new tasks of a deployment run (each reports RUNNING twice, 998 reports arrive twice), the
// 2,000 tasks they replace stop, a batch job's 1,500 tasks run and stop within the minute, and two events are
// malformed.
const newTasks = Array.from({ length: 2000 }, (_, index) =>
  task("a", index, CHECKOUT_NEW, "service:checkout", "ecs-svc/1234567890123456789"),
);
const oldTasks = Array.from({ length: 2000 }, (_, index) =>
  task("b", index, CHECKOUT_OLD, "service:checkout", "ecs-svc/1234567890123456788"),
);
const jobTasks = Array.from({ length: 1500 }, (_, index) =>
  task("c", index, REPORT, "family:nightly-report", "events-rule/nightly-report"),
);
const malformed = [0, 1].map((index) => {
  const event = eventOf(task("d", index, REPORT, "family:nightly-report", "jane.doe"), "RUNNING", 4, 30);
  delete event.detail.taskArn;
  return event;
});
const burst = [
  ...newTasks.flatMap((subject, index) => [
    eventOf(subject, "RUNNING", 4, index % 50),
    eventOf(subject, "RUNNING", 5, (index % 50) + 8),
  ]),
  ...newTasks.slice(0, 998).map((subject, index) => eventOf(subject, "RUNNING", 5, (index % 50) + 8)),
  ...oldTasks.map((subject, index) => eventOf(subject, "STOPPED", 7, (index % 50) + 5)),
  ...jobTasks.flatMap((subject, index) => [
    eventOf(subject, "RUNNING", 4, index % 40),
    eventOf(subject, "STOPPED", 6, (index % 40) + 15),
  ]),
  ...malformed,
];
const events = shuffled(burst, 20261124);

/** What Security Hub holds after the burst: the last update of each finding. */
const securityHubState = new Map<string, AwsSecurityFinding>();
/**
 * Per invocation: the ids each BatchImportFindings call carried, when (by the handler's clock) and whether it
 * only retried findings Security Hub refused; and how long the handler waited each time.
 */
const invocations: { calls: { ids: string[]; at: number; retry: boolean }[]; sleeps: number[] }[] = [];
const refused = new Set<string>();
const deadLettered: string[] = [];
let failedOnce = false;

beforeAll(() => {
  vi.spyOn(process.stdout, "write").mockImplementation(() => true);
  vi.spyOn(process.stderr, "write").mockImplementation(() => true);
  vi.useFakeTimers({ toFake: ["Date"], now: START + 60_000 });
  ec2.on(DescribeNetworkInterfacesCommand).callsFake(
    // Only the new tasks still run: the interfaces of the stopped ones are gone.
    describeNetworkInterfacesFrom(
      newTasks.map((subject, index) =>
        describedInterface(
          subject.networkInterface,
          "10.0.8.1",
          index < 10 ? `203.0.113.${index}` : undefined,
        ),
      ),
    ),
  );
  const describe = describeTaskDefinitionFrom([
    describedRevision(CHECKOUT_NEW, "ACTIVE", { ...DB_MIGRATE_REVISION, taskRoleArn: undefined }),
    describedRevision(REPORT, "ACTIVE", { ...DB_MIGRATE_REVISION, taskRoleArn: undefined }),
  ]);
  ecs.on(DescribeTaskDefinitionCommand).callsFake((input: { taskDefinition: string }) => {
    // ECS throttles the guardrail once, in the fifth batch: its tasks are judged again one by one.
    if (invocations.length === 5 && !failedOnce) {
      failedOnce = true;
      throw Object.assign(new Error("Rate exceeded"), { name: "ThrottlingException" });
    }
    return describe(input);
  });
  securityHub.on(BatchImportFindingsCommand).callsFake((input: { Findings: AwsSecurityFinding[] }) => {
    const invocation = invocations.at(-1);
    const ids = input.Findings.map((finding) => finding.Id ?? "");
    invocation?.calls.push({ ids, at: Date.now(), retry: ids.every((id) => refused.has(id)) });
    // Security Hub refuses three findings of the first call of the third batch, once; the handler retries them.
    const refusing = invocations.length === 3 && invocation?.calls.length === 1 ? ids.slice(0, 3) : [];
    for (const id of refusing) refused.add(id);
    for (const finding of input.Findings) {
      if (!refusing.includes(finding.Id ?? "")) securityHubState.set(finding.Id ?? "", finding);
    }
    return {
      FailedCount: refusing.length,
      SuccessCount: input.Findings.length - refusing.length,
      FailedFindings: refusing.map((id) => ({ Id: id, ErrorCode: "LimitExceeded", ErrorMessage: "" })),
    };
  });
  sqs.on(SendMessageCommand).callsFake((input: { MessageBody: string }) => {
    deadLettered.push(input.MessageBody);
    return { MessageId: `dead-letter-${deadLettered.length}` };
  });
});

afterAll(() => {
  vi.useRealTimers();
  vi.restoreAllMocks();
});

describe("a burst of 10,000 task events within a minute", () => {
  const handler = createSqsHandler({
    route,
    config: eventFunctionConfig("TaskStateChanges"),
    clients: { securityHub: new SecurityHubClient({}), sqs: new SQSClient({}) },
    // What functions/task-state-changes.ts reads with.
    readState: () => ({
      ...unreadState("the test reads nothing else"),
      ...networkInterfaceReader(new EC2Client({})),
      ...ecsStateReader(new ECSClient({})),
      ...iamRoleReader(new IAMClient({})),
    }),
    // Waiting advances the handler's clock instead of the test's.
    sleep: async (milliseconds) => {
      invocations.at(-1)?.sleeps.push(milliseconds);
      vi.setSystemTime(Date.now() + milliseconds);
    },
  });

  let delivered = 0;
  let succeeded = 0;
  let retried = 0;

  it("loses nothing: every event is judged, retried or dead-lettered with its reason", async () => {
    expect(events).toHaveLength(10_000);
    // The queue hands out batches of the route's size; a failed record comes back in a later batch.
    const queue = [...events];
    while (queue.length > 0) {
      const batch = queue.splice(0, BATCH_SIZE);
      invocations.push({ calls: [], sleeps: [] });
      const response = await handler(sqsEvent(batch), lambdaContext());
      delivered += batch.length;
      const failed = new Set(response.batchItemFailures.map((failure) => failure.itemIdentifier));
      batch.forEach((event, index) => {
        if (failed.has(`message-${index}`)) queue.push(event);
      });
      retried += failed.size;
      succeeded += batch.length - failed.size;
    }
    // The throttled read failed the fifth batch's evaluation once; its tasks were then judged one by one in the
    // same invocation, so nothing returned to the queue.
    expect(retried).toBe(0);
    expect(delivered).toBe(10_000);
    // Two events name no task: they reached the dead-letter queue, the 9,998 others were judged.
    expect(deadLettered).toHaveLength(2);
    expect(succeeded).toBe(10_000);
  });

  it("leaves Security Hub with every stopped task archived and every running task judged", () => {
    const findingsByResource = Map.groupBy(
      securityHubState.values(),
      (finding) => finding.Resources?.[0]?.Id,
    );
    const byTask = (subject: Task) => findingsByResource.get(subject.arn) ?? [];
    const runningTaskPolicies = policies.filter((policy) => policy.resource === "RunningTask").length;
    const taskPolicies = policies.filter((policy) => policy.resource === "Task").length;
    for (const subject of newTasks) {
      const findings = byTask(subject);
      expect(findings.map((finding) => finding.RecordState)).toEqual(
        Array(runningTaskPolicies).fill("ACTIVE"),
      );
    }
    for (const subject of oldTasks) {
      // A service's tasks have no RunTask launch findings to archive.
      expect(byTask(subject).map((finding) => finding.RecordState)).toEqual(
        Array(runningTaskPolicies).fill("ARCHIVED"),
      );
    }
    for (const subject of jobTasks) {
      // However the queue ordered a job task's events, its stopped state wins: its interface is gone.
      expect(byTask(subject).map((finding) => finding.RecordState)).toEqual(
        Array(runningTaskPolicies + taskPolicies).fill("ARCHIVED"),
      );
    }
    const publicTasks = newTasks.filter((subject) =>
      byTask(subject).some(
        (finding) =>
          finding.GeneratorId === "running-task-public-ip" && finding.Compliance?.Status === "FAILED",
      ),
    );
    expect(publicTasks).toHaveLength(10);
  });

  it("updates each finding at most once a batch, in ⌈findings/100⌉ calls", () => {
    let calls = 0;
    for (const { calls: made } of invocations) {
      // The third batch's retry of the three refused findings is a retry, not another update.
      const updates = made.filter((call) => !call.retry);
      const ids = updates.flatMap((call) => call.ids);
      expect(new Set(ids).size).toBe(ids.length);
      expect(updates.length).toBe(Math.ceil(ids.length / MAX_FINDINGS_PER_CALL));
      calls += made.length;
    }
    expect(invocations.flatMap((invocation) => invocation.calls.filter((call) => call.retry))).toHaveLength(
      1,
    );
    const findings = invocations.flatMap((invocation) => invocation.calls.flatMap((call) => call.ids)).length;
    console.info(
      `Storm: ${events.length} events in ${invocations.length} batches of ${BATCH_SIZE}: ${findings} finding ` +
        `updates in ${calls} BatchImportFindings calls, ${ec2.commandCalls(DescribeNetworkInterfacesCommand).length} ` +
        `DescribeNetworkInterfaces and ${ecs.commandCalls(DescribeTaskDefinitionCommand).length} ` +
        "DescribeTaskDefinition calls",
    );
    // Far fewer calls than events: each call carries a hundred finding updates.
    expect(calls).toBeLessThan(events.length / 20);
    // One interface read per hundred running tasks of a batch, and each revision read once a batch.
    expect(ecs.commandCalls(DescribeTaskDefinitionCommand).length).toBeLessThanOrEqual(
      2 * invocations.length + 1,
    );
  });

  it("keeps to Security Hub's rate: calls of an invocation are at least the minimum interval apart", () => {
    let waits = 0;
    for (const { calls, sleeps } of invocations) {
      for (let index = 1; index < calls.length; index++) {
        expect((calls[index]?.at ?? 0) - (calls[index - 1]?.at ?? 0)).toBeGreaterThanOrEqual(
          MINIMUM_INTERVAL,
        );
      }
      waits += sleeps.length;
    }
    const calls = invocations.reduce((sum, invocation) => sum + invocation.calls.length, 0);
    const publishing = invocations.filter((invocation) => invocation.calls.length > 0).length;
    // Every call after an invocation's first waits its turn; the refused findings' retry also backs off once.
    expect(waits).toBe(calls - publishing + 1);
  });
});
