import type { Service } from "@aws-sdk/client-ecs";
import { describe, expect, it } from "vitest";
import { rolloutPlan } from "../../shared/remediation/rollout.ts";
import { modelsAvailable, validateRequest } from "../helpers/aws-model.ts";
import { ACCOUNT, REGION } from "../helpers/builders.ts";

const CLUSTER = `arn:aws:ecs:${REGION}:${ACCOUNT}:cluster/prod`;
const OLD = `arn:aws:ecs:${REGION}:${ACCOUNT}:task-definition/payments_api-v2:12`;
const NEW = `arn:aws:ecs:${REGION}:${ACCOUNT}:task-definition/payments_api-v2:123`;

/** A service as DescribeServices describes it: rolling updates, running the old revision, with settings to keep. */
function service(name: string, overrides: Partial<Service> = {}): Service {
  return {
    serviceArn: `arn:aws:ecs:${REGION}:${ACCOUNT}:service/prod/${name}`,
    serviceName: name,
    clusterArn: CLUSTER,
    status: "ACTIVE",
    desiredCount: 3,
    launchType: "FARGATE",
    platformVersion: "LATEST",
    taskDefinition: OLD,
    deploymentController: { type: "ECS" },
    deploymentConfiguration: { minimumHealthyPercent: 100, maximumPercent: 200 },
    networkConfiguration: {
      awsvpcConfiguration: {
        subnets: ["subnet-0a1b2c3d"],
        securityGroups: ["sg-0a1b2c3d"],
        assignPublicIp: "DISABLED",
      },
    },
    enableExecuteCommand: false,
    ...overrides,
  };
}

describe("rolloutPlan", () => {
  it("moves each service running the old revision to the new one, naming nothing else", () => {
    const plan = rolloutPlan(OLD, NEW, [
      service("api"),
      service("worker", { deploymentController: undefined }),
    ]);
    expect(plan).toEqual({
      updates: ["api", "worker"].map((name) => ({
        service: "ecs",
        operation: "UpdateService",
        input: {
          cluster: CLUSTER,
          service: `arn:aws:ecs:${REGION}:${ACCOUNT}:service/prod/${name}`,
          taskDefinition: NEW,
        },
      })),
      skipped: [],
    });
  });

  it.skipIf(!modelsAvailable())("plans UpdateService requests valid against the ECS model", () => {
    const { updates } = rolloutPlan(OLD, NEW, [service("api"), service("worker")]);
    expect(updates).toHaveLength(2);
    for (const { operation, input } of updates) expect(validateRequest("ecs", operation, input)).toEqual([]);
  });

  it.each([
    [
      "CodeDeploy (blue/green)",
      service("api", { deploymentController: { type: "CODE_DEPLOY" } }),
      "CodeDeploy deployment",
    ],
    [
      "an external controller",
      service("api", { deploymentController: { type: "EXTERNAL" } }),
      "new task set",
    ],
    ["another revision", service("api", { taskDefinition: NEW }), "not the revision that was fixed"],
    [
      "a revision whose number starts like the old one",
      service("api", {
        taskDefinition: `arn:aws:ecs:${REGION}:${ACCOUNT}:task-definition/payments_api-v2:1`,
      }),
      "not the revision that was fixed",
    ],
    [
      "the same revision number of another family",
      service("api", { taskDefinition: OLD.replace("payments_api-v2", "payments") }),
      "not the revision",
    ],
    ["a service being deleted", service("api", { status: "DRAINING" }), "DRAINING"],
    ["a deleted service", service("api", { status: "INACTIVE" }), "INACTIVE"],
    [
      "a description without ARNs",
      service("api", { serviceArn: undefined, clusterArn: undefined }),
      "no service or cluster ARN",
    ],
  ])("skips a service with %s, saying why", (_name, described, reason) => {
    const plan = rolloutPlan(OLD, NEW, [described, service("web")]);
    expect(plan.updates.map(({ input }) => input.service)).toEqual([
      `arn:aws:ecs:${REGION}:${ACCOUNT}:service/prod/web`,
    ]);
    expect(plan.skipped).toEqual([
      { service: described.serviceArn ?? described.serviceName, reason: expect.stringContaining(reason) },
    ]);
  });

  it("plans nothing when no service runs the old revision", () => {
    expect(rolloutPlan(OLD, NEW, [])).toEqual({ updates: [], skipped: [] });
  });
});
