import { type Task as DescribedTask, DescribeTasksCommand, StopTaskCommand } from "@aws-sdk/client-ecs";
import { isUnresolved } from "../../model/resolvable.ts";
import { type ApiCall, defineAction, isAwsError, planCall, precluded } from "./action.ts";
import { describedOne } from "./described.ts";

const ID = "stop-task";

/** StopTask accepts a reason of up to 255 characters; DescribeTasks shows it as the task's `stoppedReason`. */
const REASON_LIMIT = 255;

interface StopTaskInput {
  readonly cluster: string;
  readonly task: string;
  readonly reason: string;
}

// Only what a fresh DescribeTasks can decide again: a task's revision findings need the revision judged as well,
// and a RunTask launch's need the request, which a re-read does not have.
export default defineAction<"RunningTask", StopTaskInput>({
  id: ID,
  description: "Stops a running task, with a reason naming the policy it violates.",
  policies: ["running-task-public-ip"],
  resources: ["RunningTask"],
  permissions: [
    {
      actions: ["ecs:DescribeTasks", "ecs:StopTask"],
      resources: [{ arn: "arn:{partition}:ecs:{region}:{account}:task/*" }],
      scopableBy: ["ecs:cluster", "aws:ResourceTag"],
    },
  ],
  plan(task, context) {
    const { arn } = task;
    if (arn === undefined) return precluded("the task has no ARN");
    const cluster = clusterOfTaskArn(arn);
    if (cluster === undefined || isUnresolved(cluster)) return precluded("the task's cluster is not known");
    const reason = `ECS Guardrails stopped the task: policy ${context.policyId}: ${context.violations.join("; ")}`;
    return planCall(ID, {
      service: "ecs",
      operation: "StopTask",
      input: { cluster, task: arn, reason: truncate(reason, REASON_LIMIT) },
    });
  },
  async apply(plan, clients) {
    const { cluster, task } = plan.call.input;
    const check: ApiCall<{ cluster: string; tasks: string[] }> = {
      service: "ecs",
      operation: "DescribeTasks",
      input: { cluster, tasks: [task] },
    };
    let found: DescribedTask | undefined;
    try {
      const described = await clients.ecs.send(new DescribeTasksCommand(check.input));
      found = describedOne(check, described.tasks, described.failures);
    } catch (error) {
      if (isAwsError(error, ["ClusterNotFoundException"])) return { kind: "gone", calls: [check] };
      throw error;
    }
    if (found === undefined) return { kind: "gone", calls: [check] };
    // A task stopping or stopped needs no StopTask: someone (or ECS) already asked for it.
    if (found.desiredStatus === "STOPPED" || found.lastStatus === "STOPPED") {
      return { kind: "already-fixed", calls: [check] };
    }
    try {
      await clients.ecs.send(new StopTaskCommand(plan.call.input));
    } catch (error) {
      // The task was running at the check: ECS refuses StopTask for one that stopped and expired since, as invalid.
      if (isAwsError(error, ["InvalidParameterException", "ClusterNotFoundException"])) {
        return { kind: "gone", calls: [check, plan.call] };
      }
      throw error;
    }
    return { kind: "changed", calls: [check, plan.call] };
  },
});

/** `arn:…:task/<cluster>/<id>` names its cluster; the old format `arn:…:task/<id>` does not. */
function clusterOfTaskArn(arn: string): string | undefined {
  const [, cluster, id] = arn.split("/");
  if (id === undefined || cluster === undefined) return undefined;
  return `${arn.slice(0, arn.indexOf(":task/"))}:cluster/${cluster}`;
}

function truncate(text: string, limit: number): string {
  return text.length <= limit ? text : `${text.slice(0, limit - 1)}…`;
}
