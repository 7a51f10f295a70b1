import {
  DeregisterTaskDefinitionCommand,
  type TaskDefinition as DescribedTaskDefinition,
  DescribeTaskDefinitionCommand,
} from "@aws-sdk/client-ecs";
import { type ApiCall, defineAction, isAwsError, planCall, precluded } from "./action.ts";

const ID = "deregister-task-definition";

interface DeregisterTaskDefinitionInput {
  readonly taskDefinition: string;
}

/** ECS answers DescribeTaskDefinition for a revision it no longer knows (deleted) with a ClientException. */
const UNKNOWN_REVISION = "ClientException";

export default defineAction<"TaskDefinition", DeregisterTaskDefinitionInput>({
  id: ID,
  description:
    "Deregisters a task definition revision, so no new service, deployment or RunTask can use it (running tasks go on).",
  // Revisions whose mere use exposes the host or a secret: deregistering stops their spread, not their tasks.
  policies: [
    "no-privileged-containers",
    "no-host-pid-mode",
    "no-host-ipc-mode",
    "no-sensitive-host-mounts",
    "no-dangerous-capabilities",
    "no-aws-credentials-in-environment",
    "no-secrets-in-environment-values",
    "no-plaintext-log-secrets",
  ],
  resources: ["TaskDefinition"],
  permissions: [
    // Neither action supports resource-level permissions or condition keys.
    {
      actions: ["ecs:DescribeTaskDefinition", "ecs:DeregisterTaskDefinition"],
      resources: ["*"],
      scopableBy: [],
    },
  ],
  plan(taskDefinition) {
    // Only a registered revision (family:revision, by ARN) is deregistered: never a family's latest by name.
    if (taskDefinition.arn === undefined) return precluded("the task definition is not registered");
    return planCall(ID, {
      service: "ecs",
      operation: "DeregisterTaskDefinition",
      input: { taskDefinition: taskDefinition.arn },
    });
  },
  async apply(plan, clients) {
    const check: ApiCall<{ taskDefinition: string }> = {
      service: "ecs",
      operation: "DescribeTaskDefinition",
      input: { taskDefinition: plan.call.input.taskDefinition },
    };
    let found: DescribedTaskDefinition | undefined;
    try {
      found = (await clients.ecs.send(new DescribeTaskDefinitionCommand(check.input))).taskDefinition;
    } catch (error) {
      if (isAwsError(error, [UNKNOWN_REVISION])) return { kind: "gone", calls: [check] };
      throw error;
    }
    if (found === undefined || found.status === "DELETE_IN_PROGRESS") return { kind: "gone", calls: [check] };
    if (found.status === "INACTIVE") return { kind: "already-fixed", calls: [check] };
    await clients.ecs.send(new DeregisterTaskDefinitionCommand({ ...plan.call.input }));
    return { kind: "changed", calls: [check, plan.call] };
  },
});
