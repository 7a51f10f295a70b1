import { DescribeNetworkInterfacesCommand, EC2Client } from "@aws-sdk/client-ec2";
import { DescribeTaskDefinitionCommand, ECSClient } from "@aws-sdk/client-ecs";
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
import { findingId } from "../../shared/findings/finding-id.ts";
import { policies } from "../../shared/policies/index.ts";
import { taskStateChangesRoute } from "../../shared/runtime/routes.ts";
import { modelsAvailable, validateBatchImportFindings, validateRequest } from "../helpers/aws-model.ts";
import { acceptEveryOutput, importedFindings, stubFunctionEnvironment } from "../helpers/function-harness.ts";
import { lambdaContext, sqsEvent } from "../helpers/lambda.ts";
import { sampleEvent } from "../helpers/samples.ts";
import { expectExactlyAllowed, recordSentActions } from "../helpers/sent-actions.ts";
import { sharedDataAvailable } from "../helpers/shared-data.ts";
import { silenceStructuredLogs } from "../helpers/structured-logs.ts";
import {
  DB_MIGRATE_REVISION,
  DB_MIGRATE_TASK_ROLE,
  describedInterface,
  describeNetworkInterfacesFrom,
  describeTaskDefinitionFrom,
  REAL_SAMPLES,
  realEvent,
  sampleFargateRevision,
  XRAY_REVISION,
} from "../helpers/task-state-changes.ts";

stubFunctionEnvironment("INFO", "TaskStateChanges");

const ec2 = mockClient(EC2Client);
const ecs = mockClient(ECSClient);
const iam = mockClient(IAMClient);
const securityHub = mockClient(SecurityHubClient);
const sqs = mockClient(SQSClient);

/** Every command any test sent, to prove the route's IAM permissions allow exactly these calls. */
const sentActions = new Set<string>();

const { handler } = await import("../../functions/task-state-changes.ts");

const RUNNING = "task-state-changes/running-public-ip";
const STOPPED = "task-state-changes/stopped-essential-container-exited";
const DB_MIGRATE_TASK = "arn:aws:ecs:eu-west-1:123456789012:task/prod/4d5e6f708192a3b4c5d6e7f8091a2b3c";
const DB_MIGRATE_INTERFACE = "eni-0d1c2b3a495867f70";
const FARGATE_TASK =
  "arn:aws:ecs:us-west-2:111122223333:task/FargateCluster/c13b4cb40f1f4fe4a2971f76ae5a47ad";
const EC2_TASK = "arn:aws:ecs:us-east-1:111122223333:task/b99d40b3-5176-4f71-9a52-9dbd6f1cebef";

const policyIds = (kind: string) =>
  policies
    .filter((policy) => policy.resource === kind)
    .map((policy) => policy.id)
    .sort();
const RUNNING_TASK_POLICIES = policyIds("RunningTask");
const TASK_POLICIES = policyIds("Task");

async function invoke(bodies: readonly unknown[]) {
  const response = await handler(sqsEvent(bodies), lambdaContext());
  recordSentActions(sentActions, { ec2, ecs, iam, securityhub: securityHub, sqs });
  return response;
}

/** Each finding of the resource, by policy: its compliance status, or ARCHIVED. */
function statusesOf(resourceId: string): Record<string, string | undefined> {
  return Object.fromEntries(
    importedFindings(securityHub)
      .filter((finding) => finding.Resources?.[0]?.Id === resourceId)
      .map((finding) => [
        finding.GeneratorId,
        finding.RecordState === "ARCHIVED" ? "ARCHIVED" : finding.Compliance?.Status,
      ]),
  );
}

function findingOf(policyId: string, resourceId: string): AwsSecurityFinding | undefined {
  return importedFindings(securityHub).find(
    (finding) => finding.GeneratorId === policyId && finding.Resources?.[0]?.Id === resourceId,
  );
}

beforeAll(() => {
  // Keep the structured logs out of the test output.
  silenceStructuredLogs();
});

beforeEach(() => {
  ec2.reset();
  ecs.reset();
  iam.reset();
  securityHub.reset();
  sqs.reset();
  ec2
    .on(DescribeNetworkInterfacesCommand)
    .callsFake(
      describeNetworkInterfacesFrom([
        describedInterface("eni-abcd1234", "10.0.0.139"),
        describedInterface(DB_MIGRATE_INTERFACE, "10.0.12.34", "34.250.1.77"),
      ]),
    );
  ecs
    .on(DescribeTaskDefinitionCommand)
    .callsFake(
      describeTaskDefinitionFrom([
        XRAY_REVISION,
        DB_MIGRATE_REVISION,
        ...(sharedDataAvailable ? [sampleFargateRevision()] : []),
      ]),
    );
  // The task role exists and has no policies, unless a test gives it some.
  iam.on(ListAttachedRolePoliciesCommand).resolves({ AttachedPolicies: [], IsTruncated: false });
  iam.on(ListRolePoliciesCommand).resolves({ PolicyNames: [], IsTruncated: false });
  acceptEveryOutput(securityHub, sqs);
});

afterAll(() => vi.restoreAllMocks());

describe("functions/task-state-changes", () => {
  describe.skipIf(!sharedDataAvailable)("the real Task State Change events", () => {
    it("judges the real Fargate task on what runs, and publishes its revision's own findings", async () => {
      // Prepare
      const event = realEvent(REAL_SAMPLES.fargate);

      // Act
      const response = await invoke([event]);

      // Assess
      expect(response).toEqual({ batchItemFailures: [] });
      expect(ec2).toHaveReceivedCommandWith(DescribeNetworkInterfacesCommand, {
        Filters: [{ Name: "network-interface-id", Values: ["eni-abcd1234"] }],
        MaxResults: 1000,
        IncludeManagedResources: true,
      });
      expect(ecs).toHaveReceivedCommandWith(DescribeTaskDefinitionCommand, {
        taskDefinition: "arn:aws:ecs:us-west-2:111122223333:task-definition/sample-fargate:1",
        include: ["TAGS"],
      });
      // A private interface and an active revision, but the revision's root filesystem is writable (HIGH).
      expect(statusesOf(FARGATE_TASK)).toEqual({
        "running-task-public-ip": "PASSED",
        "running-task-definition-active": "PASSED",
        "running-task-definition-compliant": "FAILED",
      });
      const compliant = findingOf("running-task-definition-compliant", FARGATE_TASK);
      expect(compliant?.Description).toContain("fails read-only-root-filesystem (HIGH)");
      expect(compliant).toMatchObject({
        Id: `us-west-2/111122223333/running-task-definition-compliant/${FARGATE_TASK}`,
        ProductArn: "arn:aws:securityhub:us-west-2:111122223333:product/111122223333/default",
        UpdatedAt: "2020-01-23T17:57:58Z",
        Resources: [
          {
            Type: "AwsEcsTask",
            Id: FARGATE_TASK,
            Region: "us-west-2",
            Details: {
              AwsEcsTask: {
                ClusterArn: "arn:aws:ecs:us-west-2:111122223333:cluster/FargateCluster",
                TaskDefinitionArn: "arn:aws:ecs:us-west-2:111122223333:task-definition/sample-fargate:1",
                Group: "family:sample-fargate",
                Version: "4",
              },
            },
          },
        ],
        ProductFields: {
          "ecs-guardrails/event-id": "3317b2af-7005-947d-b652-f55e762e571a",
          "ecs-guardrails/event-name": "ECS Task State Change (RUNNING)",
        },
      });
      // Security Hub judges only the latest revision of a family: the revision the task runs is judged here.
      const revision = "arn:aws:ecs:us-west-2:111122223333:task-definition/sample-fargate:1";
      expect(statusesOf(revision)).toMatchObject({
        "read-only-root-filesystem": "FAILED",
        "no-root-user": "FAILED",
        "no-docker-hub-images": "FAILED",
        "no-privileged-containers": "PASSED",
      });
      expect(findingOf("no-root-user", revision)?.Resources?.[0]?.Type).toBe("AwsEcsTaskDefinition");
    });

    it("judges the real .NET sample, the same task event again, once in a batch", async () => {
      await invoke([realEvent(REAL_SAMPLES.fargate), realEvent(REAL_SAMPLES.dotnet)]);
      expect(ec2).toHaveReceivedCommandTimes(DescribeNetworkInterfacesCommand, 1);
      expect(ecs).toHaveReceivedCommandTimes(DescribeTaskDefinitionCommand, 1);
      const findings = importedFindings(securityHub);
      expect(new Set(findings.map((finding) => finding.Id)).size).toBe(findings.length);
      expect(Object.keys(statusesOf(FARGATE_TASK)).sort()).toEqual(RUNNING_TASK_POLICIES);
    });

    it("judges only the revision of the real EC2 task of 2016, which has no interface of its own", async () => {
      const response = await invoke([realEvent(REAL_SAMPLES.ec2)]);
      expect(response).toEqual({ batchItemFailures: [] });
      expect(ec2).not.toHaveReceivedCommand(DescribeNetworkInterfacesCommand);
      // Bridge mode: running-task-public-ip does not apply; the X-Ray revision was deregistered since, and in
      // bridge mode on EC2 its writable container reaches the instance's metadata.
      expect(statusesOf(EC2_TASK)).toEqual({
        "running-task-definition-active": "FAILED",
        "running-task-definition-compliant": "FAILED",
      });
      expect(findingOf("running-task-definition-compliant", EC2_TASK)?.Description).toContain(
        "fails no-instance-metadata-access (HIGH), read-only-root-filesystem (HIGH)",
      );
      expect(findingOf("running-task-definition-active", EC2_TASK)?.Description).toContain(
        "the task runs arn:aws:ecs:us-east-1:111122223333:task-definition/xray:2, whose status is INACTIVE",
      );
    });
  });

  it("fails the standalone task that runs with a public IP (project sample)", async () => {
    const response = await invoke([sampleEvent(RUNNING)]);
    expect(response).toEqual({ batchItemFailures: [] });
    expect(statusesOf(DB_MIGRATE_TASK)).toEqual({
      "running-task-public-ip": "FAILED",
      "running-task-definition-active": "PASSED",
      "running-task-definition-compliant": "PASSED",
    });
    expect(findingOf("running-task-public-ip", DB_MIGRATE_TASK)?.Description).toContain(
      "/attachments/0/details/1/value: network interface eni-0d1c2b3a495867f70 has the public IP address 34.250.1.77",
    );
  });

  it("archives a stopped task's findings, its RunTask launch findings included, without reading anything", async () => {
    const response = await invoke([sampleEvent(STOPPED)]);
    expect(response).toEqual({ batchItemFailures: [] });
    expect(ec2).not.toHaveReceivedCommand(DescribeNetworkInterfacesCommand);
    expect(ecs).not.toHaveReceivedCommand(DescribeTaskDefinitionCommand);
    const findings = importedFindings(securityHub);
    expect(findings.map((finding) => finding.GeneratorId).sort()).toEqual(
      [...RUNNING_TASK_POLICIES, ...TASK_POLICIES].sort(),
    );
    for (const finding of findings) {
      expect(finding).toMatchObject({
        // The ids the RunTask event and the RUNNING event gave these findings.
        Id: findingId("eu-west-1", "123456789012", finding.GeneratorId ?? "", DB_MIGRATE_TASK),
        RecordState: "ARCHIVED",
        UpdatedAt: "2026-11-24T13:21:07Z",
        Resources: [{ Type: "AwsEcsTask", Id: DB_MIGRATE_TASK }],
      });
      expect(finding.Description).toContain(
        "Archived: the task stopped (Essential container in task exited)",
      );
    }
  });

  it("archives only the running-task findings of a service's task: no RunTask launched it", async () => {
    const stopped = structuredClone(sampleEvent(STOPPED)) as { detail: Record<string, unknown> };
    stopped.detail.group = "service:checkout-api";
    stopped.detail.startedBy = "ecs-svc/1234567890123456789";
    await invoke([stopped]);
    expect(
      importedFindings(securityHub)
        .map((finding) => finding.GeneratorId)
        .sort(),
    ).toEqual(RUNNING_TASK_POLICIES);
  });

  it("judges only a task's latest state in a batch, whatever order the queue delivers them in", async () => {
    await invoke([sampleEvent(STOPPED), sampleEvent(RUNNING), sampleEvent(RUNNING)]);
    expect(ec2).not.toHaveReceivedCommand(DescribeNetworkInterfacesCommand);
    expect(new Set(Object.values(statusesOf(DB_MIGRATE_TASK)))).toEqual(new Set(["ARCHIVED"]));
  });

  it("publishes nothing for a task whose interface is gone: it has stopped", async () => {
    // Prepare: a second task of the batch, whose interface EC2 no longer knows.
    const gone = structuredClone(sampleEvent(RUNNING)) as {
      id: string;
      detail: { taskArn: string; attachments: { details: { name: string; value: string }[] }[] };
    };
    gone.id = "4d5e6f70-e700-4000-8000-8192a3b4c5ff";
    gone.detail.taskArn = `${DB_MIGRATE_TASK.slice(0, -4)}ffff`;
    const detail = gone.detail.attachments[0]?.details.find((item) => item.name === "networkInterfaceId");
    if (detail !== undefined) detail.value = "eni-0ffffffffffffffff";

    // Act
    const response = await invoke([sampleEvent(RUNNING), gone]);

    // Assess: one call for both interfaces; the one EC2 no longer knows is simply not returned.
    expect(response).toEqual({ batchItemFailures: [] });
    expect(ec2).toHaveReceivedCommandTimes(DescribeNetworkInterfacesCommand, 1);
    expect(statusesOf(gone.detail.taskArn)).toEqual({});
    expect(statusesOf(DB_MIGRATE_TASK)["running-task-public-ip"]).toBe("FAILED");
  });

  it("publishes NOT_AVAILABLE when EC2 denies describing interfaces", async () => {
    ec2
      .on(DescribeNetworkInterfacesCommand)
      .rejects(Object.assign(new Error("You are not authorized"), { name: "UnauthorizedOperation" }));
    const response = await invoke([sampleEvent(RUNNING)]);
    expect(response).toEqual({ batchItemFailures: [] });
    expect(findingOf("running-task-public-ip", DB_MIGRATE_TASK)?.Compliance).toEqual({
      Status: "NOT_AVAILABLE",
      StatusReasons: [
        {
          ReasonCode: "UNDECIDABLE_INPUT",
          Description:
            "network interface eni-0d1c2b3a495867f70 cannot be read: EC2 denies the guardrail describing network interfaces (UnauthorizedOperation)",
        },
      ],
    });
  });

  it("publishes NOT_AVAILABLE for a revision ECS does not know", async () => {
    ecs.on(DescribeTaskDefinitionCommand).callsFake(describeTaskDefinitionFrom([]));
    await invoke([sampleEvent(RUNNING)]);
    expect(statusesOf(DB_MIGRATE_TASK)).toMatchObject({
      "running-task-definition-active": "NOT_AVAILABLE",
      "running-task-definition-compliant": "NOT_AVAILABLE",
    });
  });

  it("returns only the task whose read failed to the queue; the batch's other tasks are judged alone", async () => {
    ecs
      .on(DescribeTaskDefinitionCommand)
      .rejects(Object.assign(new Error("Rate exceeded"), { name: "ThrottlingException" }));
    const otherTask = structuredClone(sampleEvent(STOPPED)) as { detail: { taskArn: string } };
    otherTask.detail.taskArn = `${DB_MIGRATE_TASK}0`;
    const response = await invoke([sampleEvent(RUNNING), otherTask]);
    expect(response).toEqual({ batchItemFailures: [{ itemIdentifier: "message-0" }] });
    // The other task's archive is published; nothing of the task whose revision could not be read.
    expect(findingOf("running-task-public-ip", otherTask.detail.taskArn)?.RecordState).toBe("ARCHIVED");
    expect(Object.keys(statusesOf(DB_MIGRATE_TASK))).toEqual([]);
  });

  it("reads the revision's task role once for task-role-least-privilege", async () => {
    const encoded = (document: unknown) => encodeURIComponent(JSON.stringify(document));
    const managed = "arn:aws:iam::123456789012:policy/db-migrate-secrets";
    iam.on(ListAttachedRolePoliciesCommand).resolves({
      AttachedPolicies: [{ PolicyName: "db-migrate-secrets", PolicyArn: managed }],
      IsTruncated: false,
    });
    iam.on(ListRolePoliciesCommand).resolves({ PolicyNames: ["migrate"], IsTruncated: false });
    iam.on(GetRolePolicyCommand).resolves({
      PolicyDocument: encoded({ Statement: { Effect: "Allow", Action: "rds:*", Resource: "*" } }),
    });
    iam.on(GetPolicyCommand).resolves({ Policy: { Arn: managed, DefaultVersionId: "v1" } });
    iam.on(GetPolicyVersionCommand).resolves({
      PolicyVersion: {
        Document: encoded({
          Statement: { Effect: "Allow", Action: "secretsmanager:GetSecretValue", Resource: "*" },
        }),
      },
    });

    await invoke([sampleEvent(RUNNING)]);

    expect(iam).toHaveReceivedCommandWith(ListRolePoliciesCommand, { RoleName: "db-migrate-task" });
    const revision = DB_MIGRATE_REVISION.taskDefinitionArn ?? "";
    expect(findingOf("task-role-least-privilege", revision)?.Compliance?.Status).toBe("FAILED");
    // A HIGH failure of the revision fails the task that runs it.
    expect(statusesOf(DB_MIGRATE_TASK)["running-task-definition-compliant"]).toBe("FAILED");
    expect(DB_MIGRATE_REVISION.taskRoleArn).toBe(DB_MIGRATE_TASK_ROLE);
  });

  it("dead-letters an event that names no task", async () => {
    const nameless = structuredClone(sampleEvent(RUNNING)) as { detail: Record<string, unknown> };
    delete nameless.detail.taskArn;
    const response = await invoke([nameless, sampleEvent(STOPPED)]);
    expect(response).toEqual({ batchItemFailures: [] });
    const reason =
      sqs.commandCalls(SendMessageCommand)[0]?.args[0].input.MessageAttributes?.["ecs-guardrails-reason"]
        ?.StringValue;
    expect(reason).toMatch(/TaskStateChanges schema: detail\.taskArn/);
    expect(securityHub).toHaveReceivedCommandTimes(BatchImportFindingsCommand, 1);
  });

  describe.skipIf(!modelsAvailable())("requests against the AWS API models", () => {
    it("sends only valid DescribeNetworkInterfaces, DescribeTaskDefinition and BatchImportFindings requests", async () => {
      const gone = structuredClone(sampleEvent(RUNNING)) as {
        detail: { taskArn: string; attachments: unknown };
      };
      gone.detail.taskArn = `${DB_MIGRATE_TASK}0`;
      gone.detail.attachments = [
        { type: "eni", details: [{ name: "networkInterfaceId", value: "eni-0fff" }] },
      ];
      await invoke([
        sampleEvent(RUNNING),
        gone,
        sampleEvent(STOPPED),
        ...(sharedDataAvailable ? Object.values(REAL_SAMPLES).map(realEvent) : []),
      ]);
      const requests = (client: typeof ec2 | typeof ecs, command: string) =>
        client
          .calls()
          .map((call) => call.args[0] as unknown as { constructor: { name: string }; input: unknown })
          .filter((request) => request.constructor.name === `${command}Command`)
          .map((request) => request.input);
      const interfaces = requests(ec2, "DescribeNetworkInterfaces");
      expect(interfaces.length).toBeGreaterThan(0);
      for (const input of interfaces)
        expect(validateRequest("ec2", "DescribeNetworkInterfaces", input)).toEqual([]);
      const revisions = requests(ecs, "DescribeTaskDefinition");
      expect(revisions.length).toBeGreaterThan(0);
      for (const input of revisions)
        expect(validateRequest("ecs", "DescribeTaskDefinition", input)).toEqual([]);
      const batches = securityHub.commandCalls(BatchImportFindingsCommand).map((call) => call.args[0].input);
      expect(batches.length).toBeGreaterThan(0);
      for (const input of batches) expect(validateBatchImportFindings(input)).toEqual([]);
    });
  });

  describe("IAM", () => {
    it("allows every AWS call the handler made, and nothing it never makes", async () => {
      await expectExactlyAllowed(sentActions, taskStateChangesRoute.permissions);
    });
  });
});
