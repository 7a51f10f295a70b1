import type {
  RuntimePlatform as ApiRuntimePlatform,
  TaskDefinition as ApiTaskDefinition,
  ContainerDefinition,
} from "@aws-sdk/client-ecs";
import {
  member,
  type Node,
  readBoolean,
  readListOf,
  readNumber,
  readObject,
  readString,
  readStrings,
  root,
} from "./read.ts";
import type { Container, RuntimePlatform, TaskDefinition } from "./types.ts";

/**
 * A task definition from any API-shaped source: DescribeTaskDefinition output, CloudTrail
 * `responseElements.taskDefinition`, or a RegisterTaskDefinition input (CloudTrail
 * `requestParameters`, a task-definition.json file, converted CloudFormation properties).
 */
export function taskDefinitionFromApi(input: unknown): TaskDefinition {
  const node = root(input);
  const field = (key: keyof ApiTaskDefinition & string) => member<ApiTaskDefinition>(node, key);
  const arn = readString(field("taskDefinitionArn"));
  return {
    kind: "TaskDefinition",
    arn: typeof arn === "string" ? arn : undefined,
    family: readString(field("family")),
    revision: readNumber(field("revision")),
    networkMode: readString(field("networkMode")),
    pidMode: readString(field("pidMode")),
    requiresCompatibilities: readStrings(field("requiresCompatibilities")),
    runtimePlatform: readObject(field("runtimePlatform"), runtimePlatformFrom),
    containerDefinitions: readListOf(field("containerDefinitions"), containerFrom),
  };
}

function runtimePlatformFrom(node: Node): RuntimePlatform {
  return { operatingSystemFamily: readString(member<ApiRuntimePlatform>(node, "operatingSystemFamily")) };
}

function containerFrom(node: Node, index: number): Container {
  const field = (key: keyof ContainerDefinition & string) => member<ContainerDefinition>(node, key);
  return {
    index,
    name: readString(field("name")),
    image: readString(field("image")),
    privileged: readBoolean(field("privileged")),
    user: readString(field("user")),
  };
}
