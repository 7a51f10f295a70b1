import type { TaskSet as ApiTaskSet, CreateTaskSetRequest } from "@aws-sdk/client-ecs";
import { networkConfigurationFrom } from "./network-configuration.ts";
import { member, readString, root } from "./read.ts";
import type { TaskSet } from "./types.ts";

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
    id: readString(field("id")),
    service: readString(field("serviceArn")) ?? readString(field("service")),
    cluster: readString(field("clusterArn")) ?? readString(field("cluster")),
    launchType: readString(field("launchType")),
    taskDefinition: readString(field("taskDefinition")),
    networkConfiguration: networkConfigurationFrom(field("networkConfiguration")),
  };
}
