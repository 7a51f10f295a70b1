import { readdirSync } from "node:fs";
import { DescribeInstancesCommand, DescribeNetworkInterfacesCommand, EC2Client } from "@aws-sdk/client-ec2";
import type * as Ecs from "@aws-sdk/client-ecs";
import {
  DescribeCapacityProvidersCommand,
  DescribeClustersCommand,
  DescribeContainerInstancesCommand,
  DescribeServicesCommand,
  DescribeTaskDefinitionCommand,
  DescribeTaskSetsCommand,
  DescribeTasksCommand,
  ECSClient,
  ListAccountSettingsCommand,
  ListClustersCommand,
  ListContainerInstancesCommand,
  ListServicesCommand,
  ListTaskDefinitionsCommand,
  ListTasksCommand,
} from "@aws-sdk/client-ecs";
import { EventBridgeClient, PutEventsCommand, type PutEventsCommandInput } from "@aws-sdk/client-eventbridge";
import { IAMClient, ListAttachedRolePoliciesCommand, ListRolePoliciesCommand } from "@aws-sdk/client-iam";
import {
  BatchImportFindingsCommand,
  type BatchImportFindingsCommandInput,
  GetFindingsCommand,
  SecurityHubClient,
} from "@aws-sdk/client-securityhub";
import { SendMessageCommand, SQSClient } from "@aws-sdk/client-sqs";
import { mockClient } from "aws-sdk-client-mock";
import fc from "fast-check";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { routes } from "../../shared/runtime/routes.ts";
import {
  modelsAvailable,
  operationOf,
  validateBatchImportFindings,
  validateRequest,
} from "../helpers/aws-model.ts";
import { ec2Instance } from "../helpers/container-instances.ts";
import { deployedHandler, type SqsHandler, stubFunctionEnvironment } from "../helpers/function-harness.ts";
import { lambdaContext, sqsEvent } from "../helpers/lambda.ts";
import { sampleEvent, sampleResponse } from "../helpers/samples.ts";
import { silenceStructuredLogs } from "../helpers/structured-logs.ts";
import { anyJson, assertProperty, inputsLike } from "./arbitraries.ts";

/**
 * Every route's handler over batches of any JSON: real sample events, mutated ones, arbitrary JSON and bodies
 * that are not JSON, with Security Hub refusing some findings. The handler never throws; each record either
 * publishes all its findings, returns to the queue, or goes to the dead-letter queue with its reason; every
 * request it sends is valid against the AWS models.
 */

stubFunctionEnvironment("ERROR");
// The remediation function reads these too.
vi.stubEnv("REMEDIATION_BUDGET_TABLE", "ecs-guardrails-test-RemediationBudget");
vi.stubEnv("GUARDRAILS_ACCOUNT", "123456789012");
vi.stubEnv(
  "REMEDIATION_TOPIC_ARN",
  "arn:aws:sns:eu-west-1:123456789012:ecs-guardrails-test-RemediationAudit",
);

const ecs = mockClient(ECSClient);
const ec2 = mockClient(EC2Client);
const iam = mockClient(IAMClient);
const securityHub = mockClient(SecurityHubClient);
const sqs = mockClient(SQSClient);
const eventBridge = mockClient(EventBridgeClient);

/** Handler runs per property: each runs every record alone, then the batch. */
const RUNS = 40;

/** The folder of each route's sample events. */
const SAMPLE_FOLDERS: Record<string, string> = {
  ApiCalls: "api-calls",
  ServiceEvents: "service-events",
  ContainerInstanceStateChanges: "container-instance-state-changes",
  TaskStateChanges: "task-state-changes",
  Throttles: "throttles",
  InventorySweep: "sweep",
  Remediation: "remediation",
};

function samplesIn(folder: string): Record<string, unknown>[] {
  return readdirSync(new URL(`../../events/samples/${folder}/`, import.meta.url))
    .filter((file) => file.endsWith(".json"))
    .map((file) => sampleEvent(`${folder}/${file.replace(/\.json$/, "")}`));
}

/** What the readers are told: real described resources, whatever the event names. */
function describeRealResources(): void {
  ecs.on(DescribeTaskDefinitionCommand).resolves({
    taskDefinition: sampleResponse<Ecs.TaskDefinition>(
      "register-task-definition-privileged-root",
      "taskDefinition",
    ),
    tags: [],
  });
  ecs.on(DescribeServicesCommand).resolves({
    services: [sampleResponse<Ecs.Service>("create-service-public-ip", "service")],
    failures: [],
  });
  ecs
    .on(DescribeTaskSetsCommand)
    .resolves({ taskSets: [sampleResponse<Ecs.TaskSet>("create-task-set-public-ip", "taskSet")] });
  ecs.on(DescribeClustersCommand).resolves({
    clusters: [sampleResponse<Ecs.Cluster>("create-cluster-insights-disabled", "cluster")],
    failures: [],
  });
  ecs.on(DescribeCapacityProvidersCommand).resolves({
    capacityProviders: [sampleResponse<Ecs.CapacityProvider>("create-capacity-provider", "capacityProvider")],
  });
  ecs.on(ListTasksCommand).resolves({ taskArns: [] });
  // The sweep's listings: one cluster, its service and nothing else; none of the guardrail's findings stored.
  const cluster = sampleResponse<{ clusterArn: string }>("create-cluster-insights-disabled", "cluster");
  ecs.on(ListClustersCommand).resolves({ clusterArns: [cluster.clusterArn] });
  ecs
    .on(ListServicesCommand)
    .resolves({ serviceArns: ["arn:aws:ecs:eu-west-1:123456789012:service/prod/checkout-api"] });
  ecs.on(ListTaskDefinitionsCommand).resolves({ taskDefinitionArns: [] });
  ecs.on(ListContainerInstancesCommand).resolves({ containerInstanceArns: [] });
  ecs.on(DescribeContainerInstancesCommand).resolves({ containerInstances: [], failures: [] });
  ecs.on(ListAccountSettingsCommand).resolves({ settings: [] });
  securityHub.on(GetFindingsCommand).resolves({ Findings: [] });
  eventBridge.on(PutEventsCommand).callsFake((input: PutEventsCommandInput) => ({
    FailedEntryCount: 0,
    Entries: (input.Entries ?? []).map((_, index) => ({ EventId: `event-${index}` })),
  }));
  ecs.on(DescribeTasksCommand).resolves({ tasks: [], failures: [] });
  ec2.on(DescribeInstancesCommand).resolves({ Reservations: [{ Instances: [ec2Instance() as never] }] });
  ec2.on(DescribeNetworkInterfacesCommand).resolves({ NetworkInterfaces: [] });
  iam.on(ListAttachedRolePoliciesCommand).resolves({ AttachedPolicies: [], IsTruncated: false });
  iam.on(ListRolePoliciesCommand).resolves({ PolicyNames: [], IsTruncated: false });
}

/** Security Hub imports every finding except those `refuses` names, which it reports in FailedFindings. */
function securityHubRefusing(refuses: (id: string) => boolean): void {
  securityHub.on(BatchImportFindingsCommand).callsFake((input: BatchImportFindingsCommandInput) => {
    const findings = input.Findings ?? [];
    const failed = findings.filter((finding) => refuses(finding.Id ?? ""));
    return {
      FailedCount: failed.length,
      SuccessCount: findings.length - failed.length,
      FailedFindings: failed.map((finding) => ({
        Id: finding.Id,
        ErrorCode: "InvalidInput",
        ErrorMessage: "refused",
      })),
    };
  });
}

/** Every request the readers and the handler sent, against the AWS models (IAM has none here). */
function invalidRequests(): string[] {
  const modelled = [
    [ecs, "ecs"],
    [ec2, "ec2"],
    [sqs, "sqs"],
  ] as const;
  const errors = modelled.flatMap(([client, service]) =>
    service === "sqs"
      ? []
      : client.calls().flatMap((call) => {
          const command = call.args[0];
          return validateRequest(service, operationOf(command), command.input);
        }),
  );
  for (const call of securityHub.commandCalls(BatchImportFindingsCommand)) {
    errors.push(...validateBatchImportFindings(call.args[0].input));
  }
  for (const call of securityHub.commandCalls(GetFindingsCommand)) {
    errors.push(...validateRequest("securityhub", "GetFindings", call.args[0].input));
  }
  for (const call of eventBridge.commandCalls(PutEventsCommand)) {
    errors.push(...validateRequest("events", "PutEvents", call.args[0].input));
  }
  return errors;
}

/** What one invocation did: the records it returned to the queue, dead-lettered, and the findings imported. */
interface Invocation {
  readonly retried: readonly string[];
  readonly deadLettered: ReadonlyMap<string, string>;
  readonly imported: ReadonlySet<string>;
  readonly refused: ReadonlySet<string>;
  readonly invalidRequests: readonly string[];
}

/** Runs the handler with fake timers (publishing waits between calls and retries) until it settles. */
async function invoke(handler: SqsHandler, bodies: readonly unknown[], refuses: (id: string) => boolean) {
  for (const client of [ecs, ec2, iam, securityHub, sqs, eventBridge]) client.reset();
  describeRealResources();
  securityHubRefusing(refuses);
  sqs.on(SendMessageCommand).resolves({ MessageId: "dead-letter" });
  let settled = false;
  const pending = handler(sqsEvent(bodies), lambdaContext()).finally(() => {
    settled = true;
  });
  while (!settled) await vi.advanceTimersByTimeAsync(1000);
  const response = await pending;
  const sentIds = securityHub
    .commandCalls(BatchImportFindingsCommand)
    .flatMap((call) => call.args[0].input.Findings ?? [])
    .map((finding) => finding.Id ?? "");
  const deadLettered = new Map(
    sqs.commandCalls(SendMessageCommand).map((call) => {
      const attributes = call.args[0].input.MessageAttributes ?? {};
      return [
        attributes["ecs-guardrails-message-id"]?.StringValue ?? "",
        attributes["ecs-guardrails-reason"]?.StringValue ?? "",
      ];
    }),
  );
  return {
    retried: response.batchItemFailures.map((failure) => failure.itemIdentifier),
    deadLettered,
    imported: new Set(sentIds.filter((id) => !refuses(id))),
    refused: new Set(sentIds.filter(refuses)),
    invalidRequests: invalidRequests(),
  } satisfies Invocation;
}

/** A message body: an event (JSON, `undefined` sent as null), or now and then text that is not JSON. */
function bodies(samples: readonly unknown[]) {
  const body = fc.oneof(
    { weight: 12, arbitrary: inputsLike(samples).map((event) => event ?? null) },
    { weight: 1, arbitrary: fc.string().map((raw) => ({ raw: `{${raw}` })) },
    { weight: 1, arbitrary: anyJson.map((value) => ({ raw: JSON.stringify({ wrapped: value }).slice(1) })) },
  );
  return fc.array(body, { minLength: 1, maxLength: 4 });
}

/** Security Hub refuses no finding, or those whose id hashes into a fuzzed subset. */
const refusals = fc.oneof(
  fc.constant((_id: string) => false),
  fc.integer({ min: 2, max: 5 }).map((modulus) => (id: string) => hash(id) % modulus === 0),
);

function hash(text: string): number {
  let value = 0;
  for (const character of text) value = (value * 31 + (character.codePointAt(0) ?? 0)) >>> 0;
  return value;
}

beforeAll(() => {
  silenceStructuredLogs();
});

beforeEach(() => {
  vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout", "Date"] });
});

afterEach(() => {
  vi.useRealTimers();
});

afterAll(() => vi.restoreAllMocks());

describe.skipIf(!modelsAvailable())("every route's handler over any batch", () => {
  it("covers every route", () => {
    expect(Object.keys(SAMPLE_FOLDERS).sort()).toEqual(routes.map((route) => route.id).sort());
  });

  it.each(routes)(
    "$id: publishes all of a record's findings, or returns it to the queue, or dead-letters it with its reason",
    async (route) => {
      const handler = await deployedHandler(route);
      const samples = samplesIn(SAMPLE_FOLDERS[route.id] ?? "");
      await assertProperty(
        fc.asyncProperty(bodies(samples), refusals, async (batch, refuses) => {
          // Prepare: each record alone, and the batch, with Security Hub importing everything.
          const alone: Invocation[] = [];
          for (const body of batch) alone.push(await invoke(handler, [body], () => false));
          const clean = await invoke(handler, batch, () => false);

          // Act: Security Hub refuses some findings; the queue then redelivers the records returned to it.
          const faulty = await invoke(handler, batch, refuses);
          const redelivered = batch.filter((_, index) => faulty.retried.includes(`message-${index}`));
          const retry = await invoke(handler, redelivered, () => false);

          // Assess: valid requests; a dead-lettered record says why.
          for (const invocation of [...alone, clean, faulty, retry]) {
            expect([...new Set(invocation.invalidRequests)].slice(0, 5).join("\n")).toBe("");
            for (const reason of invocation.deadLettered.values()) expect(reason).not.toBe("");
          }
          // With real reads and an importing Security Hub nothing is retried: a record is judged or dead-lettered.
          for (const invocation of [...alone, clean, retry]) expect(invocation.retried).toEqual([]);
          const ids = batch.map((_, index) => `message-${index}`);
          for (const [index, id] of ids.entries()) {
            const deadLettered = (alone[index] as Invocation).deadLettered.size > 0;
            expect(faulty.deadLettered.has(id)).toBe(deadLettered);
            if (deadLettered) expect(faulty.retried).not.toContain(id);
          }
          // A refused finding returns its records to the queue, and once they are redelivered every finding of
          // the batch is in Security Hub: nothing was lost, no record was half-published.
          expect(new Set(faulty.retried).size).toBe(faulty.retried.length);
          expect(faulty.retried.length > 0).toBe(faulty.refused.size > 0);
          const published = new Set([...faulty.imported, ...retry.imported]);
          expect([...clean.imported].filter((findingId) => !published.has(findingId))).toEqual([]);
        }),
        RUNS,
      );
    },
    120_000,
  );
});
