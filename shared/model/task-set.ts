import type { TaskSet as ApiTaskSet, CreateTaskSetRequest } from "@aws-sdk/client-ecs";
import { member, readString, root } from "./read.ts";
import { readFields } from "./shape.ts";
import { type TaskSet, taskSetFields } from "./types.ts";

type TaskSetShape = ApiTaskSet & CreateTaskSetRequest;

/**
 * A task set from DescribeTaskSets output, CloudTrail `responseElements.taskSet`, a CreateTaskSet
 * input (CloudTrail `requestParameters`, a task-set.json file) or converted CloudFormation properties.
 */
export function taskSetFromApi(input: unknown): TaskSet {
  const node = root(input);
  const field = (key: keyof TaskSetShape & string) => member<TaskSetShape>(node, key);
  const arn = readString(field("taskSetArn"));
  return {
    kind: "TaskSet",
    arn: typeof arn === "string" ? arn : undefined,
    service: readString(field("serviceArn")) ?? readString(field("service")),
    cluster: readString(field("clusterArn")) ?? readString(field("cluster")),
    ...readFields(taskSetFields, node),
  };
}
