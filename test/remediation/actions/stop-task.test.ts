import { DescribeTasksCommand, StopTaskCommand } from "@aws-sdk/client-ecs";
import { describe, expect, it } from "vitest";
import { networkInterfaceLookups } from "../../../shared/engine/lookups.ts";
import { runningTaskFromApi } from "../../../shared/model/running-task.ts";
import { planFor } from "../../../shared/remediation/actions/action.ts";
import stopTask from "../../../shared/remediation/actions/stop-task.ts";
import {
  type ActionCase,
  awsError,
  CLUSTER,
  clients,
  describeAction,
  ecs,
  missing,
  PREFIX,
  planOf,
} from "./harness.ts";

const TASK = `${PREFIX}:task/prod/7c6d5e4f3a2b1c0d9e8f7a6b5c4d3e2f`;
const ENI = "eni-0a1b2c3d4e5f60718";
const runningTask = (networkInterface: string) =>
  runningTaskFromApi({
    taskArn: TASK,
    lastStatus: "RUNNING",
    attachments: [{ type: "eni", details: [{ name: "networkInterfaceId", value: networkInterface }] }],
  });

const testCase: ActionCase = {
  action: stopTask,
  policyId: "running-task-public-ip",
  lookups: networkInterfaceLookups(
    new Map([
      [ENI, { networkInterfaceId: ENI, publicIps: ["203.0.113.25"] }],
      ["eni-private", { networkInterfaceId: "eni-private", publicIps: [] }],
    ]),
  ),
  broken: runningTask(ENI),
  passing: runningTask("eni-private"),
  expected: {
    service: "ecs",
    operation: "StopTask",
    input: {
      cluster: CLUSTER,
      task: TASK,
      reason:
        "ECS Guardrails stopped the task: policy running-task-public-ip: network interface eni-0a1b2c3d4e5f60718 " +
        "has the public IP address 203.0.113.25",
    },
  },
  client: "ecs",
  check: DescribeTasksCommand,
  change: StopTaskCommand,
  before: { tasks: [{ taskArn: TASK, lastStatus: "RUNNING", desiredStatus: "RUNNING" }] },
  after: { tasks: [{ taskArn: TASK, lastStatus: "RUNNING", desiredStatus: "STOPPED" }] },
  gone: (mock) => mock.on(DescribeTasksCommand).resolves(missing(TASK)),
};

describeAction(testCase);

describe("stop-task", () => {
  it("keeps the reason within StopTask's 255 characters", () => {
    const plan = planFor(stopTask, testCase.broken, {
      policyId: "running-task-public-ip",
      violations: Array.from({ length: 20 }, (_, index) => `network interface eni-${index} has a public IP`),
    });
    if (plan.kind !== "plan") throw new Error("expected a plan");
    const { reason } = plan.call.input as { reason: string };
    expect(reason).toHaveLength(255);
    expect(reason).toMatch(/^ECS Guardrails stopped the task: policy running-task-public-ip: /);
  });

  it("makes no plan for a task whose ARN does not name its cluster (the old ARN format)", () => {
    const oldFormat = runningTaskFromApi({ taskArn: `${PREFIX}:task/7c6d5e4f3a2b1c0d9e8f7a6b5c4d3e2f` });
    expect(
      planFor(stopTask, oldFormat, { policyId: "running-task-public-ip", violations: ["public"] }),
    ).toEqual({
      kind: "precluded",
      reason: "the task's cluster is not known",
    });
  });

  it("counts a task that stopped (and expired) between the check and StopTask as gone", async () => {
    ecs.on(DescribeTasksCommand).resolves(testCase.before);
    ecs.on(StopTaskCommand).rejects(awsError("InvalidParameterException"));
    expect((await stopTask.apply(planOf(testCase), clients)).kind).toBe("gone");
  });

  it("counts a task already stopped as already fixed", async () => {
    ecs
      .on(DescribeTasksCommand)
      .resolves({ tasks: [{ taskArn: TASK, lastStatus: "STOPPED", desiredStatus: "STOPPED" }] });
    expect((await stopTask.apply(planOf(testCase), clients)).kind).toBe("already-fixed");
    expect(ecs).toHaveReceivedCommandTimes(StopTaskCommand, 0);
  });
});
