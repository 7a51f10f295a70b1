import type { Task as ApiTask, RunTaskRequest } from "@aws-sdk/client-ecs";
import { networkConfigurationFrom } from "./network-configuration.ts";
import { member, readString, root } from "./read.ts";
import type { Task } from "./types.ts";

/**
 * A task started by RunTask or StartTask: the task as the response (or DescribeTasks) describes it,
 * with the network configuration from the request, which the task description does not repeat.
 */
export function taskFromLaunch(task: unknown, request: unknown): Task {
  const taskNode = root(task);
  const requestNode = root(request);
  const field = (key: keyof ApiTask & string) => member<ApiTask>(taskNode, key);
  const requested = (key: keyof RunTaskRequest & string) => member<RunTaskRequest>(requestNode, key);
  const arn = readString(field("taskArn"));
  return {
    kind: "Task",
    arn: typeof arn === "string" ? arn : undefined,
    cluster: readString(field("clusterArn")) ?? readString(requested("cluster")),
    launchType: readString(field("launchType")) ?? readString(requested("launchType")),
    taskDefinition: readString(field("taskDefinitionArn")) ?? readString(requested("taskDefinition")),
    startedBy: readString(field("startedBy")) ?? readString(requested("startedBy")),
    networkConfiguration: networkConfigurationFrom(requested("networkConfiguration")),
  };
}
