import type { ContainerInstance as ApiContainerInstance, Task as ApiTask } from "@aws-sdk/client-ecs";
import type { Scope } from "./arns.ts";
import { member, readString, root } from "./read.ts";
import { type Resolvable, unresolved } from "./resolvable.ts";
import { readFields } from "./shape.ts";
import {
  type ContainerInstance,
  containerInstanceFields,
  type Ec2Instance,
  ec2InstanceFields,
} from "./types.ts";

/** The event's detail: a container instance as DescribeContainerInstances describes it, plus its cluster. */
type ContainerInstanceShape = ApiContainerInstance & { clusterArn?: string };

/**
 * A container instance from the `detail` of an "ECS Container Instance State Change" event, which has the
 * shape of DescribeContainerInstances' `containerInstances[]` (tags only where the source included them).
 */
export function containerInstanceFromApi(input: unknown): ContainerInstance {
  const node = root(input);
  const field = (key: keyof ContainerInstanceShape & string) => member<ContainerInstanceShape>(node, key);
  const arn = readString(field("containerInstanceArn"));
  return {
    kind: "ContainerInstance",
    arn: typeof arn === "string" ? arn : undefined,
    // The event names the cluster; DescribeContainerInstances output does not repeat it.
    cluster: readString(field("clusterArn")),
    ...readFields(containerInstanceFields, node),
  };
}

/** The EC2 instance as DescribeInstances describes it (`Reservations[].Instances[]`). */
export function ec2InstanceFromApi(input: unknown): Ec2Instance {
  return readFields(ec2InstanceFields, root(input));
}

/** The EC2 instance id of a container instance; none for an external (ECS Anywhere) instance. */
export function ec2InstanceIdOf(instance: ContainerInstance): string | undefined {
  const id = instance.ec2InstanceId;
  return typeof id === "string" && id.trim() !== "" ? id : undefined;
}

/**
 * The id a container instance's findings are published under: its EC2 instance's ARN, as Security Hub names the
 * instance, or for an ECS Anywhere instance (no EC2 instance), its own ARN.
 */
export function containerInstanceResourceId(instance: ContainerInstance, scope: Scope): string | undefined {
  const instanceId = ec2InstanceIdOf(instance);
  return instanceId === undefined ? instance.arn : ec2InstanceArn(scope, instanceId);
}

/** `arn:<partition>:ec2:<region>:<account>:instance/<id>`, the id ASFF and Security Hub give an EC2 instance. */
export function ec2InstanceArn(scope: Scope, instanceId: string): string {
  return `arn:${scope.partition}:ec2:${scope.region}:${scope.account}:instance/${instanceId}`;
}

/**
 * What a container instance's findings describe it from: the container instance as the event reports it and,
 * where it was read, the EC2 instance behind it (DescribeInstances' shape).
 */
export interface ContainerInstanceDocument {
  readonly containerInstance: unknown;
  readonly ec2Instance: unknown;
}

/** A task placed on a container instance, with the network mode its task definition gives it. */
export interface HostedTask {
  readonly taskDefinitionArn: Resolvable<string | undefined>;
  /** `undefined` when the task definition sets none (the platform's default); Unresolved when it was not read. */
  readonly networkMode: Resolvable<string | undefined>;
}

/** The task definition a task runs, as DescribeTasks describes the task. */
export function taskDefinitionArnOf(task: unknown): Resolvable<string | undefined> {
  return readString(member<ApiTask>(root(task), "taskDefinitionArn"));
}

/**
 * A task as DescribeTasks describes it, with its task definition's network mode from `networkModes` (by task
 * definition ARN): Unresolved when the task names no task definition or its network mode was not read.
 */
export function hostedTaskFromApi(
  task: unknown,
  networkModes: ReadonlyMap<string, Resolvable<string | undefined>>,
): HostedTask {
  const taskDefinitionArn = taskDefinitionArnOf(task);
  const networkMode =
    typeof taskDefinitionArn === "string"
      ? networkModes.has(taskDefinitionArn)
        ? networkModes.get(taskDefinitionArn)
        : unresolved(`the task definition ${taskDefinitionArn} was not read`, "")
      : (taskDefinitionArn ??
        unresolved("the task description names no task definition", "/taskDefinitionArn"));
  return { taskDefinitionArn, networkMode };
}
