import type { TaskDefinition as ApiTaskDefinition } from "@aws-sdk/client-ecs";
import { member, readNumber, readString, root } from "./read.ts";
import { readFields } from "./shape.ts";
import { type TaskDefinition, taskDefinitionFields } from "./types.ts";

/**
 * A task definition from any API-shaped source: DescribeTaskDefinition output (with its `tags`),
 * CloudTrail `responseElements.taskDefinition`, or a RegisterTaskDefinition input (CloudTrail
 * `requestParameters`, a task-definition.json file, converted CloudFormation properties).
 */
export function taskDefinitionFromApi(input: unknown): TaskDefinition {
  const node = root(input);
  const arn = readString(member<ApiTaskDefinition>(node, "taskDefinitionArn"));
  return {
    kind: "TaskDefinition",
    arn: typeof arn === "string" ? arn : undefined,
    revision: readNumber(member<ApiTaskDefinition>(node, "revision")),
    ...readFields(taskDefinitionFields, node),
  };
}
