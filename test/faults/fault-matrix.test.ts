import { DescribeInstancesCommand, DescribeNetworkInterfacesCommand, EC2Client } from "@aws-sdk/client-ec2";
import {
  DescribeCapacityProvidersCommand,
  DescribeClustersCommand,
  DescribeServicesCommand,
  DescribeTaskDefinitionCommand,
  DescribeTaskSetsCommand,
  DescribeTasksCommand,
  ECSClient,
  ListTasksCommand,
} from "@aws-sdk/client-ecs";
import {
  GetPolicyCommand,
  GetPolicyVersionCommand,
  GetRolePolicyCommand,
  IAMClient,
  ListAttachedRolePoliciesCommand,
  ListRolePoliciesCommand,
} from "@aws-sdk/client-iam";
import {
  type AwsSecurityFinding,
  BatchImportFindingsCommand,
  SecurityHubClient,
} from "@aws-sdk/client-securityhub";
import { SendMessageCommand, SQSClient } from "@aws-sdk/client-sqs";
import { mockClient } from "aws-sdk-client-mock";
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import {
  apiCallsRoute,
  containerInstanceStateChangesRoute,
  type RouteSpec,
  serviceEventsRoute,
  taskStateChangesRoute,
  throttlesRoute,
} from "../../shared/runtime/routes.ts";
import { ec2InstanceWithMetadata } from "../helpers/container-instances.ts";
import { deployedHandler, stubFunctionEnvironment } from "../helpers/function-harness.ts";
import { sampleEvent, sampleResponse } from "../helpers/samples.ts";
import { captureStructuredLogs } from "../helpers/structured-logs.ts";
import {
  DB_MIGRATE_REVISION,
  describedInterface,
  describeNetworkInterfacesFrom,
} from "../helpers/task-state-changes.ts";
import {
  awsError,
  type DrainResult,
  drain,
  FAULT_KINDS,
  type FaultKind,
  injected,
  type Persistence,
  type QueueMessage,
  type Service,
} from "./faults.ts";

/**
 * The fault matrix: every AWS call of every route's real handler, failed by each fault once and persistently, with
 * the queue run until it is empty. It counts, per record, the receives, the acknowledgements and what SQS's redrive
 * moved to the dead-letter queue, and per finding the times Security Hub accepted it.
 */

stubFunctionEnvironment("INFO");

const ec2 = mockClient(EC2Client);
const ecs = mockClient(ECSClient);
const iam = mockClient(IAMClient);
const securityHub = mockClient(SecurityHubClient);
const sqs = mockClient(SQSClient);

// ---------------------------------------------------------------------------------------------------------------
// A healthy account: what every read call answers when no fault is injected.

const REGISTERED = sampleResponse("register-task-definition-privileged-root", "taskDefinition");
const SERVICE = sampleResponse("create-service-public-ip", "service");
const TASK_SET = sampleResponse("create-task-set-public-ip", "taskSet");
const CLUSTER = sampleResponse("create-cluster-insights-disabled", "cluster");
const CAPACITY_PROVIDER = sampleResponse("create-capacity-provider", "capacityProvider");
const LEGACY_INSTANCE_ID = "i-07f6e5d4c3b2a1908";
const LEGACY_CONTAINER_INSTANCE =
  "arn:aws:ecs:eu-west-1:123456789012:container-instance/payments/0d9e8f7a6b5c4d3e2f1a0b9c8d7e6f5a";
const PAYMENTS_CLUSTER = "arn:aws:ecs:eu-west-1:123456789012:cluster/payments";
const CHECKOUT = "arn:aws:ecs:eu-west-1:123456789012:task-definition/checkout:41";
const CHECKOUT_TASK = "arn:aws:ecs:eu-west-1:123456789012:task/payments/a1";
const encoded = (document: unknown) => encodeURIComponent(JSON.stringify(document));
const SPECIFIC_GRANT = encoded({
  Statement: [{ Effect: "Allow", Action: "dynamodb:GetItem", Resource: "arn:aws:dynamodb:*:*:table/orders" }],
});

interface ReadCall {
  readonly service: Exclude<Service, "securityhub" | "sqs">;
  readonly operation: string;
  readonly command: unknown;
  readonly healthy: (input: never) => unknown;
}

const READ_CALLS = {
  DescribeTaskDefinition: {
    service: "ecs",
    operation: "DescribeTaskDefinition",
    command: DescribeTaskDefinitionCommand,
    healthy: ({ taskDefinition }: { taskDefinition: string }) => {
      if (taskDefinition === "payments-worker") return { taskDefinition: REGISTERED, tags: [] };
      if (taskDefinition === DB_MIGRATE_REVISION.taskDefinitionArn)
        return { taskDefinition: DB_MIGRATE_REVISION };
      return {
        taskDefinition: { taskDefinitionArn: taskDefinition, family: "checkout", containerDefinitions: [] },
      };
    },
  },
  DescribeServices: {
    service: "ecs",
    operation: "DescribeServices",
    command: DescribeServicesCommand,
    healthy: () => ({ services: [SERVICE], failures: [] }),
  },
  DescribeTaskSets: {
    service: "ecs",
    operation: "DescribeTaskSets",
    command: DescribeTaskSetsCommand,
    healthy: () => ({ taskSets: [TASK_SET], failures: [] }),
  },
  DescribeClusters: {
    service: "ecs",
    operation: "DescribeClusters",
    command: DescribeClustersCommand,
    healthy: () => ({ clusters: [CLUSTER], failures: [] }),
  },
  DescribeCapacityProviders: {
    service: "ecs",
    operation: "DescribeCapacityProviders",
    command: DescribeCapacityProvidersCommand,
    healthy: () => ({ capacityProviders: [CAPACITY_PROVIDER], failures: [] }),
  },
  ListTasks: {
    service: "ecs",
    operation: "ListTasks",
    command: ListTasksCommand,
    healthy: () => ({ taskArns: [CHECKOUT_TASK] }),
  },
  DescribeTasks: {
    service: "ecs",
    operation: "DescribeTasks",
    command: DescribeTasksCommand,
    healthy: () => ({
      tasks: [
        {
          taskArn: CHECKOUT_TASK,
          taskDefinitionArn: CHECKOUT,
          clusterArn: PAYMENTS_CLUSTER,
          containerInstanceArn: LEGACY_CONTAINER_INSTANCE,
          lastStatus: "RUNNING",
        },
      ],
      failures: [],
    }),
  },
  DescribeNetworkInterfaces: {
    service: "ec2",
    operation: "DescribeNetworkInterfaces",
    command: DescribeNetworkInterfacesCommand,
    healthy: describeNetworkInterfacesFrom([
      describedInterface("eni-0d1c2b3a495867f70", "10.0.12.34", "34.250.1.77"),
    ]),
  },
  DescribeInstances: {
    service: "ec2",
    operation: "DescribeInstances",
    command: DescribeInstancesCommand,
    healthy: () => ({
      Reservations: [
        {
          Instances: [
            {
              ...ec2InstanceWithMetadata({ HttpTokens: "optional", HttpPutResponseHopLimit: 2 }),
              InstanceId: LEGACY_INSTANCE_ID,
              PublicIpAddress: "203.0.113.25",
            },
          ],
        },
      ],
    }),
  },
  ListAttachedRolePolicies: {
    service: "iam",
    operation: "ListAttachedRolePolicies",
    command: ListAttachedRolePoliciesCommand,
    healthy: () => ({
      AttachedPolicies: [
        { PolicyName: "orders-read", PolicyArn: "arn:aws:iam::123456789012:policy/orders-read" },
      ],
      IsTruncated: false,
    }),
  },
  ListRolePolicies: {
    service: "iam",
    operation: "ListRolePolicies",
    command: ListRolePoliciesCommand,
    healthy: () => ({ PolicyNames: ["orders-write"], IsTruncated: false }),
  },
  GetRolePolicy: {
    service: "iam",
    operation: "GetRolePolicy",
    command: GetRolePolicyCommand,
    healthy: () => ({ RoleName: "role", PolicyName: "orders-write", PolicyDocument: SPECIFIC_GRANT }),
  },
  GetPolicy: {
    service: "iam",
    operation: "GetPolicy",
    command: GetPolicyCommand,
    healthy: ({ PolicyArn }: { PolicyArn: string }) => ({
      Policy: { Arn: PolicyArn, DefaultVersionId: "v2" },
    }),
  },
  GetPolicyVersion: {
    service: "iam",
    operation: "GetPolicyVersion",
    command: GetPolicyVersionCommand,
    healthy: () => ({ PolicyVersion: { VersionId: "v2", IsDefaultVersion: true, Document: SPECIFIC_GRANT } }),
  },
} satisfies Record<string, ReadCall>;

type ReadCallName = keyof typeof READ_CALLS;

const MOCKS = { ecs, ec2, iam, securityhub: securityHub, sqs };

/** Answers every call of `command` with `fake` (the mocks' typings are per command; the table is not). */
function answer(service: Service, command: unknown, fake: (input: never) => unknown): void {
  (MOCKS[service] as unknown as { on(command: unknown): { callsFake(fake: unknown): unknown } })
    .on(command)
    .callsFake(fake);
}

/** Times Security Hub accepted each finding, and each finding's latest accepted state. */
const accepted = new Map<string, number>();
const acceptedFindings = new Map<string, AwsSecurityFinding>();
/** The UpdatedAt values each finding was imported with. */
const importedUpdatedAt = new Map<string, Set<string>>();
/** Bodies the handler sent to the dead-letter queue itself. */
let deadLettered: string[] = [];
let logs: ReturnType<typeof captureStructuredLogs>;

type SecurityHubFault =
  | { readonly kind: FaultKind; readonly persistence: Persistence }
  | {
      readonly kind: "FailedFindings";
      readonly persistence: Persistence;
      readonly refused: ReadonlySet<string>;
    };

function healthySecurityHub(
  { Findings = [] }: { Findings?: AwsSecurityFinding[] },
  refused: ReadonlySet<string> = new Set<string>(),
) {
  const failed = Findings.filter((finding) => refused.has(finding.Id ?? ""));
  for (const finding of Findings) {
    if (refused.has(finding.Id ?? "")) continue;
    accepted.set(finding.Id ?? "", (accepted.get(finding.Id ?? "") ?? 0) + 1);
    acceptedFindings.set(finding.Id ?? "", finding);
    const times = importedUpdatedAt.get(finding.Id ?? "") ?? new Set<string>();
    importedUpdatedAt.set(finding.Id ?? "", times.add(finding.UpdatedAt ?? ""));
  }
  return {
    FailedCount: failed.length,
    SuccessCount: Findings.length - failed.length,
    FailedFindings: failed.map((finding) => ({
      Id: finding.Id,
      ErrorCode: "InvalidInput",
      ErrorMessage: "refused by the fault matrix",
    })),
  };
}

function healthySqs({ MessageBody }: { MessageBody?: string }) {
  deadLettered.push(MessageBody ?? "");
  return { MessageId: `dead-letter-${deadLettered.length}` };
}

function healthyAccount(): void {
  for (const mock of Object.values(MOCKS)) mock.reset();
  for (const call of Object.values(READ_CALLS) as ReadCall[])
    answer(call.service, call.command, call.healthy);
  answer("securityhub", BatchImportFindingsCommand, (input: { Findings?: AwsSecurityFinding[] }) =>
    healthySecurityHub(input),
  );
  answer("sqs", SendMessageCommand, healthySqs);
  accepted.clear();
  acceptedFindings.clear();
  importedUpdatedAt.clear();
  deadLettered = [];
  logs.clear();
}

function injectReadFault(call: ReadCallName, kind: FaultKind, persistence: Persistence): void {
  const spec: ReadCall = READ_CALLS[call];
  answer(spec.service, spec.command, injected(awsError(spec.service, kind), persistence, spec.healthy));
}

function injectSecurityHubFault(fault: SecurityHubFault): void {
  if (fault.kind === "FailedFindings") {
    let calls = 0;
    answer("securityhub", BatchImportFindingsCommand, (input: { Findings?: AwsSecurityFinding[] }) => {
      calls += 1;
      // Once: only the first call refuses them (publishFindings retries them within the invocation).
      const refused = fault.persistence === "persistent" || calls === 1 ? fault.refused : new Set<string>();
      return healthySecurityHub(input, refused);
    });
    return;
  }
  answer(
    "securityhub",
    BatchImportFindingsCommand,
    injected(
      awsError("securityhub", fault.kind),
      fault.persistence,
      (input: { Findings?: AwsSecurityFinding[] }) => healthySecurityHub(input),
    ),
  );
}

function injectSqsFault(kind: FaultKind, persistence: Persistence): void {
  answer("sqs", SendMessageCommand, injected(awsError("sqs", kind), persistence, healthySqs));
}

// ---------------------------------------------------------------------------------------------------------------
// The records: per route, a target (what the fault hits) and a bystander in the same batch.

function withoutResponse(sample: string, eventName?: string): Record<string, unknown> {
  const event = structuredClone(sampleEvent(sample)) as {
    detail: { eventName: string; responseElements: unknown };
  };
  event.detail.responseElements = null;
  if (eventName !== undefined) event.detail.eventName = eventName;
  return event as unknown as Record<string, unknown>;
}

/** A task other than the samples' that stopped: archiving its findings reads nothing. */
function otherTaskStopped(): Record<string, unknown> {
  const event = structuredClone(sampleEvent("task-state-changes/stopped-essential-container-exited")) as {
    id: string;
    resources: string[];
    detail: { taskArn: string };
  };
  const taskArn = "arn:aws:ecs:eu-west-1:123456789012:task/prod/0f1e2d3c4b5a69788796a5b4c3d2e1f0";
  event.id = "bystander-task-stopped";
  event.resources = [taskArn];
  event.detail.taskArn = taskArn;
  return event as unknown as Record<string, unknown>;
}

interface RouteUnderTest {
  readonly spec: RouteSpec;
  /** The bystander: an event whose evaluation reads nothing. */
  readonly bystander: () => unknown;
  /** A target whose findings Security Hub or SQS faults hit. */
  readonly target: () => unknown;
  /**
   * The route's records of a batch stand or fall together: its batch evaluator names no unit (throttling counts
   * mean something only together), so its findings belong to all of them. TaskStateChanges names each event's
   * task: a failure, or a refused finding on the task, stays with that task's records.
   */
  readonly together: boolean;
  /**
   * A batch that fails is evaluated again in halves of its tasks within the invocation (pipeline.ts): a read
   * that fails once is absorbed there, and the queue never sees it.
   */
  readonly isolatesTasks: boolean;
}

const ROUTES: Record<string, RouteUnderTest> = {
  ApiCalls: {
    spec: apiCallsRoute,
    target: () => sampleEvent("api-calls/create-service-public-ip"),
    bystander: () => sampleEvent("api-calls/run-task-public-ip"),
    together: false,
    isolatesTasks: false,
  },
  TaskStateChanges: {
    spec: taskStateChangesRoute,
    target: () => sampleEvent("task-state-changes/running-public-ip"),
    bystander: otherTaskStopped,
    together: false,
    isolatesTasks: true,
  },
  ContainerInstanceStateChanges: {
    spec: containerInstanceStateChangesRoute,
    target: () => sampleEvent("container-instance-state-changes/legacy-agent-disconnected"),
    bystander: () => sampleEvent("container-instance-state-changes/deregistered"),
    together: false,
    isolatesTasks: false,
  },
  ServiceEvents: {
    spec: serviceEventsRoute,
    target: () => sampleEvent("service-events/deployment-failed"),
    bystander: () => sampleEvent("service-events/service-task-placement-failure"),
    together: false,
    isolatesTasks: false,
  },
  Throttles: {
    spec: throttlesRoute,
    target: () => sampleEvent("throttles/create-network-interface-throttled"),
    bystander: () => sampleEvent("throttles/register-targets-throttled"),
    together: true,
    isolatesTasks: false,
  },
};

interface ReadCell {
  readonly route: keyof typeof ROUTES;
  readonly call: ReadCallName;
  /** The event that makes the call. */
  readonly target: () => unknown;
  /**
   * What the target's findings are when the call is denied: the policies published NOT_AVAILABLE instead of their
   * verdict, or no finding at all (the resource itself could not be read). Never PASSED.
   */
  readonly whenDenied: readonly string[] | "no finding";
}

const REGISTER = () => sampleEvent("api-calls/register-task-definition-privileged-root");
const RUNNING = () => sampleEvent("task-state-changes/running-public-ip");
const LEGACY = () => sampleEvent("container-instance-state-changes/legacy-agent-disconnected");
const TASK_ROLE = ["task-role-least-privilege"];

const READ_CELLS: readonly ReadCell[] = [
  {
    route: "ApiCalls",
    call: "DescribeTaskDefinition",
    target: () => sampleEvent("api-calls/register-task-definition-response-omitted"),
    whenDenied: "no finding",
  },
  {
    route: "ApiCalls",
    call: "DescribeServices",
    target: () => sampleEvent("api-calls/update-service-response-omitted"),
    whenDenied: "no finding",
  },
  {
    route: "ApiCalls",
    call: "DescribeTaskSets",
    target: () => withoutResponse("api-calls/create-task-set-public-ip"),
    whenDenied: "no finding",
  },
  {
    route: "ApiCalls",
    call: "DescribeClusters",
    target: () => sampleEvent("api-calls/update-cluster-settings-response-omitted"),
    whenDenied: "no finding",
  },
  {
    route: "ApiCalls",
    call: "DescribeCapacityProviders",
    target: () => withoutResponse("api-calls/create-capacity-provider", "UpdateCapacityProvider"),
    whenDenied: "no finding",
  },
  { route: "ApiCalls", call: "ListAttachedRolePolicies", target: REGISTER, whenDenied: TASK_ROLE },
  { route: "ApiCalls", call: "ListRolePolicies", target: REGISTER, whenDenied: TASK_ROLE },
  { route: "ApiCalls", call: "GetRolePolicy", target: REGISTER, whenDenied: TASK_ROLE },
  { route: "ApiCalls", call: "GetPolicy", target: REGISTER, whenDenied: TASK_ROLE },
  { route: "ApiCalls", call: "GetPolicyVersion", target: REGISTER, whenDenied: TASK_ROLE },
  {
    route: "TaskStateChanges",
    call: "DescribeNetworkInterfaces",
    target: RUNNING,
    whenDenied: ["running-task-public-ip"],
  },
  {
    route: "TaskStateChanges",
    call: "DescribeTaskDefinition",
    target: RUNNING,
    whenDenied: ["running-task-definition-active", "running-task-definition-compliant"],
  },
  {
    route: "TaskStateChanges",
    call: "ListRolePolicies",
    target: RUNNING,
    whenDenied: ["running-task-definition-compliant", "task-role-least-privilege"],
  },
  {
    route: "ContainerInstanceStateChanges",
    call: "DescribeInstances",
    target: LEGACY,
    whenDenied: ["container-instance-imds-hardened", "no-container-instance-public-ip"],
  },
  {
    route: "ContainerInstanceStateChanges",
    call: "ListTasks",
    target: LEGACY,
    whenDenied: ["no-container-instance-public-ip"],
  },
  {
    route: "ContainerInstanceStateChanges",
    call: "DescribeTasks",
    target: LEGACY,
    whenDenied: ["no-container-instance-public-ip"],
  },
  {
    route: "ContainerInstanceStateChanges",
    call: "DescribeTaskDefinition",
    target: LEGACY,
    whenDenied: ["no-container-instance-public-ip"],
  },
];

// ---------------------------------------------------------------------------------------------------------------
// Running a cell, and what it shows.

const TARGET = "target";
const BYSTANDER = "bystander";

interface CellRun {
  readonly queue: DrainResult;
  /** Each finding a record publishes in a healthy account, by id: its compliance status. */
  readonly target: ReadonlyMap<string, string | undefined>;
  readonly bystander: ReadonlyMap<string, string | undefined>;
}

/** The findings a record publishes alone, in a healthy account: their compliance status, by id. */
async function findingsOf(route: RouteUnderTest, body: unknown): Promise<Map<string, string | undefined>> {
  healthyAccount();
  await drain(await deployedHandler(route.spec), [{ id: "probe", body }], route.spec.maxReceiveCount);
  return new Map([...acceptedFindings].map(([id, finding]) => [id, finding.Compliance?.Status]));
}

async function runCell(
  route: RouteUnderTest,
  body: unknown,
  inject: (targetIds: ReadonlySet<string>) => void,
): Promise<CellRun> {
  const target =
    typeof body === "object" && body !== null && "raw" in body ? new Map() : await findingsOf(route, body);
  const bystander = await findingsOf(route, route.bystander());
  expect([...target.keys()].filter((id) => bystander.has(id))).toEqual([]);
  healthyAccount();
  inject(new Set(target.keys()));
  const messages: QueueMessage[] = [
    { id: TARGET, body },
    { id: BYSTANDER, body: route.bystander() },
  ];
  const queue = await drain(await deployedHandler(route.spec), messages, route.spec.maxReceiveCount);
  return { queue, target, bystander };
}

/** How many times Security Hub accepted each of these findings. */
function acceptedCounts(findings: ReadonlyMap<string, unknown>): number[] {
  return [...findings.keys()].map((id) => accepted.get(id) ?? 0);
}

function onceEach(findings: ReadonlyMap<string, unknown>): number[] {
  return [...findings.keys()].map(() => 1);
}

/** The record's fate in words, for the summary table: the receive it was done on, or the redrive to the DLQ. */
function fate(run: CellRun, id: string): string {
  const receives = run.queue.receives.get(id) ?? 0;
  if (run.queue.redriven.has(id)) return `DLQ after ${receives}`;
  return receives === 1 ? "ok on 1st receive" : `ok on receive ${receives}`;
}

/**
 * The record's failures as the log shows them, receive by receive: it returns to the queue until its last receive,
 * which says that the redrive policy moves it to the DLQ, and why (the error).
 */
function expectRedriveLogged(id: string, maxReceiveCount: number): void {
  const failures = logs.lines.filter(
    (line) => line.level === "ERROR" && line.messageId === id && line.error !== undefined,
  );
  expect(
    failures.map((line) => String(line.message).replace(/^could not dead-letter the record: /, "")),
  ).toEqual([
    ...Array.from(
      { length: maxReceiveCount - 1 },
      (_, index) => `record failed (receive ${index + 1} of ${maxReceiveCount}); it returns to the queue`,
    ),
    `record failed on its last receive (${maxReceiveCount} of ${maxReceiveCount}); the queue moves it to the dead-letter queue`,
  ]);
}

/**
 * The bystander: published exactly once and never retried, unless it shares the target's fate: a failed
 * BatchImportFindings call carries every record's findings, and the findings of a batch evaluator that names no
 * unit belong to all the records it judged together (pipeline.ts). Then it is retried with the target and published exactly once when the
 * target is; or it goes to the DLQ with the target, and every import of its findings carried the same UpdatedAt,
 * which Security Hub ignores after the first (nothing moves, nothing is lost: the DLQ holds the record).
 */
function expectBystanderIntact(run: CellRun, sharesTargetFate: boolean): void {
  expect(run.bystander.size).toBeGreaterThan(0);
  if (sharesTargetFate && run.queue.redriven.has(TARGET)) {
    expect(run.queue.redriven.has(BYSTANDER)).toBe(true);
    for (const id of run.bystander.keys())
      expect(importedUpdatedAt.get(id)?.size ?? 0).toBeLessThanOrEqual(1);
    return;
  }
  if (!sharesTargetFate) expect(run.queue.receives.get(BYSTANDER)).toBe(1);
  expect(run.queue.deleted.has(BYSTANDER)).toBe(true);
  expect(acceptedCounts(run.bystander)).toEqual(onceEach(run.bystander));
}

/** call × fault → outcome (once / persistent), printed once the matrix has run. */
const summary = new Map<string, Map<string, Partial<Record<Persistence, string>>>>();

function note(row: string, column: string, persistence: Persistence, outcome: string): void {
  const cells = summary.get(row) ?? new Map<string, Partial<Record<Persistence, string>>>();
  cells.set(column, { ...cells.get(column), [persistence]: outcome });
  summary.set(row, cells);
}

function summaryTable(): string {
  const columns = [...FAULT_KINDS, "FailedFindings"];
  const header = ["call (fault once / persistent)", ...columns];
  const rows = [...summary].map(([row, cells]) => [
    row,
    ...columns.map((column) => {
      const { once = "", persistent = "" } = cells.get(column) ?? {};
      return once === persistent ? once : `${once} / ${persistent}`;
    }),
  ]);
  return [header, header.map(() => "---"), ...rows].map((cells) => `| ${cells.join(" | ")} |`).join("\n");
}

beforeAll(() => {
  logs = captureStructuredLogs();
  // Backoff and pacing between BatchImportFindings calls are real waits; the counts do not depend on them.
  vi.spyOn(globalThis, "setTimeout").mockImplementation(((callback: () => void) => {
    queueMicrotask(callback);
    return 0;
  }) as unknown as typeof setTimeout);
});

beforeEach(healthyAccount);

afterAll(() => {
  vi.restoreAllMocks();
  console.info(
    "Fault matrix: per call and fault, the fate of the record the fault hits when the fault outlasts the SDK's own " +
      `attempts in one invocation (once) or in every invocation (persistent); maxReceiveCount 5.\n${summaryTable()}`,
  );
});

const PERSISTENCES: readonly Persistence[] = ["once", "persistent"];

describe("fault matrix: reads", () => {
  const cells = READ_CELLS.flatMap((cell) =>
    FAULT_KINDS.flatMap((kind) => PERSISTENCES.map((persistence) => ({ ...cell, kind, persistence }))),
  );

  it.each(cells)("$route · $call · $kind ($persistence)", async (cell) => {
    const route = ROUTES[cell.route] as RouteUnderTest;
    const run = await runCell(route, cell.target(), () =>
      injectReadFault(cell.call, cell.kind, cell.persistence),
    );
    const { queue } = run;
    const spec = READ_CALLS[cell.call];
    const denied = cell.whenDenied === "no finding" ? "skipped: no finding" : "skipped: NOT_AVAILABLE";
    note(
      `${cell.route} · ${spec.service.toUpperCase()} ${cell.call}`,
      cell.kind,
      cell.persistence,
      cell.kind === "access denied" ? denied : fate(run, TARGET),
    );

    if (cell.kind === "access denied") {
      // Not transient: the record is not retried, and what could not be read is never judged PASSED.
      expect(queue.receives.get(TARGET)).toBe(1);
      expect(queue.deleted.has(TARGET)).toBe(true);
      const published = [...run.target.keys()].flatMap((id) => acceptedFindings.get(id) ?? []);
      if (cell.whenDenied === "no finding") {
        expect(published).toEqual([]);
        // The resource could not be read at all: the log says so.
        expect(logs.lines).toContainEqual(
          expect.objectContaining({
            level: "WARN",
            messageId: TARGET,
            message: expect.stringContaining("skipped"),
          }),
        );
      } else {
        const denied = new Set(cell.whenDenied);
        for (const finding of published) {
          if (denied.has(finding.GeneratorId ?? "")) {
            expect(finding.Compliance?.Status, finding.GeneratorId).toBe("NOT_AVAILABLE");
            // The finding says why, or names the finding that does.
            expect(finding.Description).toMatch(/denies the guardrail|cannot be decided/);
          } else {
            expect(finding.Compliance?.Status, finding.GeneratorId).toBe(run.target.get(finding.Id ?? ""));
          }
        }
        expect(published.filter((finding) => denied.has(finding.GeneratorId ?? ""))).toHaveLength(
          denied.size,
        );
      }
      expectBystanderIntact(run, false);
      return;
    }
    if (cell.persistence === "once") {
      expect(queue.receives.get(TARGET)).toBe(route.isolatesTasks ? 1 : 2);
      expect(queue.deleted.has(TARGET)).toBe(true);
      expect(acceptedCounts(run.target)).toEqual(onceEach(run.target));
    } else {
      expect(queue.receives.get(TARGET)).toBe(route.spec.maxReceiveCount);
      expect(queue.redriven.has(TARGET)).toBe(true);
      expectRedriveLogged(TARGET, route.spec.maxReceiveCount);
      expect(acceptedCounts(run.target).every((count) => count === 0)).toBe(true);
    }
    expectBystanderIntact(run, route.together);
  });
});

describe("fault matrix: Security Hub BatchImportFindings", () => {
  const faults = [...FAULT_KINDS, "FailedFindings" as const];
  const cells = Object.keys(ROUTES).flatMap((routeId) =>
    faults.flatMap((kind) => PERSISTENCES.map((persistence) => ({ routeId, kind, persistence }))),
  );

  it.each(cells)("$routeId · $kind ($persistence)", async ({ routeId, kind, persistence }) => {
    const route = ROUTES[routeId] as RouteUnderTest;
    const run = await runCell(route, route.target(), (targetIds) =>
      injectSecurityHubFault(
        kind === "FailedFindings" ? { kind, persistence, refused: targetIds } : { kind, persistence },
      ),
    );
    const { queue } = run;
    note(`${routeId} · SecurityHub BatchImportFindings`, kind, persistence, fate(run, TARGET));
    expect(run.target.size).toBeGreaterThan(0);

    if (kind === "FailedFindings" && persistence === "once") {
      // publishFindings imports the refused findings again within the invocation: the queue never sees the fault.
      expect(queue.receives.get(TARGET)).toBe(1);
      expect(securityHub).toHaveReceivedCommandTimes(BatchImportFindingsCommand, 2);
      expect(acceptedCounts(run.target)).toEqual(onceEach(run.target));
      expectBystanderIntact(run, false);
      return;
    }
    // One call carries the whole batch's findings: a failed call fails every record; refused findings only theirs.
    const sharesTargetFate = kind !== "FailedFindings" || route.together;
    if (persistence === "once") {
      expect(queue.receives.get(TARGET)).toBe(2);
      expect(queue.deleted.has(TARGET)).toBe(true);
      expect(acceptedCounts(run.target)).toEqual(onceEach(run.target));
    } else {
      // Access denied too: the findings cannot go anywhere else, so they wait in the DLQ for a redrive.
      expect(queue.receives.get(TARGET)).toBe(route.spec.maxReceiveCount);
      expect(queue.redriven.has(TARGET)).toBe(true);
      expectRedriveLogged(TARGET, route.spec.maxReceiveCount);
      expect(acceptedCounts(run.target).every((count) => count === 0)).toBe(true);
    }
    expectBystanderIntact(run, sharesTargetFate);
  });
});

describe("fault matrix: SQS SendMessage to the dead-letter queue", () => {
  const cells = Object.keys(ROUTES).flatMap((routeId) =>
    FAULT_KINDS.flatMap((kind) => PERSISTENCES.map((persistence) => ({ routeId, kind, persistence }))),
  );
  const MALFORMED = { raw: "{not json" };

  it.each(cells)(
    "$routeId · a malformed record · $kind ($persistence)",
    async ({ routeId, kind, persistence }) => {
      const route = ROUTES[routeId] as RouteUnderTest;
      const run = await runCell(route, MALFORMED, () => injectSqsFault(kind, persistence));
      const { queue } = run;
      note(`${routeId} · SQS SendMessage (malformed record)`, kind, persistence, fate(run, TARGET));

      const reasonLogged = logs.lines.some(
        (line) =>
          line.level === "ERROR" &&
          line.messageId === TARGET &&
          String(line.message).startsWith("could not dead-letter") &&
          String(line.reason).includes("not JSON"),
      );
      expect(reasonLogged).toBe(true);
      if (persistence === "once") {
        // Sent on the second receive, with the reason: once.
        expect(queue.receives.get(TARGET)).toBe(2);
        expect(queue.deleted.has(TARGET)).toBe(true);
        expect(sqs).toHaveReceivedCommandTimes(SendMessageCommand, 2);
        expect(deadLettered).toEqual([MALFORMED.raw]);
      } else {
        // A poison record the DLQ never takes is bounded by the redrive policy, which moves it on its last receive.
        expect(queue.receives.get(TARGET)).toBe(route.spec.maxReceiveCount);
        expect(queue.redriven.has(TARGET)).toBe(true);
        expect(sqs).toHaveReceivedCommandTimes(SendMessageCommand, route.spec.maxReceiveCount);
        expect(deadLettered).toEqual([]);
        expectRedriveLogged(TARGET, route.spec.maxReceiveCount);
      }
      // The malformed record never reaches an evaluator, batched or not.
      expectBystanderIntact(run, false);
    },
  );
});
