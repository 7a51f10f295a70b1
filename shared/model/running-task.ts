import type { Task as ApiTask } from "@aws-sdk/client-ecs";
import { pointer } from "./pointer.ts";
import { member, readString, root } from "./read.ts";
import { isUnresolved, type Resolvable, unresolved } from "./resolvable.ts";
import { readFields } from "./shape.ts";
import { type RunningTask, runningTaskFields } from "./types.ts";

/** A task as ECS reports it: the `detail` of an ECS Task State Change event, or a DescribeTasks `tasks[]` entry. */
export function runningTaskFromApi(input: unknown): RunningTask {
  const node = root(input);
  const arn = readString(member<ApiTask>(node, "taskArn"));
  return {
    kind: "RunningTask",
    arn: typeof arn === "string" ? arn : undefined,
    ...readFields(runningTaskFields, node),
  };
}

/** A network interface a task is attached through, and the JSON pointer of its id in the task. */
export interface TaskNetworkInterface {
  readonly networkInterfaceId: string;
  readonly at: string;
}

const NETWORK_INTERFACE_DETAIL = "networkInterfaceId";

/**
 * The network interfaces of a task: the `networkInterfaceId` of its attachments (type `eni` in events,
 * `ElasticNetworkInterface` in DescribeTasks). awsvpc tasks have one; bridge and host tasks none. An attachment
 * or detail that cannot be read is Unresolved: it may be an interface.
 */
export function taskNetworkInterfaces(task: RunningTask): readonly Resolvable<TaskNetworkInterface>[] {
  const { attachments } = task;
  if (attachments === undefined) return [];
  if (isUnresolved(attachments)) return [attachments];
  return attachments.flatMap((attachment, index): Resolvable<TaskNetworkInterface>[] => {
    if (isUnresolved(attachment)) return [attachment];
    const { details } = attachment;
    if (details === undefined) return [];
    if (isUnresolved(details)) return [details];
    return details.flatMap((detail, position): Resolvable<TaskNetworkInterface>[] => {
      if (isUnresolved(detail)) return [detail];
      if (isUnresolved(detail.name)) return [detail.name];
      if (detail.name !== NETWORK_INTERFACE_DETAIL) return [];
      const at = pointer("attachments", index, "details", position, "value");
      const { value } = detail;
      if (isUnresolved(value)) return [value];
      if (value === undefined || value === "") return [unresolved("the network interface id is empty", at)];
      return [{ networkInterfaceId: value, at }];
    });
  });
}
