import { DescribeTaskDefinitionCommand, ECSClient, type TaskDefinition } from "@aws-sdk/client-ecs";
import { IAMClient, ListAttachedRolePoliciesCommand, ListRolePoliciesCommand } from "@aws-sdk/client-iam";
import { BatchImportFindingsCommand, SecurityHubClient } from "@aws-sdk/client-securityhub";
import { SQSClient } from "@aws-sdk/client-sqs";
import { mockClient } from "aws-sdk-client-mock";
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { evaluatePolicies } from "../../shared/engine/evaluate.ts";
import { OFFLINE_LOOKUPS } from "../../shared/engine/lookups.ts";
import { taskDefinitionFromApi } from "../../shared/model/task-definition.ts";
import { policies } from "../../shared/policies/index.ts";
import {
  ASFF_LIMITS,
  modelsAvailable,
  validateBatchImportFindings,
  validateRequest,
} from "../helpers/aws-model.ts";
import { acceptEveryOutput, importedFindings, stubFunctionEnvironment } from "../helpers/function-harness.ts";
import { lambdaContext, sqsEvent } from "../helpers/lambda.ts";
import { sampleEvent } from "../helpers/samples.ts";
import { silenceStructuredLogs } from "../helpers/structured-logs.ts";

/**
 * A task definition at ECS's limits, through the ApiCalls function: 10 containers (the most a task definition
 * may have), names of 255 characters, many volumes, mount points and port mappings, and environments filling
 * the rest of the 64 KiB a RegisterTaskDefinition request may have. Every policy that applies publishes its
 * finding, valid against the Security Hub model and under 240 KB; beyond ECS's limits the Details are trimmed,
 * never the finding dropped.
 */

stubFunctionEnvironment("ERROR");

const ecs = mockClient(ECSClient);
const iam = mockClient(IAMClient);
const securityHub = mockClient(SecurityHubClient);
const sqs = mockClient(SQSClient);

const { handler } = await import("../../functions/api-calls.ts");

/** ECS quotas and RegisterTaskDefinition limits (Amazon ECS service quotas, API reference). */
const ECS_LIMITS = {
  containersPerTaskDefinition: 10,
  nameLength: 255,
  taskDefinitionBytes: 64 * 1024,
};
const VOLUMES = 20;
const MOUNT_POINTS_PER_CONTAINER = 4;
const PORT_MAPPINGS_PER_CONTAINER = 20;
const ACCOUNT = "123456789012";
const FAMILY = `payments-${"f".repeat(ECS_LIMITS.nameLength - "payments-".length)}`;

/** `prefix-index-xxx…` in exactly 255 letters, digits and hyphens, as ECS allows names. */
function longName(prefix: string, index: number): string {
  return `${prefix}-${index}-`.padEnd(ECS_LIMITS.nameLength, "x");
}

function registerRequest(variablesPerContainer: number) {
  const volumes = Array.from({ length: VOLUMES }, (_, index) => ({
    name: longName("volume", index),
    host: { sourcePath: `/data/${index}` },
  }));
  return {
    family: FAMILY,
    taskRoleArn: `arn:aws:iam::${ACCOUNT}:role/payments-task`,
    executionRoleArn: `arn:aws:iam::${ACCOUNT}:role/ecsTaskExecutionRole`,
    networkMode: "bridge",
    requiresCompatibilities: ["EC2"],
    cpu: "4096",
    memory: "8192",
    volumes,
    containerDefinitions: Array.from({ length: ECS_LIMITS.containersPerTaskDefinition }, (_, index) => ({
      name: longName("container", index),
      image: `${ACCOUNT}.dkr.ecr.eu-west-1.amazonaws.com/payments-${index}:2.8.1`,
      essential: index === 0,
      user: index % 2 === 0 ? "0" : "1000",
      privileged: index === 9,
      memory: 512,
      portMappings: Array.from({ length: PORT_MAPPINGS_PER_CONTAINER }, (_, port) => ({
        containerPort: 8000 + port,
        hostPort: 20_000 + index * PORT_MAPPINGS_PER_CONTAINER + port,
        protocol: "tcp",
      })),
      mountPoints: Array.from({ length: MOUNT_POINTS_PER_CONTAINER }, (_, mount) => ({
        sourceVolume: volumes[(index * MOUNT_POINTS_PER_CONTAINER + mount) % VOLUMES]?.name,
        containerPath: `/mnt/${mount}`,
        readOnly: mount % 2 === 0,
      })),
      environment: Array.from({ length: variablesPerContainer }, (_, variable) => ({
        name: `VARIABLE_${index}_${variable}`.padEnd(48, "_"),
        value: "x",
      })),
      logConfiguration: { logDriver: "awslogs", options: { "awslogs-group": `/ecs/payments-${index}` } },
    })),
  };
}

/** The request with as many environment variables per container as the 64 KiB allow. */
function requestAtLimits() {
  let variables = 0;
  while (bytes(registerRequest(variables + 1)) <= ECS_LIMITS.taskDefinitionBytes) variables += 1;
  return registerRequest(variables);
}

/** What DescribeTaskDefinition returns for the registered request: the request and what ECS adds. */
function described(request: object): TaskDefinition {
  return {
    ...(request as TaskDefinition),
    taskDefinitionArn: `arn:aws:ecs:eu-west-1:${ACCOUNT}:task-definition/${FAMILY}:12`,
    revision: 12,
    status: "ACTIVE",
    compatibilities: ["EC2"],
    registeredAt: new Date("2026-11-24T10:02:41Z"),
    registeredBy: `arn:aws:sts::${ACCOUNT}:assumed-role/DeployPipeline/deploy-4711`,
  };
}

/** CloudTrail left the response out (as it does for large ones), so the function describes the revision. */
function registeredEvent(request: object) {
  const event = structuredClone(sampleEvent("api-calls/register-task-definition-response-omitted")) as {
    detail: { requestParameters: object };
  };
  event.detail.requestParameters = request;
  return event;
}

function bytes(value: unknown): number {
  return Buffer.byteLength(JSON.stringify(value));
}

/** The task definition policies with a verdict other than NOT_APPLICABLE: each must publish a finding. */
function applicablePolicies(taskDefinition: TaskDefinition): string[] {
  return evaluatePolicies(policies, taskDefinitionFromApi(taskDefinition), { lookups: OFFLINE_LOOKUPS })
    .filter((verdict) => verdict.status !== "NOT_APPLICABLE")
    .map((verdict) => verdict.policy.id)
    .sort();
}

async function publishedFor(taskDefinition: TaskDefinition) {
  ecs.on(DescribeTaskDefinitionCommand).resolves({ taskDefinition, tags: [] });
  const response = await handler(sqsEvent([registeredEvent(requestAtLimits())]), lambdaContext());
  return { response, findings: importedFindings(securityHub) };
}

beforeAll(() => {
  silenceStructuredLogs();
});

beforeEach(() => {
  ecs.reset();
  iam.reset();
  securityHub.reset();
  sqs.reset();
  iam.on(ListAttachedRolePoliciesCommand).resolves({ AttachedPolicies: [], IsTruncated: false });
  iam.on(ListRolePoliciesCommand).resolves({ PolicyNames: [], IsTruncated: false });
  acceptEveryOutput(securityHub, sqs);
});

afterAll(() => vi.restoreAllMocks());

describe("a task definition at ECS's limits", () => {
  it.skipIf(!modelsAvailable())("is a RegisterTaskDefinition request ECS accepts, of at most 64 KiB", () => {
    // Prepare, Act
    const request = requestAtLimits();

    // Assess
    expect(validateRequest("ecs", "RegisterTaskDefinition", request)).toEqual([]);
    expect(bytes(request)).toBeLessThanOrEqual(ECS_LIMITS.taskDefinitionBytes);
    // The environments take what the containers, volumes, mount points and port mappings leave: over a third.
    expect(bytes(request) - bytes(registerRequest(0))).toBeGreaterThan(ECS_LIMITS.taskDefinitionBytes / 3);
    const variables = request.containerDefinitions[0]?.environment.length ?? 0;
    expect(bytes(registerRequest(variables + 1))).toBeGreaterThan(ECS_LIMITS.taskDefinitionBytes);
    expect(request.containerDefinitions).toHaveLength(10);
    expect(variables).toBeGreaterThan(30);
  });

  it.skipIf(!modelsAvailable())(
    "publishes every applicable policy's finding, whole, valid and under 240 KB",
    async () => {
      // Prepare
      const taskDefinition = described(requestAtLimits());

      // Act
      const { response, findings } = await publishedFor(taskDefinition);

      // Assess
      expect(response).toEqual({ batchItemFailures: [] });
      expect(findings.map((finding) => finding.GeneratorId).sort()).toEqual(
        applicablePolicies(taskDefinition),
      );
      for (const call of securityHub.commandCalls(BatchImportFindingsCommand)) {
        expect(validateBatchImportFindings(call.args[0].input)).toEqual([]);
      }
      // At ECS's limits nothing needs trimming: every container and variable is in the Details.
      for (const finding of findings) {
        expect(bytes(finding)).toBeLessThanOrEqual(ASFF_LIMITS.findingBytes);
        expect(finding.ProductFields?.["ecs-guardrails/details-trimmed"]).toBeUndefined();
        const containers = finding.Resources?.[0]?.Details?.AwsEcsTaskDefinition?.ContainerDefinitions;
        expect(containers?.map((container) => container.Environment?.length)).toEqual(
          taskDefinition.containerDefinitions?.map((container) => container.environment?.length),
        );
      }
      expect(
        findings.find((finding) => finding.GeneratorId === "no-privileged-containers")?.Compliance,
      ).toEqual({
        Status: "FAILED",
      });
    },
  );

  it.skipIf(!modelsAvailable())(
    "publishes every finding beyond ECS's limits too, its Details trimmed and saying what was left out",
    async () => {
      // Prepare: 10 times the environments ECS allows, as a future quota or another source might describe.
      const atLimits = requestAtLimits();
      const taskDefinition = described({
        ...atLimits,
        containerDefinitions: atLimits.containerDefinitions.map((container) => ({
          ...container,
          environment: Array.from({ length: 10 }, () => container.environment).flat(),
        })),
      });
      expect(bytes(taskDefinition)).toBeGreaterThan(ASFF_LIMITS.findingBytes);

      // Act
      const { response, findings } = await publishedFor(taskDefinition);

      // Assess
      expect(response).toEqual({ batchItemFailures: [] });
      expect(findings.map((finding) => finding.GeneratorId).sort()).toEqual(
        applicablePolicies(taskDefinition),
      );
      for (const call of securityHub.commandCalls(BatchImportFindingsCommand)) {
        expect(validateBatchImportFindings(call.args[0].input)).toEqual([]);
      }
      for (const finding of findings) {
        expect(finding.ProductFields?.["ecs-guardrails/details-trimmed"]).toMatch(
          /^\d+ entries of the resource's details left out to keep within Security Hub's 240 KB per finding: /,
        );
        const containers = finding.Resources?.[0]?.Details?.AwsEcsTaskDefinition?.ContainerDefinitions;
        expect(containers).toHaveLength(10);
        expect(containers?.every((container) => (container.Environment?.length ?? 0) > 0)).toBe(true);
      }
    },
  );
});
