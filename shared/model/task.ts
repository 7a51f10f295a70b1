import type { Task as ApiTask, RunTaskRequest } from "@aws-sdk/client-ecs";
import { member, readBoolean, readString, root } from "./read.ts";
import { readFields, record } from "./shape.ts";
import { callerFields, type Task, taskLaunchFields } from "./types.ts";

const caller = record(callerFields);

/**
 * A task started by RunTask, StartTask or a schedule: the task as the response (or DescribeTasks)
 * describes it, with what the request asked for (network configuration, tags, …), which the
 * task description does not repeat, and who asked, from the CloudTrail record of the call where there is one.
 */
export function taskFromLaunch(task: unknown, request: unknown, cloudTrailRecord?: unknown): Task {
  const taskNode = root(task);
  const requestNode = root(request);
  const field = (key: keyof ApiTask & string) => member<ApiTask>(taskNode, key);
  const requested = (key: keyof RunTaskRequest & string) => member<RunTaskRequest>(requestNode, key);
  const arn = readString(field("taskArn"));
  const launch = readFields(taskLaunchFields, requestNode);
  return {
    kind: "Task",
    arn: typeof arn === "string" ? arn : undefined,
    cluster: readString(field("clusterArn")) ?? readString(requested("cluster")),
    taskDefinition: readString(field("taskDefinitionArn")) ?? readString(requested("taskDefinition")),
    ...launch,
    launchType: readString(field("launchType")) ?? launch.launchType,
    platformVersion: readString(field("platformVersion")) ?? launch.platformVersion,
    startedBy: readString(field("startedBy")) ?? launch.startedBy,
    enableExecuteCommand: readBoolean(field("enableExecuteCommand")) ?? launch.enableExecuteCommand,
    platformFamily: readString(field("platformFamily")),
    caller: caller.read({ value: cloudTrailRecord, at: "/caller" }),
  };
}
