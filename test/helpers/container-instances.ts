import { readdirSync } from "node:fs";
import type { Instance } from "@aws-sdk/client-ec2";
import type { ContainerInstance as ApiContainerInstance } from "@aws-sdk/client-ecs";
import { containerInstanceFromApi, type HostedTask } from "../../shared/model/container-instance.ts";
import type { ContainerInstance } from "../../shared/model/types.ts";
import { ACCOUNT, REGION } from "./builders.ts";
import type { CaseLookups } from "./policy-tester.ts";
import { fromSamples, readSharedJson, SHARED_DATA_DIRECTORY } from "./shared-data.ts";

/**
 * Builders for container instance tables: an instance, the EC2 instance behind it and the tasks on it, each
 * compliant with every container instance policy by default, so a case shows only what breaks a rule.
 */
type Loose<T> = { [K in keyof T]?: unknown } & Record<string, unknown>;

export const CLUSTER_ARN = `arn:aws:ecs:${REGION}:${ACCOUNT}:cluster/payments`;
export const CONTAINER_INSTANCE_ARN = `arn:aws:ecs:${REGION}:${ACCOUNT}:container-instance/payments/7c1e4f2a9b3d4e5f8a6b0c1d2e3f4a5b`;
export const INSTANCE_ID = "i-0a1b2c3d4e5f60718";

export const TASK_ENI = "ecs.capability.task-eni";
export const BLOCK_INSTANCE_METADATA = "ecs.capability.task-eni-block-instance-metadata";
export const PRIVILEGED_CONTAINER = "com.amazonaws.ecs.capability.privileged-container";
export const TASK_IAM_ROLE_NETWORK_HOST = "com.amazonaws.ecs.capability.task-iam-role-network-host";

/** The attributes of a hardened agent: awsvpc tasks with instance metadata blocked, privileged containers refused. */
export const HARDENED_ATTRIBUTES = [
  "com.amazonaws.ecs.capability.task-iam-role",
  "com.amazonaws.ecs.capability.logging-driver.awslogs",
  TASK_ENI,
  BLOCK_INSTANCE_METADATA,
].map((name) => ({ name }));

/** A container instance's event detail (DescribeContainerInstances' shape plus the cluster). */
export function containerInstanceDetail(
  overrides: Loose<ApiContainerInstance> = {},
): Loose<ApiContainerInstance> & { clusterArn: unknown } {
  return {
    containerInstanceArn: CONTAINER_INSTANCE_ARN,
    clusterArn: CLUSTER_ARN,
    ec2InstanceId: INSTANCE_ID,
    status: "ACTIVE",
    agentConnected: true,
    versionInfo: { agentVersion: "1.89.2", agentHash: "c6a5f2b1", dockerVersion: "DockerVersion: 25.0.8" },
    attributes: HARDENED_ATTRIBUTES,
    ...overrides,
  };
}

export function containerInstance(overrides: Loose<ApiContainerInstance> = {}): ContainerInstance {
  return containerInstanceFromApi(containerInstanceDetail(overrides));
}

/** The instance's attributes without `removed` and with `added` (names only, as the agent registers them). */
export function attributesWith(added: readonly string[], removed: readonly string[] = []) {
  return [
    ...HARDENED_ATTRIBUTES.filter(({ name }) => !removed.includes(name)),
    ...added.map((name) => ({ name })),
  ];
}

/** An EC2 instance as DescribeInstances describes it: IMDSv2 required, a hop limit of 1, no public address. */
export function ec2Instance(overrides: Loose<Instance> = {}): Loose<Instance> {
  return {
    InstanceId: INSTANCE_ID,
    InstanceType: "m6i.large",
    ImageId: "ami-0c1d2e3f4a5b6c7d8",
    PrivateIpAddress: "10.0.12.34",
    SubnetId: "subnet-0a1b2c3d",
    VpcId: "vpc-0a1b2c3d",
    MetadataOptions: {
      State: "applied",
      HttpTokens: "required",
      HttpPutResponseHopLimit: 1,
      HttpEndpoint: "enabled",
      HttpProtocolIpv6: "disabled",
      InstanceMetadataTags: "disabled",
    },
    ...overrides,
  };
}

/** An EC2 instance whose metadata options carry the overrides. */
export function ec2InstanceWithMetadata(options: Record<string, unknown>): Loose<Instance> {
  const { MetadataOptions } = ec2Instance() as { MetadataOptions: Record<string, unknown> };
  return ec2Instance({ MetadataOptions: { ...MetadataOptions, ...options } });
}

/** A task on the instance with its task definition's network mode (`undefined`: the definition sets none). */
export function hostedTask(family: string, networkMode: HostedTask["networkMode"]): HostedTask {
  return {
    taskDefinitionArn: `arn:aws:ecs:${REGION}:${ACCOUNT}:task-definition/${family}:3`,
    networkMode,
  };
}

/** The lookups of a case: the EC2 instance behind the default container instance, and the tasks on it. */
export function lookupsFor(described: object | null, tasks?: HostedTask[]): CaseLookups {
  return {
    ec2Instances: { [INSTANCE_ID]: described },
    ...(tasks === undefined ? {} : { containerInstanceTasks: { [CONTAINER_INSTANCE_ARN]: tasks } }),
  };
}

export interface RealContainerInstanceEvent {
  readonly file: string;
  readonly event: { readonly detail: Record<string, unknown> } & Record<string, unknown>;
}

/** Every real "ECS Container Instance State Change" event in ../shared/data/events (none when it is absent). */
export function realContainerInstanceEvents(): RealContainerInstanceEvent[] {
  return fromSamples("the real container instance state change samples", () =>
    readdirSync(`${SHARED_DATA_DIRECTORY}events`)
      .filter((file) => file.endsWith(".json"))
      .map((file) => ({
        file,
        event: readSharedJson(`events/${file}`) as RealContainerInstanceEvent["event"],
      }))
      .filter(({ event }) => event["detail-type"] === "ECS Container Instance State Change"),
  );
}

/**
 * The distinct container instances of the real samples (two sources publish the same event), normalized, with
 * the files each comes from: policy tables reject duplicate resources.
 */
export function realContainerInstances(): { readonly files: string; readonly resource: ContainerInstance }[] {
  const byDetail = new Map<string, string[]>();
  const details = new Map<string, unknown>();
  for (const { file, event } of realContainerInstanceEvents()) {
    const key = JSON.stringify(event.detail);
    byDetail.set(key, [...(byDetail.get(key) ?? []), file]);
    details.set(key, event.detail);
  }
  return [...byDetail].map(([key, files]) => ({
    files: files.join(", "),
    resource: containerInstanceFromApi(details.get(key)),
  }));
}
