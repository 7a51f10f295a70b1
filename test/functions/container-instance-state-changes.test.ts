import { DescribeInstancesCommand, EC2Client, type Instance } from "@aws-sdk/client-ec2";
import {
  DescribeTaskDefinitionCommand,
  DescribeTasksCommand,
  ECSClient,
  ListTasksCommand,
} from "@aws-sdk/client-ecs";
import { IAMClient } from "@aws-sdk/client-iam";
import {
  type AwsSecurityFinding,
  BatchImportFindingsCommand,
  SecurityHubClient,
} from "@aws-sdk/client-securityhub";
import { SendMessageCommand, SQSClient } from "@aws-sdk/client-sqs";
import { mockClient } from "aws-sdk-client-mock";
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { policies } from "../../shared/policies/index.ts";
import { containerInstanceStateChangesRoute } from "../../shared/runtime/routes.ts";
import {
  modelsAvailable,
  operationOf,
  validateBatchImportFindings,
  validateRequest,
} from "../helpers/aws-model.ts";
import { ec2Instance, ec2InstanceWithMetadata } from "../helpers/container-instances.ts";
import { acceptEveryOutput, importedFindings, stubFunctionEnvironment } from "../helpers/function-harness.ts";
import { lambdaContext, sqsEvent } from "../helpers/lambda.ts";
import { sampleEvent } from "../helpers/samples.ts";
import { expectExactlyAllowed, recordSentActions } from "../helpers/sent-actions.ts";
import { readSharedJson, sharedDataAvailable } from "../helpers/shared-data.ts";
import { silenceStructuredLogs } from "../helpers/structured-logs.ts";

stubFunctionEnvironment("INFO", "ContainerInstanceStateChanges");

const ec2 = mockClient(EC2Client);
const ecs = mockClient(ECSClient);
const iam = mockClient(IAMClient);
const securityHub = mockClient(SecurityHubClient);
const sqs = mockClient(SQSClient);

/** Every command any test sent, to prove the route's IAM permissions allow exactly these calls. */
const sentActions = new Set<string>();

const { handler } = await import("../../functions/container-instance-state-changes.ts");

const HARDENED_ID = "i-0a1b2c3d4e5f60718";
const LEGACY_ID = "i-07f6e5d4c3b2a1908";
const LEGACY_ARN =
  "arn:aws:ecs:eu-west-1:123456789012:container-instance/payments/0d9e8f7a6b5c4d3e2f1a0b9c8d7e6f5a";
const CLUSTER_ARN = "arn:aws:ecs:eu-west-1:123456789012:cluster/payments";
const ADDRESS = "203.0.113.25";
const CHECKOUT = "arn:aws:ecs:eu-west-1:123456789012:task-definition/checkout:41";
const SIDECAR = "arn:aws:ecs:eu-west-1:123456789012:task-definition/metrics-sidecar:7";
const CONTAINER_INSTANCE_POLICIES = policies
  .filter((policy) => policy.resource === "ContainerInstance")
  .map((policy) => policy.id)
  .sort();

const sample = (name: string) => sampleEvent(`container-instance-state-changes/${name}`);

async function invoke(bodies: readonly unknown[]) {
  const response = await handler(sqsEvent(bodies), lambdaContext());
  recordSentActions(sentActions, { ec2, ecs, iam, securityhub: securityHub, sqs });
  return response;
}

function statusByPolicy(findings: readonly AwsSecurityFinding[] = importedFindings(securityHub)) {
  return Object.fromEntries(
    findings.map((finding) => [finding.GeneratorId, finding.Compliance?.Status ?? finding.RecordState]),
  );
}

/** EC2 describes the instances of `described` by id, as DescribeInstances' reservations; others are unknown. */
function describeInstances(described: Record<string, Instance>) {
  ec2.on(DescribeInstancesCommand).callsFake(({ InstanceIds }: { InstanceIds: string[] }) => {
    const instances = InstanceIds.flatMap((id) => described[id] ?? []);
    if (instances.length === 0) {
      throw Object.assign(new Error(`The instance ID '${InstanceIds[0]}' does not exist`), {
        name: "InvalidInstanceID.NotFound",
      });
    }
    return { Reservations: [{ ReservationId: "r-0a1b2c3d4e5f60718", Instances: instances }] };
  });
}

/** The legacy instance runs two bridge tasks of checkout and an awsvpc sidecar, listed in two pages. */
function legacyTasks() {
  const task = (id: string, taskDefinitionArn: string) => ({
    taskArn: `arn:aws:ecs:eu-west-1:123456789012:task/payments/${id}`,
    taskDefinitionArn,
    clusterArn: CLUSTER_ARN,
    containerInstanceArn: LEGACY_ARN,
    lastStatus: "RUNNING",
  });
  const pages: Record<string, { taskArns: string[]; nextToken?: string }> = {
    first: { taskArns: [task("a1", CHECKOUT).taskArn, task("a2", CHECKOUT).taskArn], nextToken: "page-2" },
    "page-2": { taskArns: [task("b1", SIDECAR).taskArn] },
  };
  ecs
    .on(ListTasksCommand)
    .callsFake(({ nextToken }: { nextToken?: string }) => pages[nextToken ?? "first"] ?? { taskArns: [] });
  const tasks = [task("a1", CHECKOUT), task("a2", CHECKOUT), task("b1", SIDECAR)];
  ecs.on(DescribeTasksCommand).callsFake(({ tasks: arns }: { tasks: string[] }) => ({
    tasks: tasks.filter((candidate) => arns.includes(candidate.taskArn)),
    failures: [],
  }));
  ecs.on(DescribeTaskDefinitionCommand).callsFake(({ taskDefinition }: { taskDefinition: string }) => ({
    taskDefinition: {
      taskDefinitionArn: taskDefinition,
      family: taskDefinition === CHECKOUT ? "checkout" : "metrics-sidecar",
      ...(taskDefinition === CHECKOUT ? {} : { networkMode: "awsvpc" }),
      containerDefinitions: [],
    },
    tags: [],
  }));
}

beforeAll(() => {
  // Powertools logs to stdout and stderr; these tests assert on calls and findings, not on logs.
  silenceStructuredLogs();
});

beforeEach(() => {
  ec2.reset();
  ecs.reset();
  iam.reset();
  securityHub.reset();
  sqs.reset();
  describeInstances({ [HARDENED_ID]: ec2Instance() as Instance });
  acceptEveryOutput(securityHub, sqs);
});

afterAll(() => vi.restoreAllMocks());

describe("functions/container-instance-state-changes", () => {
  it("passes a hardened instance on every policy and describes it as its EC2 instance", async () => {
    // Prepare
    const event = sample("registered-hardened");

    // Act
    const response = await invoke([event]);

    // Assess
    expect(response).toEqual({ batchItemFailures: [] });
    expect(ec2).toHaveReceivedCommandWith(DescribeInstancesCommand, { InstanceIds: [HARDENED_ID] });
    // No public address: its tasks are not listed.
    expect(ecs).not.toHaveReceivedCommand(ListTasksCommand);
    const findings = importedFindings(securityHub);
    expect(Object.keys(statusByPolicy(findings)).sort()).toEqual(CONTAINER_INSTANCE_POLICIES);
    expect(new Set(findings.map((finding) => finding.Compliance?.Status))).toEqual(new Set(["PASSED"]));
    const arn = `arn:aws:ec2:eu-west-1:123456789012:instance/${HARDENED_ID}`;
    expect(findings[0]).toMatchObject({
      Id: `eu-west-1/123456789012/${findings[0]?.GeneratorId}/${arn}`,
      CreatedAt: "2026-11-24T10:15:03Z",
      ProductFields: { "ecs-guardrails/event-id": "3f6d2a1c-8b4e-4c7a-9e15-2d0b7f9a6c01" },
      Resources: [
        {
          Type: "AwsEc2Instance",
          Id: arn,
          Details: { AwsEc2Instance: { Type: "m6i.large", MetadataOptions: { HttpTokens: "required" } } },
        },
      ],
    });
  });

  it("fails a legacy instance: IMDSv1, agent settings, an old disconnected agent, bridge tasks on a public IP", async () => {
    // Prepare: the legacy instance has an Elastic IP.
    describeInstances({
      [LEGACY_ID]: {
        ...(ec2InstanceWithMetadata({ HttpTokens: "optional", HttpPutResponseHopLimit: 2 }) as Instance),
        InstanceId: LEGACY_ID,
        PublicIpAddress: ADDRESS,
      },
    });
    legacyTasks();

    // Act
    const response = await invoke([sample("legacy-agent-disconnected")]);

    // Assess
    expect(response).toEqual({ batchItemFailures: [] });
    expect(ecs).toHaveReceivedCommandWith(ListTasksCommand, {
      cluster: CLUSTER_ARN,
      containerInstance: LEGACY_ARN,
      nextToken: "page-2",
    });
    expect(ecs).toHaveReceivedCommandTimes(DescribeTasksCommand, 2);
    // One read per task definition, however many tasks run it.
    expect(ecs).toHaveReceivedCommandTimes(DescribeTaskDefinitionCommand, 2);
    expect(statusByPolicy()).toEqual({
      "container-instance-agent-connected": "FAILED",
      "container-instance-agent-version": "FAILED",
      "container-instance-awsvpc-imds-blocked": "FAILED",
      "container-instance-imds-hardened": "FAILED",
      "container-instance-privileged-disabled": "FAILED",
      "no-container-instance-public-ip": "FAILED",
    });
    const publicIp = importedFindings(securityHub).find(
      (finding) => finding.GeneratorId === "no-container-instance-public-ip",
    );
    expect(publicIp?.Description).toContain(
      `the instance has the public IP address ${ADDRESS} and runs 2 task(s) of ${CHECKOUT} in the default ` +
        "(bridge, or NAT on Windows) network mode",
    );
    expect(publicIp?.Description).not.toContain(SIDECAR);
  });

  it("archives every finding of a deregistered instance without reading anything", async () => {
    const response = await invoke([sample("deregistered")]);
    expect(response).toEqual({ batchItemFailures: [] });
    expect(ec2).not.toHaveReceivedCommand(DescribeInstancesCommand);
    const findings = importedFindings(securityHub);
    expect(findings.map((finding) => finding.GeneratorId).sort()).toEqual(CONTAINER_INSTANCE_POLICIES);
    expect(findings.every((finding) => finding.RecordState === "ARCHIVED")).toBe(true);
    expect(findings[0]?.Description).toContain("Archived: the container instance is INACTIVE");
  });

  it("archives the findings it published for the instance when the deregistration follows in the batch", async () => {
    await invoke([sample("registered-hardened"), sample("deregistered")]);
    const findings = importedFindings(securityHub);
    expect(findings).toHaveLength(CONTAINER_INSTANCE_POLICIES.length);
    expect(findings.every((finding) => finding.RecordState === "ARCHIVED")).toBe(true);
  });

  it("describes an external instance as Other and reads no EC2 instance", async () => {
    const response = await invoke([sample("external-instance")]);
    expect(response).toEqual({ batchItemFailures: [] });
    expect(ec2).not.toHaveReceivedCommand(DescribeInstancesCommand);
    expect(statusByPolicy()).toEqual({
      "container-instance-agent-connected": "PASSED",
      "container-instance-agent-version": "PASSED",
      "container-instance-privileged-disabled": "FAILED",
    });
    expect(importedFindings(securityHub)[0]?.Resources?.[0]).toMatchObject({
      Type: "Other",
      Id: "arn:aws:ecs:eu-west-1:123456789012:container-instance/edge/4b3a2f1e0d9c8b7a6f5e4d3c2b1a0f9e",
    });
  });

  it("describes an instance once for all of its events in a batch, and publishes the latest verdicts", async () => {
    // Prepare: the agent disconnects, then reconnects seconds later.
    const disconnected = structuredClone(sample("registered-hardened")) as {
      id: string;
      time: string;
      detail: Record<string, unknown>;
    };
    disconnected.id = "disconnected";
    disconnected.time = "2026-11-24T10:14:58Z";
    disconnected.detail.agentConnected = false;

    // Act
    await invoke([disconnected, sample("registered-hardened")]);

    // Assess
    expect(ec2).toHaveReceivedCommandTimes(DescribeInstancesCommand, 1);
    expect(importedFindings(securityHub)).toHaveLength(CONTAINER_INSTANCE_POLICIES.length);
    expect(statusByPolicy()["container-instance-agent-connected"]).toBe("PASSED");
  });

  it("publishes NOT_AVAILABLE for the EC2 policies of an instance EC2 no longer knows", async () => {
    describeInstances({});
    const response = await invoke([sample("registered-hardened")]);
    expect(response).toEqual({ batchItemFailures: [] });
    expect(statusByPolicy()).toMatchObject({
      "container-instance-imds-hardened": "NOT_AVAILABLE",
      "no-container-instance-public-ip": "NOT_AVAILABLE",
      "container-instance-agent-version": "PASSED",
    });
  });

  it("returns the record to the queue when EC2 fails", async () => {
    ec2
      .on(DescribeInstancesCommand)
      .rejects(Object.assign(new Error("Request limit exceeded."), { name: "RequestLimitExceeded" }));
    const response = await invoke([sample("registered-hardened"), sample("deregistered")]);
    expect(response).toEqual({ batchItemFailures: [{ itemIdentifier: "message-0" }] });
  });

  it("dead-letters an event without a container instance ARN, naming the field", async () => {
    const event = structuredClone(sample("registered-hardened")) as { detail: Record<string, unknown> };
    delete event.detail.containerInstanceArn;
    const response = await invoke([event]);
    expect(response).toEqual({ batchItemFailures: [] });
    const reason =
      sqs.commandCalls(SendMessageCommand)[0]?.args[0].input.MessageAttributes?.["ecs-guardrails-reason"]
        ?.StringValue;
    expect(reason).toMatch(/detail\.containerInstanceArn/);
    expect(securityHub).not.toHaveReceivedCommand(BatchImportFindingsCommand);
  });

  describe.skipIf(!sharedDataAvailable)("the real AWS samples", () => {
    const files = [
      "aws__aws-lambda-go__ecs-container-instance-state-change.json",
      "aws__aws-lambda-dotnet__ecs-container-state-change-event.json",
      "awsdocs__ecs-dev-guide__container-instance-state-change.json",
    ];

    it.each(files)("judges the 2016 instance of %s as a person would", async (file) => {
      // Prepare: the instance behind it answers IMDSv1, from a private address.
      describeInstances({ "i-f3a8506b": ec2InstanceWithMetadata({ HttpTokens: "optional" }) as Instance });

      // Act
      const response = await invoke([readSharedJson(`events/${file}`)]);

      // Assess
      expect(response).toEqual({ batchItemFailures: [] });
      expect(statusByPolicy()).toEqual({
        "container-instance-agent-connected": "PASSED",
        // agent 1.13.0
        "container-instance-agent-version": "FAILED",
        // no task networking: awsvpc-imds-blocked does not apply and publishes nothing
        "container-instance-imds-hardened": "FAILED",
        "container-instance-privileged-disabled": "FAILED",
        "no-container-instance-public-ip": "PASSED",
      });
      expect(importedFindings(securityHub)[0]?.Resources?.[0]?.Id).toBe(
        "arn:aws:ec2:us-east-1:111122223333:instance/i-f3a8506b",
      );
    });
  });

  describe.skipIf(!modelsAvailable())("requests against the AWS API models", () => {
    it("sends only valid DescribeInstances, ListTasks, DescribeTasks, DescribeTaskDefinition and BatchImportFindings requests", async () => {
      ec2.on(DescribeInstancesCommand).resolves({
        Reservations: [{ Instances: [{ ...(ec2Instance() as Instance), PublicIpAddress: ADDRESS }] }],
      });
      legacyTasks();
      await invoke([
        sample("registered-hardened"),
        sample("legacy-agent-disconnected"),
        sample("external-instance"),
      ]);
      const batches = securityHub.commandCalls(BatchImportFindingsCommand).map((call) => call.args[0].input);
      expect(batches.length).toBeGreaterThan(0);
      for (const input of batches) expect(validateBatchImportFindings(input)).toEqual([]);
      const requests = [
        ...ec2.calls().map((call) => ["ec2", call.args[0]] as const),
        ...ecs.calls().map((call) => ["ecs", call.args[0]] as const),
      ].map(([service, command]) => ({
        service,
        operation: operationOf(command),
        input: command.input,
      }));
      expect(new Set(requests.map(({ operation }) => operation))).toEqual(
        new Set(["DescribeInstances", "ListTasks", "DescribeTasks", "DescribeTaskDefinition"]),
      );
      for (const { service, operation, input } of requests) {
        expect(validateRequest(service, operation, input), operation).toEqual([]);
      }
    });
  });

  describe("IAM", () => {
    it("allows every AWS call the handler made, and nothing it never makes", async () => {
      await expectExactlyAllowed(sentActions, containerInstanceStateChangesRoute.permissions);
    });
  });
});
