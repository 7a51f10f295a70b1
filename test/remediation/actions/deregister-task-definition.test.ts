import {
  DeregisterTaskDefinitionCommand,
  DescribeTaskDefinitionCommand,
  type TaskDefinition,
  type TaskDefinitionStatus,
} from "@aws-sdk/client-ecs";
import { describe, expect, it } from "vitest";
import { taskDefinitionFromApi } from "../../../shared/model/task-definition.ts";
import { planFor } from "../../../shared/remediation/actions/action.ts";
import deregisterTaskDefinition from "../../../shared/remediation/actions/deregister-task-definition.ts";
import { taskDefinition } from "../../helpers/builders.ts";
import { type ActionCase, awsError, clients, describeAction, ecs, PREFIX, planOf } from "./harness.ts";

const REVISION = `${PREFIX}:task-definition/web:12`;
const revision = (privileged: boolean, status: TaskDefinitionStatus = "ACTIVE"): TaskDefinition => ({
  taskDefinitionArn: REVISION,
  family: "web",
  revision: 12,
  status,
  containerDefinitions: [{ name: "app", image: "public.ecr.aws/nginx/nginx:1.27", privileged }],
});

const testCase: ActionCase = {
  action: deregisterTaskDefinition,
  policyId: "no-privileged-containers",
  broken: taskDefinitionFromApi(revision(true)),
  passing: taskDefinitionFromApi(revision(false)),
  expected: { service: "ecs", operation: "DeregisterTaskDefinition", input: { taskDefinition: REVISION } },
  client: "ecs",
  check: DescribeTaskDefinitionCommand,
  change: DeregisterTaskDefinitionCommand,
  before: { taskDefinition: revision(true) },
  after: { taskDefinition: revision(true, "INACTIVE") },
  gone: (mock) => mock.on(DescribeTaskDefinitionCommand).rejects(awsError("ClientException")),
};

describeAction(testCase);

describe("deregister-task-definition", () => {
  it("deregisters only a registered revision, never a family's latest by name", () => {
    const unregistered = taskDefinition({
      containerDefinitions: [{ name: "app", image: "nginx", privileged: true }],
    });
    expect(
      planFor(deregisterTaskDefinition, unregistered, {
        policyId: testCase.policyId,
        violations: ["privileged"],
      }),
    ).toEqual({ kind: "precluded", reason: "the task definition is not registered" });
  });

  it("counts a revision being deleted as gone", async () => {
    ecs.on(DescribeTaskDefinitionCommand).resolves({ taskDefinition: revision(true, "DELETE_IN_PROGRESS") });
    expect((await deregisterTaskDefinition.apply(planOf(testCase), clients)).kind).toBe("gone");
    expect(ecs).toHaveReceivedCommandTimes(DeregisterTaskDefinitionCommand, 0);
  });
});
