import { DescribeInstancesCommand, EC2Client, type Instance } from "@aws-sdk/client-ec2";
import {
  ClientException,
  DescribeClustersCommand,
  DescribeServicesCommand,
  DescribeTaskDefinitionCommand,
  DescribeTaskSetsCommand,
  DescribeTasksCommand,
  ECSClient,
  ListTasksCommand,
} from "@aws-sdk/client-ecs";
import { SecurityHubClient } from "@aws-sdk/client-securityhub";
import { SQSClient } from "@aws-sdk/client-sqs";
import { mockClient } from "aws-sdk-client-mock";
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { containerInstanceReader } from "../../shared/hydrate/container-instance-reader.ts";
import { ecsStateReader, outcomeOf } from "../../shared/hydrate/ecs-state-reader.ts";
import type { ReadRequest } from "../../shared/model/cloudtrail.ts";
import { ec2InstanceWithMetadata } from "../helpers/container-instances.ts";
import {
  acceptEveryOutput,
  importedFindings,
  statusByPolicy,
  stubFunctionEnvironment,
} from "../helpers/function-harness.ts";
import { lambdaContext, sqsEvent } from "../helpers/lambda.ts";
import { sampleEvent } from "../helpers/samples.ts";
import { captureStructuredLogs } from "../helpers/structured-logs.ts";
import { awsError } from "./faults.ts";

/**
 * Fail closed: a resource that could not be read never gets PASSED. Each way a read can come back short (it fails,
 * it is denied, ECS lists the resource among `failures[]`, the answer is empty) is decided here, at the reader and
 * through the real handlers.
 */

stubFunctionEnvironment("INFO");

const ec2 = mockClient(EC2Client);
const ecs = mockClient(ECSClient);
const securityHub = mockClient(SecurityHubClient);
const sqs = mockClient(SQSClient);

const apiCalls = (await import("../../functions/api-calls.ts")).handler;
const containerInstances = (await import("../../functions/container-instance-state-changes.ts")).handler;

const SERVICES: ReadRequest = {
  call: "DescribeServices",
  kind: "Service",
  input: { cluster: "prod", services: ["checkout-api"], include: ["TAGS"] },
};
const SERVICE_ARN = "arn:aws:ecs:eu-west-1:123456789012:service/prod/checkout-api";
const LEGACY_INSTANCE_ID = "i-07f6e5d4c3b2a1908";
const PAYMENTS = "arn:aws:ecs:eu-west-1:123456789012:cluster/payments";
const LEGACY_CONTAINER_INSTANCE =
  "arn:aws:ecs:eu-west-1:123456789012:container-instance/payments/0d9e8f7a6b5c4d3e2f1a0b9c8d7e6f5a";
const TASK = "arn:aws:ecs:eu-west-1:123456789012:task/payments/a1";

let logs: ReturnType<typeof captureStructuredLogs>;

beforeAll(() => {
  logs = captureStructuredLogs();
});

beforeEach(() => {
  ec2.reset();
  ecs.reset();
  securityHub.reset();
  sqs.reset();
  acceptEveryOutput(securityHub, sqs);
  logs.clear();
});

afterAll(() => vi.restoreAllMocks());

describe("outcomeOf: ECS's failures[]", () => {
  it.each([
    { name: "no failures: the documents", failures: [], expected: { documents: ["service"] } },
    {
      name: "MISSING: the resource is gone, and left out",
      failures: [{ arn: SERVICE_ARN, reason: "MISSING" }],
      expected: { documents: ["service"] },
    },
    {
      name: "any other reason: the resource was not read, so the read is skipped",
      failures: [{ arn: SERVICE_ARN, reason: "UNAVAILABLE", detail: "try again" }],
      expected: {
        skipped: `ECS did not describe every resource DescribeServices asked for (${SERVICE_ARN}: UNAVAILABLE)`,
      },
    },
    {
      name: "a failure without a reason is not MISSING either",
      failures: [{ arn: SERVICE_ARN }],
      expected: {
        skipped: `ECS did not describe every resource DescribeServices asked for (${SERVICE_ARN}: no reason)`,
      },
    },
  ])("$name", ({ failures, expected }) => {
    expect(outcomeOf("DescribeServices", ["service"], failures)).toEqual(expected);
  });
});

describe("ecsStateReader: errors", () => {
  const reader = () => ecsStateReader(new ECSClient({ region: "eu-west-1" }));

  it.each([
    {
      name: "access denied is skipped: retrying would be denied as well",
      error: awsError("ecs", "access denied"),
      expected: { skipped: "ECS denies the guardrail DescribeServices (AccessDeniedException)" },
    },
    {
      name: "a deleted cluster: its services are gone",
      error: Object.assign(new Error("Cluster not found."), { name: "ClusterNotFoundException" }),
      expected: { documents: [] },
    },
  ])("$name", async ({ error, expected }) => {
    ecs.on(DescribeServicesCommand).rejects(error);
    expect(await reader().read(SERVICES)).toEqual(expected);
  });

  it.each(["ServiceNotFoundException", "ServiceNotActiveException"])(
    "a service that is gone has no task sets (%s)",
    async (name) => {
      ecs.on(DescribeTaskSetsCommand).rejects(Object.assign(new Error(name), { name }));
      const request: ReadRequest = {
        call: "DescribeTaskSets",
        kind: "TaskSet",
        input: { cluster: "prod", service: "checkout-canary", include: ["TAGS"] },
      };
      expect(await reader().read(request)).toEqual({ documents: [] });
    },
  );

  it.each(["throttling", "5xx", "timeout"] as const)(
    "rejects on %s, and reads again after the failure",
    async (kind) => {
      ecs
        .on(DescribeServicesCommand)
        .rejectsOnce(awsError("ecs", kind))
        .resolves({ services: [{ serviceArn: SERVICE_ARN }], failures: [] });
      const batch = reader();
      await expect(batch.read(SERVICES)).rejects.toThrow(`${kind} injected`);
      expect(await batch.read(SERVICES)).toEqual({ documents: [{ serviceArn: SERVICE_ARN }] });
    },
  );
});

describe("containerInstanceReader: the tasks on an instance", () => {
  const reader = () =>
    containerInstanceReader(new EC2Client({ region: "eu-west-1" }), new ECSClient({ region: "eu-west-1" }));

  it("skips the read when ECS describes only some of the listed tasks", async () => {
    ecs.on(ListTasksCommand).resolves({ taskArns: [TASK] });
    ecs.on(DescribeTasksCommand).resolves({ tasks: [], failures: [{ arn: TASK, reason: "UNAVAILABLE" }] });
    expect(await reader().readContainerInstanceTasks(PAYMENTS, LEGACY_CONTAINER_INSTANCE)).toEqual({
      skipped: `ECS did not describe every resource DescribeTasks asked for (${TASK}: UNAVAILABLE)`,
    });
  });

  it("leaves out a task that stopped since it was listed (MISSING)", async () => {
    ecs.on(ListTasksCommand).resolves({ taskArns: [TASK] });
    ecs.on(DescribeTasksCommand).resolves({ tasks: [], failures: [{ arn: TASK, reason: "MISSING" }] });
    expect(await reader().readContainerInstanceTasks(PAYMENTS, LEGACY_CONTAINER_INSTANCE)).toEqual({
      documents: [],
    });
  });

  it.each([
    {
      name: "access denied is skipped",
      error: awsError("ecs", "access denied"),
      expected: { skipped: "ECS denies the guardrail listing the instance's tasks (AccessDeniedException)" },
    },
    {
      name: "a deleted cluster runs nothing",
      error: Object.assign(new Error("Cluster not found."), { name: "ClusterNotFoundException" }),
      expected: { documents: [] },
    },
  ])("$name", async ({ error, expected }) => {
    ecs.on(ListTasksCommand).rejects(error);
    expect(await reader().readContainerInstanceTasks(PAYMENTS, LEGACY_CONTAINER_INSTANCE)).toEqual(expected);
  });

  it("skips the EC2 instance EC2 denies describing", async () => {
    ec2.on(DescribeInstancesCommand).rejects(awsError("ec2", "access denied"));
    expect(await reader().readEc2Instance(LEGACY_INSTANCE_ID)).toEqual({
      skipped: "EC2 denies the guardrail DescribeInstances (UnauthorizedOperation)",
    });
  });
});

describe("handlers: a resource that could not be read is never PASSED", () => {
  describe("api-calls: the resource the call changed", () => {
    const cases = [
      {
        name: "DescribeServices lists the service among failures[] (not MISSING)",
        event: "api-calls/update-service-response-omitted",
        mock: () =>
          ecs
            .on(DescribeServicesCommand)
            .resolves({ services: [], failures: [{ arn: SERVICE_ARN, reason: "UNAVAILABLE" }] }),
        skipped: true,
      },
      {
        name: "DescribeServices answers nothing at all",
        event: "api-calls/update-service-response-omitted",
        mock: () => ecs.on(DescribeServicesCommand).resolves({ services: [], failures: [] }),
        skipped: false,
      },
      {
        name: "DescribeServices: the cluster was deleted",
        event: "api-calls/update-service-response-omitted",
        mock: () =>
          ecs
            .on(DescribeServicesCommand)
            .rejects(Object.assign(new Error("Cluster not found."), { name: "ClusterNotFoundException" })),
        skipped: false,
      },
      {
        name: "DescribeClusters lists the cluster among failures[] (not MISSING)",
        event: "api-calls/update-cluster-settings-response-omitted",
        mock: () =>
          ecs.on(DescribeClustersCommand).resolves({
            clusters: [],
            failures: [{ arn: "arn:aws:ecs:eu-west-1:123456789012:cluster/payments", reason: "UNAVAILABLE" }],
          }),
        skipped: true,
      },
      {
        name: "DescribeClusters: the cluster is MISSING",
        event: "api-calls/update-cluster-settings-response-omitted",
        mock: () =>
          ecs.on(DescribeClustersCommand).resolves({
            clusters: [],
            failures: [{ arn: "arn:aws:ecs:eu-west-1:123456789012:cluster/payments", reason: "MISSING" }],
          }),
        skipped: false,
      },
      {
        name: "DescribeTaskDefinition: ECS does not know the revision",
        event: "api-calls/register-task-definition-response-omitted",
        mock: () =>
          ecs
            .on(DescribeTaskDefinitionCommand)
            .rejects(new ClientException({ message: "Unable to describe task definition.", $metadata: {} })),
        skipped: false,
      },
    ];

    it.each(cases)("$name: no finding, no retry", async ({ event, mock, skipped }) => {
      mock();
      const response = await apiCalls(sqsEvent([sampleEvent(event)]), lambdaContext());
      expect(response).toEqual({ batchItemFailures: [] });
      expect(importedFindings(securityHub)).toEqual([]);
      // What was not read is said; what is gone is not an error.
      const warned = logs.lines.some(
        (line) => line.level === "WARN" && String(line.message).startsWith("reads skipped"),
      );
      expect(warned).toBe(skipped);
    });
  });

  describe("container-instance-state-changes: the instance with a public address", () => {
    const event = () => sampleEvent("container-instance-state-changes/legacy-agent-disconnected");
    const withPublicAddress = {
      Reservations: [
        {
          Instances: [
            {
              ...(ec2InstanceWithMetadata({ HttpTokens: "required" }) as Instance),
              InstanceId: LEGACY_INSTANCE_ID,
              PublicIpAddress: "203.0.113.25",
            },
          ],
        },
      ],
    };

    it("judges the EC2-dependent policies NOT_AVAILABLE when EC2 describes no instance", async () => {
      ec2.on(DescribeInstancesCommand).resolves({ Reservations: [] });
      await containerInstances(sqsEvent([event()]), lambdaContext());
      const statuses = statusByPolicy(importedFindings(securityHub));
      expect(statuses["container-instance-imds-hardened"]).toBe("NOT_AVAILABLE");
      expect(statuses["no-container-instance-public-ip"]).toBe("NOT_AVAILABLE");
    });

    it("judges the public address NOT_AVAILABLE when ECS describes only some of its tasks", async () => {
      ec2.on(DescribeInstancesCommand).resolves(withPublicAddress);
      ecs.on(ListTasksCommand).resolves({ taskArns: [TASK] });
      ecs.on(DescribeTasksCommand).resolves({ tasks: [], failures: [{ arn: TASK, reason: "UNAVAILABLE" }] });
      const response = await containerInstances(sqsEvent([event()]), lambdaContext());
      expect(response).toEqual({ batchItemFailures: [] });
      const statuses = statusByPolicy(importedFindings(securityHub));
      expect(statuses["no-container-instance-public-ip"]).toBe("NOT_AVAILABLE");
      expect(statuses["container-instance-imds-hardened"]).toBe("PASSED");
    });
  });
});
