import {
  type ContainerInstanceDocument,
  containerInstanceFromApi,
  ec2InstanceIdOf,
} from "../model/container-instance.ts";
import { isRecord } from "../model/read.ts";
import type { ResourceKind } from "../model/types.ts";
import { truncate } from "./trim.ts";

/**
 * ASFF `Resources[].Details` for each resource kind, picked from the API-shaped document the
 * resource was normalized from. Only scalars of the right type survive: unresolved intrinsics, empty
 * strings (ASFF requires non-empty strings) and unexpected shapes are left out. Environment variable
 * values never leave the account: names are kept, values redacted.
 */

export const REDACTED = "REDACTED";

/** How an API field becomes an ASFF field: a scalar kind, a nested object, or a list of objects. */
type FieldSpec =
  | readonly [asffName: string, kind: "string" | "boolean" | "integer" | "strings"]
  | readonly [asffName: string, kind: "object", fields: Spec]
  | readonly [asffName: string, kind: "objects", fields: Spec]
  | readonly [asffName: string, kind: "redacted"];
type Spec = Readonly<Record<string, FieldSpec>>;

const environmentVariable: Spec = { name: ["Name", "string"], value: ["Value", "redacted"] };

const containerDefinition: Spec = {
  name: ["Name", "string"],
  image: ["Image", "string"],
  essential: ["Essential", "boolean"],
  privileged: ["Privileged", "boolean"],
  user: ["User", "string"],
  readonlyRootFilesystem: ["ReadonlyRootFilesystem", "boolean"],
  cpu: ["Cpu", "integer"],
  memory: ["Memory", "integer"],
  memoryReservation: ["MemoryReservation", "integer"],
  environment: ["Environment", "objects", environmentVariable],
  environmentFiles: ["EnvironmentFiles", "objects", { type: ["Type", "string"], value: ["Value", "string"] }],
  secrets: ["Secrets", "objects", { name: ["Name", "string"], valueFrom: ["ValueFrom", "string"] }],
  linuxParameters: [
    "LinuxParameters",
    "object",
    {
      capabilities: ["Capabilities", "object", { add: ["Add", "strings"], drop: ["Drop", "strings"] }],
      initProcessEnabled: ["InitProcessEnabled", "boolean"],
    },
  ],
  logConfiguration: ["LogConfiguration", "object", { logDriver: ["LogDriver", "string"] }],
};

const taskDefinition: Spec = {
  family: ["Family", "string"],
  status: ["Status", "string"],
  networkMode: ["NetworkMode", "string"],
  pidMode: ["PidMode", "string"],
  ipcMode: ["IpcMode", "string"],
  cpu: ["Cpu", "string"],
  memory: ["Memory", "string"],
  requiresCompatibilities: ["RequiresCompatibilities", "strings"],
  taskRoleArn: ["TaskRoleArn", "string"],
  executionRoleArn: ["ExecutionRoleArn", "string"],
  containerDefinitions: ["ContainerDefinitions", "objects", containerDefinition],
};

const awsvpcConfiguration: Spec = {
  assignPublicIp: ["AssignPublicIp", "string"],
  securityGroups: ["SecurityGroups", "strings"],
  subnets: ["Subnets", "strings"],
};

const service: Spec = {
  serviceName: ["Name", "string"],
  serviceArn: ["ServiceArn", "string"],
  clusterArn: ["Cluster", "string"],
  cluster: ["Cluster", "string"],
  launchType: ["LaunchType", "string"],
  platformVersion: ["PlatformVersion", "string"],
  taskDefinition: ["TaskDefinition", "string"],
  desiredCount: ["DesiredCount", "integer"],
  schedulingStrategy: ["SchedulingStrategy", "string"],
  enableExecuteCommand: ["EnableExecuteCommand", "boolean"],
  networkConfiguration: [
    "NetworkConfiguration",
    "object",
    { awsvpcConfiguration: ["AwsVpcConfiguration", "object", awsvpcConfiguration] },
  ],
};

const task: Spec = {
  clusterArn: ["ClusterArn", "string"],
  taskDefinitionArn: ["TaskDefinitionArn", "string"],
  startedBy: ["StartedBy", "string"],
  group: ["Group", "string"],
  version: ["Version", "string"],
};

/** ASFF has no details type for task sets; they are reported as `Other`, flattened to strings. */
const taskSet: Spec = {
  taskSetArn: ["TaskSetArn", "string"],
  id: ["Id", "string"],
  serviceArn: ["Service", "string"],
  service: ["Service", "string"],
  clusterArn: ["Cluster", "string"],
  cluster: ["Cluster", "string"],
  launchType: ["LaunchType", "string"],
  taskDefinition: ["TaskDefinition", "string"],
  networkConfiguration: service.networkConfiguration as FieldSpec,
};

const cluster: Spec = {
  clusterName: ["ClusterName", "string"],
  clusterArn: ["ClusterArn", "string"],
  status: ["Status", "string"],
  capacityProviders: ["CapacityProviders", "strings"],
  settings: ["ClusterSettings", "objects", { name: ["Name", "string"], value: ["Value", "string"] }],
  configuration: [
    "Configuration",
    "object",
    {
      executeCommandConfiguration: [
        "ExecuteCommandConfiguration",
        "object",
        {
          kmsKeyId: ["KmsKeyId", "string"],
          logging: ["Logging", "string"],
          logConfiguration: [
            "LogConfiguration",
            "object",
            {
              cloudWatchEncryptionEnabled: ["CloudWatchEncryptionEnabled", "boolean"],
              cloudWatchLogGroupName: ["CloudWatchLogGroupName", "string"],
              s3BucketName: ["S3BucketName", "string"],
              s3EncryptionEnabled: ["S3EncryptionEnabled", "boolean"],
            },
          ],
        },
      ],
    },
  ],
};

/** ASFF has no details type for capacity providers either. */
const capacityProvider: Spec = {
  capacityProviderArn: ["CapacityProviderArn", "string"],
  name: ["Name", "string"],
  autoScalingGroupProvider: [
    "AutoScalingGroupProvider",
    "object",
    {
      autoScalingGroupArn: ["AutoScalingGroupArn", "string"],
      managedTerminationProtection: ["ManagedTerminationProtection", "string"],
      managedScaling: ["ManagedScaling", "object", { status: ["Status", "string"] }],
    },
  ],
};

/** An API's throttling, from `apiThrottlingDocument` (lists already cut to what a finding names). */
const apiThrottling: Spec = {
  eventSource: ["EventSource", "string"],
  eventName: ["EventName", "string"],
  region: ["Region", "string"],
  throttledCalls: ["ThrottledCalls", "integer"],
  firstCallAt: ["FirstCallAt", "string"],
  lastCallAt: ["LastCallAt", "string"],
  errorCodes: ["ErrorCodes", "strings"],
  callers: ["Callers", "strings"],
  targetGroups: ["TargetGroups", "strings"],
  cloudMapServices: ["CloudMapServices", "strings"],
  subnets: ["Subnets", "strings"],
  ecsServices: ["EcsServices", "strings"],
};

/** An EC2 instance as DescribeInstances describes it; ec2InstanceDetails adds the fields ASFF composes. */
const ec2Instance: Spec = {
  InstanceType: ["Type", "string"],
  ImageId: ["ImageId", "string"],
  KeyName: ["KeyName", "string"],
  VpcId: ["VpcId", "string"],
  SubnetId: ["SubnetId", "string"],
  VirtualizationType: ["VirtualizationType", "string"],
  NetworkInterfaces: [
    "NetworkInterfaces",
    "objects",
    { NetworkInterfaceId: ["NetworkInterfaceId", "string"] },
  ],
  MetadataOptions: [
    "MetadataOptions",
    "object",
    {
      HttpEndpoint: ["HttpEndpoint", "string"],
      HttpProtocolIpv6: ["HttpProtocolIpv6", "string"],
      HttpPutResponseHopLimit: ["HttpPutResponseHopLimit", "integer"],
      HttpTokens: ["HttpTokens", "string"],
      InstanceMetadataTags: ["InstanceMetadataTags", "string"],
    },
  ],
  Monitoring: ["Monitoring", "object", { State: ["State", "string"] }],
};

/** External (ECS Anywhere) instances are no EC2 instances: they are reported as Other, from the event. */
const externalInstance: Spec = {
  containerInstanceArn: ["ContainerInstanceArn", "string"],
  clusterArn: ["Cluster", "string"],
  status: ["Status", "string"],
  agentConnected: ["AgentConnected", "boolean"],
  versionInfo: ["VersionInfo", "object", { agentVersion: ["AgentVersion", "string"] }],
  capacityProviderName: ["CapacityProvider", "string"],
};

/**
 * An ECS account setting: ASFF has no details type for it, nor a resource type. `AwsAccount` stands for the whole
 * account, with the account id as its canonical id, and would put a principal's setting on the account.
 */
const accountSetting: Spec = {
  name: ["Name", "string"],
  value: ["Value", "string"],
  principalArn: ["PrincipalArn", "string"],
  type: ["Type", "string"],
};

export const ASFF_RESOURCE_TYPES: Readonly<Record<ResourceKind, string>> = {
  TaskDefinition: "AwsEcsTaskDefinition",
  Service: "AwsEcsService",
  TaskSet: "Other",
  Task: "AwsEcsTask",
  Cluster: "AwsEcsCluster",
  CapacityProvider: "Other",
  // The EC2 instance behind a container instance; an external instance is Other (see asffResourceType).
  ContainerInstance: "AwsEc2Instance",
  RunningTask: "AwsEcsTask",
  ApiThrottling: "Other",
  // A service event's findings are about the service the event names.
  ServiceEvent: "AwsEcsService",
  AccountSetting: "Other",
};

/** `Resources[].Type` of a resource: its kind's, except that an external container instance is no EC2 instance. */
export function asffResourceType(kind: ResourceKind, document: unknown): string {
  return kind === "ContainerInstance" && !isEc2ContainerInstance(document)
    ? "Other"
    : ASFF_RESOURCE_TYPES[kind];
}

/** The `Resources[].Details` member for a resource kind, or undefined when nothing is known. */
export function resourceDetails(kind: ResourceKind, document: unknown): Record<string, unknown> | undefined {
  switch (kind) {
    case "TaskDefinition":
      return wrap("AwsEcsTaskDefinition", pick(document, taskDefinition));
    case "Service":
      return wrap("AwsEcsService", pick(document, service));
    case "Task":
    case "RunningTask":
      return wrap("AwsEcsTask", pick(document, task));
    case "TaskSet":
      return wrap("Other", other(document, taskSet));
    case "Cluster":
      return wrap("AwsEcsCluster", pick(document, cluster));
    case "CapacityProvider":
      return wrap("Other", other(document, capacityProvider));
    case "ContainerInstance": {
      const { containerInstance, ec2Instance } = isRecord(document) ? document : {};
      return isEc2ContainerInstance(document)
        ? wrap("AwsEc2Instance", ec2InstanceDetails(ec2Instance))
        : wrap("Other", other(containerInstance, externalInstance));
    }
    case "ApiThrottling":
      return wrap("Other", other(document, apiThrottling));
    case "ServiceEvent":
      return wrap("AwsEcsService", pick(document, service));
    case "AccountSetting":
      return wrap("Other", other(document, accountSetting));
  }
}

function isEc2ContainerInstance(document: unknown): boolean {
  const { containerInstance } = (isRecord(document) ? document : {}) as Partial<ContainerInstanceDocument>;
  return ec2InstanceIdOf(containerInstanceFromApi(containerInstance)) !== undefined;
}

/** AwsEc2Instance details: DescribeInstances' fields, and those ASFF composes from several (addresses, profile). */
function ec2InstanceDetails(document: unknown): Record<string, unknown> | undefined {
  if (!isRecord(document)) return undefined;
  const profile = isRecord(document.IamInstanceProfile) ? document.IamInstanceProfile.Arn : undefined;
  // The SDK returns LaunchTime as a Date; JSON (replay, tests) as an ISO 8601 string.
  const launchTime =
    document.LaunchTime instanceof Date ? document.LaunchTime.toISOString() : document.LaunchTime;
  const composed = {
    IpV4Addresses: convert(
      [document.PrivateIpAddress, document.PublicIpAddress],
      ["IpV4Addresses", "strings"],
    ),
    IpV6Addresses: convert([document.Ipv6Address], ["IpV6Addresses", "strings"]),
    IamInstanceProfileArn: convert(profile, ["IamInstanceProfileArn", "string"]),
    LaunchedAt: convert(launchTime, ["LaunchedAt", "string"]),
  };
  const details = {
    ...pick(document, ec2Instance),
    ...Object.fromEntries(Object.entries(composed).filter(([, value]) => value !== undefined)),
  };
  return Object.keys(details).length === 0 ? undefined : details;
}

function wrap(member: string, details: Record<string, unknown> | undefined) {
  return details === undefined ? undefined : { [member]: details };
}

/** `Details.Other` values must have fewer than 1,024 characters; a longer one is cut and says so (`…`). */
const OTHER_VALUE_LENGTH = 1023;

function other(document: unknown, spec: Spec): Record<string, string> | undefined {
  const picked = pick(document, spec);
  if (picked === undefined) return undefined;
  return Object.fromEntries(
    flatten(picked, "").map(([key, value]) => [key, truncate(value, OTHER_VALUE_LENGTH)]),
  );
}

/** `{ A: { B: ["x", "y"] } }` → `[["A.B", "x,y"]]`: the shape of `Details.Other`, a map of strings. */
function flatten(value: unknown, key: string): [string, string][] {
  if (Array.isArray(value)) return [[key, value.join(",")]];
  if (typeof value === "object" && value !== null) {
    return Object.entries(value).flatMap(([name, member]) =>
      flatten(member, key === "" ? name : `${key}.${name}`),
    );
  }
  return [[key, String(value)]];
}

function pick(document: unknown, spec: Spec): Record<string, unknown> | undefined {
  if (!isRecord(document)) return undefined;
  const picked: Record<string, unknown> = {};
  for (const [apiName, fieldSpec] of Object.entries(spec)) {
    const value = convert(document[apiName], fieldSpec);
    if (value !== undefined && picked[fieldSpec[0]] === undefined) picked[fieldSpec[0]] = value;
  }
  return Object.keys(picked).length === 0 ? undefined : picked;
}

function convert(value: unknown, fieldSpec: FieldSpec): unknown {
  switch (fieldSpec[1]) {
    case "string":
      // ECS returns some ASFF strings as numbers (a task's version, CloudFormation's Cpu: 256).
      if (typeof value === "number" && Number.isFinite(value)) return String(value);
      return typeof value === "string" && value.trim() !== "" ? value : undefined;
    case "boolean":
      return typeof value === "boolean" ? value : undefined;
    case "integer":
      return Number.isInteger(value) ? value : undefined;
    case "redacted":
      return value === undefined ? undefined : REDACTED;
    case "strings": {
      if (!Array.isArray(value)) return undefined;
      const strings = value.filter((item): item is string => typeof item === "string" && item.trim() !== "");
      return strings.length === 0 ? undefined : strings;
    }
    case "object":
      return pick(value, fieldSpec[2]);
    case "objects": {
      if (!Array.isArray(value)) return undefined;
      const objects = value.map((item) => pick(item, fieldSpec[2])).filter((item) => item !== undefined);
      return objects.length === 0 ? undefined : objects;
    }
  }
}
