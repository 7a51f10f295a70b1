import type * as Ec2 from "@aws-sdk/client-ec2";
import type * as Ecs from "@aws-sdk/client-ecs";
import type { ApiThrottling } from "./api-throttling.ts";
import type { Resolvable } from "./resolvable.ts";
import type { ServiceEvent } from "./service-event.ts";
import { count, type Field, flag, list, type RecordOf, record, stringMap, text } from "./shape.ts";

/**
 * The normalized resources policies evaluate. Field names and nesting follow the ECS API
 * (`@aws-sdk/client-ecs`; each shape is checked against its SDK type), so a policy's evidence path is a
 * JSON pointer in API field names that each source shape can translate back to where it was written.
 * Only what policies read is modelled; every field may be absent or Unresolved (see shape.ts).
 */
export type ResourceKind =
  | "TaskDefinition"
  | "Service"
  | "TaskSet"
  | "Task"
  | "Cluster"
  | "CapacityProvider"
  | "ApiThrottling"
  | "RunningTask"
  | "ContainerInstance"
  | "ServiceEvent"
  | "AccountSetting";

type ShapeOf<Api> = Partial<Record<keyof Api & string, Field<unknown>>>;

const tag = record({ key: text, value: text } satisfies ShapeOf<Ecs.Tag>);
const tags = list(tag);
const keyValue = record({ name: text, value: text } satisfies ShapeOf<Ecs.KeyValuePair>);

const containerDefinition = record({
  name: text,
  image: text,
  essential: flag,
  privileged: flag,
  user: text,
  readonlyRootFilesystem: flag,
  cpu: count,
  memory: count,
  memoryReservation: count,
  stopTimeout: count,
  environment: list(keyValue),
  environmentFiles: list(record({ type: text, value: text } satisfies ShapeOf<Ecs.EnvironmentFile>)),
  secrets: list(record({ name: text, valueFrom: text } satisfies ShapeOf<Ecs.Secret>)),
  logConfiguration: record({
    logDriver: text,
    options: stringMap,
    secretOptions: list(record({ name: text, valueFrom: text } satisfies ShapeOf<Ecs.Secret>)),
  } satisfies ShapeOf<Ecs.LogConfiguration>),
  firelensConfiguration: record({ type: text } satisfies ShapeOf<Ecs.FirelensConfiguration>),
  linuxParameters: record({
    capabilities: record({ add: list(text), drop: list(text) } satisfies ShapeOf<Ecs.KernelCapabilities>),
    devices: list(record({ hostPath: text, containerPath: text } satisfies ShapeOf<Ecs.Device>)),
    initProcessEnabled: flag,
  } satisfies ShapeOf<Ecs.LinuxParameters>),
  dockerSecurityOptions: list(text),
  healthCheck: record({ command: list(text) } satisfies ShapeOf<Ecs.HealthCheck>),
  portMappings: list(record({ containerPort: count, hostPort: count } satisfies ShapeOf<Ecs.PortMapping>)),
  mountPoints: list(
    record({ sourceVolume: text, containerPath: text, readOnly: flag } satisfies ShapeOf<Ecs.MountPoint>),
  ),
  repositoryCredentials: record({ credentialsParameter: text } satisfies ShapeOf<Ecs.RepositoryCredentials>),
  dependsOn: list(
    record({ containerName: text, condition: text } satisfies ShapeOf<Ecs.ContainerDependency>),
  ),
} satisfies ShapeOf<Ecs.ContainerDefinition>);

const volume = record({
  name: text,
  host: record({ sourcePath: text } satisfies ShapeOf<Ecs.HostVolumeProperties>),
  efsVolumeConfiguration: record({
    fileSystemId: text,
    rootDirectory: text,
    transitEncryption: text,
    authorizationConfig: record({
      accessPointId: text,
      iam: text,
    } satisfies ShapeOf<Ecs.EFSAuthorizationConfig>),
  } satisfies ShapeOf<Ecs.EFSVolumeConfiguration>),
  dockerVolumeConfiguration: record({
    driver: text,
    scope: text,
  } satisfies ShapeOf<Ecs.DockerVolumeConfiguration>),
} satisfies ShapeOf<Ecs.Volume>);

export const taskDefinitionFields = {
  family: text,
  networkMode: text,
  pidMode: text,
  ipcMode: text,
  cpu: text,
  memory: text,
  taskRoleArn: text,
  executionRoleArn: text,
  requiresCompatibilities: list(text),
  runtimePlatform: record({
    operatingSystemFamily: text,
    cpuArchitecture: text,
  } satisfies ShapeOf<Ecs.RuntimePlatform>),
  containerDefinitions: list(containerDefinition),
  volumes: list(volume),
  ephemeralStorage: record({ sizeInGiB: count } satisfies ShapeOf<Ecs.EphemeralStorage>),
  tags,
} satisfies ShapeOf<Ecs.TaskDefinition & Ecs.RegisterTaskDefinitionRequest>;

const networkConfiguration = record({
  awsvpcConfiguration: record({
    assignPublicIp: text,
    subnets: list(text),
    securityGroups: list(text),
  } satisfies ShapeOf<Ecs.AwsVpcConfiguration>),
} satisfies ShapeOf<Ecs.NetworkConfiguration>);

const capacityProviderStrategy = list(
  record({
    capacityProvider: text,
    weight: count,
    base: count,
  } satisfies ShapeOf<Ecs.CapacityProviderStrategyItem>),
);

export const serviceFields = {
  serviceName: text,
  launchType: text,
  platformVersion: text,
  platformFamily: text,
  taskDefinition: text,
  desiredCount: count,
  schedulingStrategy: text,
  capacityProviderStrategy,
  networkConfiguration,
  enableECSManagedTags: flag,
  propagateTags: text,
  enableExecuteCommand: flag,
  deploymentConfiguration: record({
    deploymentCircuitBreaker: record({
      enable: flag,
      rollback: flag,
    } satisfies ShapeOf<Ecs.DeploymentCircuitBreaker>),
    minimumHealthyPercent: count,
    maximumPercent: count,
  } satisfies ShapeOf<Ecs.DeploymentConfiguration>),
  deploymentController: record({ type: text } satisfies ShapeOf<Ecs.DeploymentController>),
  loadBalancers: list(
    record({ targetGroupArn: text, containerName: text } satisfies ShapeOf<Ecs.LoadBalancer>),
  ),
  serviceRegistries: list(record({ registryArn: text } satisfies ShapeOf<Ecs.ServiceRegistry>)),
  tags,
} satisfies ShapeOf<Ecs.Service & Ecs.CreateServiceRequest>;

export const taskSetFields = {
  id: text,
  launchType: text,
  platformVersion: text,
  platformFamily: text,
  taskDefinition: text,
  capacityProviderStrategy,
  networkConfiguration,
  tags,
  /** `CODE_DEPLOY` for a task set CodeDeploy created; whatever an external controller passed otherwise. */
  startedBy: text,
} satisfies ShapeOf<Ecs.TaskSet & Ecs.CreateTaskSetRequest>;

/** What RunTask, StartTask or a schedule asked for, which the task description does not repeat. */
export const taskLaunchFields = {
  launchType: text,
  platformVersion: text,
  capacityProviderStrategy,
  networkConfiguration,
  enableECSManagedTags: flag,
  propagateTags: text,
  enableExecuteCommand: flag,
  startedBy: text,
  tags,
} satisfies ShapeOf<Ecs.RunTaskRequest>;

/** How temporary credentials were obtained: the role assumed, and whether with MFA. */
const sessionContext = record({
  sessionIssuer: record({ type: text, arn: text, userName: text }),
  attributes: record({ mfaAuthenticated: flag }),
});

/**
 * Who made the call that launched a task, as the CloudTrail record says (no ECS API shape holds it): its
 * `userIdentity`, whether the session came from the console, and the caller's user agent.
 */
export const callerFields = {
  userIdentity: record({ type: text, arn: text, userName: text, invokedBy: text, sessionContext }),
  sessionCredentialFromConsole: flag,
  userAgent: text,
};

export const clusterFields = {
  clusterName: text,
  settings: list(keyValue),
  configuration: record({
    executeCommandConfiguration: record({
      kmsKeyId: text,
      logging: text,
      logConfiguration: record({
        cloudWatchLogGroupName: text,
        cloudWatchEncryptionEnabled: flag,
        s3BucketName: text,
        s3EncryptionEnabled: flag,
      } satisfies ShapeOf<Ecs.ExecuteCommandLogConfiguration>),
    } satisfies ShapeOf<Ecs.ExecuteCommandConfiguration>),
    managedStorageConfiguration: record({
      kmsKeyId: text,
      fargateEphemeralStorageKmsKeyId: text,
    } satisfies ShapeOf<Ecs.ManagedStorageConfiguration>),
  } satisfies ShapeOf<Ecs.ClusterConfiguration>),
  capacityProviders: list(text),
  defaultCapacityProviderStrategy: capacityProviderStrategy,
  tags,
} satisfies ShapeOf<Ecs.Cluster & Ecs.CreateClusterRequest>;

export const capacityProviderFields = {
  name: text,
  autoScalingGroupProvider: record({
    autoScalingGroupArn: text,
    managedScaling: record({ status: text, targetCapacity: count } satisfies ShapeOf<Ecs.ManagedScaling>),
    managedTerminationProtection: text,
    managedDraining: text,
  } satisfies ShapeOf<Ecs.AutoScalingGroupProvider>),
  tags,
} satisfies ShapeOf<Ecs.CapacityProvider & Ecs.CreateCapacityProviderRequest>;

/** A task as ECS reports it running (Task State Change events, DescribeTasks): only what its policies read. */
export const runningTaskFields = {
  taskDefinitionArn: text,
  attachments: list(record({ details: list(keyValue) } satisfies ShapeOf<Ecs.Attachment>)),
  tags,
} satisfies ShapeOf<Ecs.Task>;

/** An EC2 or external (ECS Anywhere) instance registered to a cluster, as DescribeContainerInstances describes it. */
export const containerInstanceFields = {
  ec2InstanceId: text,
  status: text,
  agentConnected: flag,
  versionInfo: record({ agentVersion: text } satisfies ShapeOf<Ecs.VersionInfo>),
  attributes: list(record({ name: text, value: text } satisfies ShapeOf<Ecs.Attribute>)),
  tags,
} satisfies ShapeOf<Ecs.ContainerInstance>;

/** An ECS account setting as ListAccountSettings lists it and PutAccountSetting(Default) returns it. */
export const accountSettingFields = {
  name: text,
  value: text,
  principalArn: text,
  type: text,
} satisfies ShapeOf<Ecs.Setting>;

/** The EC2 instance behind a container instance, in DescribeInstances' field names: what its policies read. */
export const ec2InstanceFields = {
  InstanceId: text,
  PublicIpAddress: text,
  MetadataOptions: record({
    HttpEndpoint: text,
    HttpTokens: text,
    HttpPutResponseHopLimit: count,
  } satisfies ShapeOf<Ec2.InstanceMetadataOptionsResponse>),
} satisfies ShapeOf<Ec2.Instance>;

interface Identity<Kind extends ResourceKind> {
  readonly kind: Kind;
  /** The resource's ARN when the source holds one. */
  readonly arn: string | undefined;
}

type Of<F> = F extends Field<infer T> ? T : never;

export type Container = Of<typeof containerDefinition>;
export type Volume = Of<typeof volume>;
export type NetworkConfiguration = Of<typeof networkConfiguration>;
export type Tag = Of<typeof tag>;
export type Caller = RecordOf<typeof callerFields>;
export type SessionContext = Of<typeof sessionContext>;

export type TaskDefinition = Identity<"TaskDefinition"> & {
  readonly revision: number | undefined;
} & RecordOf<typeof taskDefinitionFields>;
/** The cluster (`clusterArn`, or `cluster` in requests) the resource belongs to. */
interface InCluster {
  readonly cluster: Resolvable<string | undefined>;
}

export type Service = Identity<"Service"> & InCluster & RecordOf<typeof serviceFields>;
export type TaskSet = Identity<"TaskSet"> &
  InCluster & { readonly service: Resolvable<string | undefined> } & RecordOf<typeof taskSetFields>;
/** A task as launched: the task (ARN, cluster, task definition) plus what its launch asked for. */
export type Task = Identity<"Task"> &
  InCluster & {
    readonly taskDefinition: Resolvable<string | undefined>;
    /** As the task description reports it; launch requests do not say. */
    readonly platformFamily: Resolvable<string | undefined>;
    /** Who launched it, where a CloudTrail record says; offline nothing does. */
    readonly caller: Resolvable<Caller | undefined>;
  } & RecordOf<typeof taskLaunchFields>;
export type Cluster = Identity<"Cluster"> & RecordOf<typeof clusterFields>;
export type CapacityProvider = Identity<"CapacityProvider"> & RecordOf<typeof capacityProviderFields>;
/**
 * A task as ECS reports it running: a kind of its own, because `Task` judges what a launch request asked for
 * (network configuration, tags, …), which a running task does not report.
 */
export type RunningTask = Identity<"RunningTask"> & RecordOf<typeof runningTaskFields>;
export type ContainerInstance = Identity<"ContainerInstance"> &
  InCluster &
  RecordOf<typeof containerInstanceFields>;
/**
 * An ECS account setting of one region: the account default, which is also the root user's setting, or the
 * setting of one user or role, which overrides the default for what that principal creates. No ARN exists.
 */
export type AccountSetting = Identity<"AccountSetting"> & {
  readonly accountDefault: boolean;
  /** The partition the setting is of (`aws-us-gov` in the GovCloud Regions), where the source says. */
  readonly partition: string | undefined;
  /** An account setting has no tags: only the config file's exemptions, by resource id, apply to it. */
  readonly tags: undefined;
} & RecordOf<typeof accountSettingFields>;
/** Not a resource of its own: what the container instance policies look up about the instance behind it. */
export type Ec2Instance = RecordOf<typeof ec2InstanceFields>;

export type Resource =
  | TaskDefinition
  | Service
  | TaskSet
  | Task
  | Cluster
  | CapacityProvider
  | ApiThrottling
  | RunningTask
  | ContainerInstance
  | ServiceEvent
  | AccountSetting;

export type ResourceOfKind<K extends ResourceKind> = Extract<Resource, { kind: K }>;
