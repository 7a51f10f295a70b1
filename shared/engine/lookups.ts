import type { RolePermissions } from "../iam/role-permissions.ts";
import type { HostedTask } from "../model/container-instance.ts";
import type { NetworkInterface } from "../model/network-interface.ts";
import { isUnresolved, type Resolvable, unresolved } from "../model/resolvable.ts";
import type { Ec2Instance } from "../model/types.ts";
import type { PolicyLookups, TaskDefinitionRevision } from "../policies/define-policy.ts";

/** The reason a role's permissions are unknown where nothing read IAM. */
export const IAM_NOT_READ_OFFLINE = "IAM is not read offline";

/** The reason a network interface is unknown where nothing read EC2. */
export const EC2_NOT_READ_OFFLINE = "EC2 is not read offline";

/** The reason a running task's task definition revision is unknown where nothing described it. */
export const TASK_DEFINITION_NOT_READ_OFFLINE = "the task definition revision is not described offline";

/** The reason the tasks on a container instance are unknown where nothing listed them. */
export const CONTAINER_INSTANCE_TASKS_NOT_READ_OFFLINE =
  "the tasks on the container instance are not listed offline";

/**
 * Lookups that know nothing: every role is Unresolved, so a policy that needs one is UNKNOWN rather than
 * PASSED. An unresolved `taskRoleArn` keeps its own reason (e.g. the intrinsic function it is written with).
 */
export const OFFLINE_LOOKUPS: PolicyLookups = {
  rolePermissions: (taskRoleArn) =>
    isUnresolved(taskRoleArn) ? taskRoleArn : unresolved(IAM_NOT_READ_OFFLINE, ""),
  networkInterface: () => unresolved(EC2_NOT_READ_OFFLINE, ""),
  taskDefinitionRevision: () => unresolved(TASK_DEFINITION_NOT_READ_OFFLINE, ""),
  ec2Instance: () => unresolved(EC2_NOT_READ_OFFLINE, ""),
  containerInstanceTasks: () => unresolved(CONTAINER_INSTANCE_TASKS_NOT_READ_OFFLINE, ""),
};

/**
 * Lookups answering from role permissions read beforehand, by `taskRoleArn` as the task definition writes it
 * (`undefined`: the role does not exist); any other role is answered by `otherwise`.
 */
export function roleLookups(
  known: ReadonlyMap<string, Resolvable<RolePermissions | undefined>>,
  otherwise: PolicyLookups = OFFLINE_LOOKUPS,
): PolicyLookups {
  return {
    ...otherwise,
    rolePermissions: (taskRoleArn) =>
      typeof taskRoleArn === "string" && known.has(taskRoleArn)
        ? known.get(taskRoleArn)
        : otherwise.rolePermissions(taskRoleArn),
  };
}

/** Lookups answering network interfaces read beforehand, by id; any other is answered by `otherwise`. */
export function networkInterfaceLookups(
  known: ReadonlyMap<string, Resolvable<NetworkInterface>>,
  otherwise: PolicyLookups = OFFLINE_LOOKUPS,
): PolicyLookups {
  return {
    ...otherwise,
    networkInterface: (networkInterfaceId) =>
      known.get(networkInterfaceId) ?? otherwise.networkInterface(networkInterfaceId),
  };
}

/** Lookups answering task definition revisions read and judged beforehand, by ARN; any other by `otherwise`. */
export function taskDefinitionRevisionLookups(
  known: ReadonlyMap<string, Resolvable<TaskDefinitionRevision>>,
  otherwise: PolicyLookups = OFFLINE_LOOKUPS,
): PolicyLookups {
  return {
    ...otherwise,
    taskDefinitionRevision: (taskDefinitionArn) =>
      known.get(taskDefinitionArn) ?? otherwise.taskDefinitionRevision(taskDefinitionArn),
  };
}

/** What was read about container instances: EC2 instances by id (`undefined`: EC2 does not know it), tasks by ARN. */
export interface ContainerInstanceState {
  readonly ec2Instances: ReadonlyMap<string, Resolvable<Ec2Instance | undefined>>;
  readonly tasks: ReadonlyMap<string, Resolvable<readonly HostedTask[]>>;
}

/** Lookups answering container instance state read beforehand; anything else is answered by `otherwise`. */
export function containerInstanceLookups(
  { ec2Instances, tasks }: ContainerInstanceState,
  otherwise: PolicyLookups = OFFLINE_LOOKUPS,
): PolicyLookups {
  return {
    ...otherwise,
    ec2Instance: (instanceId) =>
      ec2Instances.has(instanceId) ? ec2Instances.get(instanceId) : otherwise.ec2Instance(instanceId),
    containerInstanceTasks: (containerInstanceArn) =>
      tasks.get(containerInstanceArn) ?? otherwise.containerInstanceTasks(containerInstanceArn),
  };
}
