/**
 * Generated ECS resources for the conformance tests: a small model of what a template or API file writes
 * (`*Spec`), fast-check arbitraries over it, and renderers to CloudFormation (YAML or JSON) and to the
 * API-shaped JSON files the scanner reads. Tests judge the model, never the rendered text.
 */
import fc from "fast-check";
import { Document, isScalar, Scalar, visit, type YAMLSeq } from "yaml";

export type Plain = string | number | boolean;

/** A CloudFormation template parameter; its name is given when the template is rendered. */
export interface ParameterSpec {
  readonly type: "String" | "AWS::SSM::Parameter::Value<String>";
  /** Absent: the parameter has no Default. */
  readonly default: Plain | undefined;
}

export type Intrinsic =
  | { readonly fn: "If"; readonly whenTrue: Plain | undefined; readonly whenFalse: Plain | undefined }
  | { readonly fn: "Ref"; readonly parameter: ParameterSpec }
  | { readonly fn: "RefPseudo"; readonly name: "AWS::Region" | "AWS::StackName" }
  | { readonly fn: "NoValue" };

/** A property as written: absent (`undefined`), a plain value, or an intrinsic function. */
export type Field = Plain | Intrinsic | undefined;

/** An element of a list: as written, behind `Fn::If [condition, element, AWS::NoValue]`, or `Ref: AWS::NoValue`. */
export type Element<T> =
  | { readonly kind: "plain"; readonly value: T }
  | { readonly kind: "if"; readonly value: T }
  | { readonly kind: "noValue" };

/** LogConfiguration: absent, or present with a LogDriver (which may itself be absent: an empty object). */
export type LogSpec = undefined | { readonly logDriver: Field };

/** An Environment entry; a Name that is absent is written as an entry with a Value only. */
export interface VariableSpec {
  readonly name: Field;
}

export interface ContainerSpec {
  readonly name: string;
  readonly image: string;
  readonly privileged: Field;
  readonly user: Field;
  readonly readonlyRootFilesystem: Field;
  /** The container's hard memory limit (Memory). */
  readonly memory: Field;
  readonly logConfiguration: LogSpec;
  /** Absent: no Environment property. */
  readonly environment: readonly Element<VariableSpec>[] | undefined;
}

/** An element of ContainerDefinitions: a container, one behind `Fn::If`, or `Ref: AWS::NoValue`. */
export type ContainerElement = Element<ContainerSpec>;

/** A volume's EFSVolumeConfiguration: none (a bind mount), behind `Fn::If`, or one with a TransitEncryption. */
export type EfsSpec = "none" | "if" | { readonly transitEncryption: Field };

export interface VolumeSpec {
  readonly name: string;
  readonly efs: EfsSpec;
}

export interface TagSpec {
  readonly key: Field;
  readonly value: string;
}

/** Absent: no Tags property. */
export type TagsSpec = readonly Element<TagSpec>[] | undefined;

export interface TaskDefinitionSpec {
  readonly kind: "TaskDefinition";
  readonly logicalId: string;
  readonly family: string;
  /** Absent: no ContainerDefinitions property. */
  readonly containers: readonly ContainerElement[] | undefined;
  readonly networkMode: Field;
  readonly pidMode: Field;
  readonly runtimePlatform:
    | { readonly operatingSystemFamily: Field; readonly cpuArchitecture: string | undefined }
    | undefined;
  readonly requiresCompatibilities: readonly string[] | undefined;
  /** Task-level memory. */
  readonly memory: Plain | undefined;
  readonly volumes: readonly Element<VolumeSpec>[] | undefined;
  readonly tags: TagsSpec;
}

export interface AwsvpcSpec {
  readonly assignPublicIp: Field;
}

/** NetworkConfiguration: absent, without an awsvpc configuration, with one, or with one behind `Fn::If`. */
export type NetworkSpec =
  | undefined
  | { readonly awsvpc: "absent" }
  | { readonly awsvpc: "if" }
  | { readonly awsvpc: AwsvpcSpec };

export interface ServiceSpec {
  readonly kind: "Service";
  readonly logicalId: string;
  readonly name: string;
  readonly network: NetworkSpec;
  readonly launchType: Field;
  /** The capacity providers of a CapacityProviderStrategy; absent: no strategy. */
  readonly strategy: readonly Field[] | undefined;
  readonly platformVersion: Field;
  /** Only a described service (DescribeServices) says it; requests and templates have no such field. */
  readonly platformFamily: string | undefined;
  readonly tags: TagsSpec;
}

export interface TaskSetSpec {
  readonly kind: "TaskSet";
  readonly logicalId: string;
  readonly network: NetworkSpec;
}

export interface SettingSpec {
  readonly name: string;
  readonly value: Field;
}

export interface ClusterSpec {
  readonly kind: "Cluster";
  readonly logicalId: string;
  /** Absent: no ClusterName (API files always name the cluster). */
  readonly name: string | undefined;
  /** Absent: no ClusterSettings property. */
  readonly settings: readonly Element<SettingSpec>[] | undefined;
  readonly tags: TagsSpec;
}

/**
 * What provides a capacity provider's instances: an Auto Scaling group, ECS Managed Instances, Fargate
 * (described FARGATE and FARGATE_SPOT providers, which templates and requests cannot create), or an
 * Auto Scaling group behind `Fn::If` (templates only).
 */
export type ProviderSpec =
  | { readonly kind: "autoScalingGroup"; readonly managedTerminationProtection: Field }
  | { readonly kind: "managedInstances" }
  | { readonly kind: "fargate" }
  | { readonly kind: "if" };

export interface CapacityProviderSpec {
  readonly kind: "CapacityProvider";
  readonly logicalId: string;
  readonly name: string;
  readonly provider: ProviderSpec;
  readonly tags: TagsSpec;
}

export type ResourceSpec =
  | TaskDefinitionSpec
  | ServiceSpec
  | TaskSetSpec
  | ClusterSpec
  | CapacityProviderSpec;

export interface TemplateSpec {
  readonly resources: readonly ResourceSpec[];
  readonly format: "json" | "yaml";
  /** YAML only: how strings are written (plain where YAML allows, or always double-quoted). */
  readonly yamlStrings: "PLAIN" | "QUOTE_DOUBLE";
  /** YAML only: `!Ref`/`!If` rather than `Ref:`/`Fn::If:`. */
  readonly shortForm: boolean;
  readonly versionHeader: boolean;
}

// ---------------------------------------------------------------------------------------------------
// Value pools

/**
 * `user` values: Linux root spellings, non-root ones sharing a prefix or a group with root, case variants,
 * empty user parts, whitespace, numbers as YAML and JSON write them, and Windows account names.
 */
export const USERS: readonly Plain[] = [
  "root",
  "0",
  0,
  "0:0",
  "0:1000",
  "root:wheel",
  "root:",
  "0:",
  "1000",
  1000,
  "1000:0",
  "1000:root",
  "app",
  "app:app",
  "ROOT",
  "Root",
  "rootless",
  "00",
  "10",
  "",
  ":",
  ":1000",
  " root",
  "root ",
  " 0:0",
  "0:0 ",
  "  ",
  "ContainerUser",
  "ContainerAdministrator",
  "containeradministrator",
  "CONTAINERADMINISTRATOR",
  " ContainerAdministrator ",
  "Administrator",
];

export const PRIVILEGED: readonly Plain[] = [true, false, "true", "false"];
export const READ_ONLY_ROOT_FILESYSTEMS: readonly Plain[] = [true, false, "true", "false"];
export const PID_MODES: readonly Plain[] = ["host", "task", "", "  ", "HOST"];
export const NETWORK_MODES: readonly Plain[] = ["awsvpc", "bridge", "host", "host", "none", "HOST"];
export const OPERATING_SYSTEM_FAMILIES: readonly Plain[] = [
  "LINUX",
  "WINDOWS_SERVER_2016_FULL",
  "WINDOWS_SERVER_2019_CORE",
  "WINDOWS_SERVER_2019_FULL",
  "WINDOWS_SERVER_2022_CORE",
  "WINDOWS_SERVER_2022_FULL",
  "WINDOWS_SERVER_2025_CORE",
  "WINDOWS_SERVER_2004_CORE",
  "WINDOWS_SERVER_20H2_CORE",
];
export const ASSIGN_PUBLIC_IPS: readonly Plain[] = ["ENABLED", "DISABLED", "enabled", "disabled", ""];

/** Container memory limits in MiB: usual ones, ones below cfn-guard's minimum of 4, and a number as a string. */
export const CONTAINER_MEMORY: readonly Plain[] = [512, 256, 4, 3, 1, 0, "512"];
/** Log drivers, the none driver, and empty or blank ones. */
export const LOG_DRIVERS: readonly Plain[] = ["awslogs", "awsfirelens", "splunk", "none", "", "  "];

/** The three names of ECS.8. */
export const CREDENTIAL_VARIABLE_NAMES = [
  "AWS_ACCESS_KEY_ID",
  "AWS_SECRET_ACCESS_KEY",
  "ECS_ENGINE_AUTH_DATA",
] as const;
/** Environment variable names: the three of ECS.8 (twice, to weigh them), other spellings of them, and look-alikes. */
export const ENVIRONMENT_NAMES: readonly Plain[] = [
  ...CREDENTIAL_VARIABLE_NAMES,
  ...CREDENTIAL_VARIABLE_NAMES,
  "aws_access_key_id",
  "Aws_Secret_Access_Key",
  "ecs_engine_auth_data",
  " AWS_ACCESS_KEY_ID",
  "AWS_SECRET_ACCESS_KEY ",
  "AWS_SESSION_TOKEN",
  "AWS_ACCESS_KEY",
  "ECS_ENGINE_AUTH_TYPE",
  "AWS_REGION",
  "DB_PASSWORD",
];

export const REQUIRES_COMPATIBILITIES: readonly (readonly string[])[] = [
  [],
  ["EC2"],
  ["FARGATE"],
  ["EC2", "FARGATE"],
  ["EXTERNAL"],
  ["FARGATE", "EXTERNAL"],
  ["MANAGED_INSTANCES"],
  ["EC2", "MANAGED_INSTANCES"],
];
export const TASK_MEMORY: readonly Plain[] = ["512", 2048, "2 GB"];

export const TRANSIT_ENCRYPTIONS: readonly Plain[] = ["ENABLED", "DISABLED", "enabled"];

export const LAUNCH_TYPES: readonly Plain[] = ["FARGATE", "EC2", "EXTERNAL"];
export const CAPACITY_PROVIDERS: readonly Plain[] = ["FARGATE", "FARGATE_SPOT", "asg-provider"];
export const PLATFORM_VERSIONS: readonly Plain[] = ["LATEST", "1.4.0", "1.3.0", "1.0.0", "1.1.0"];
export const PLATFORM_FAMILIES: readonly string[] = [
  "LINUX",
  "WINDOWS_SERVER_2019_CORE",
  "WINDOWS_SERVER_2022_FULL",
];

/** Names in ClusterSettings: the one ECS knows, and a misspelt one that sets nothing. */
export const SETTING_NAMES: readonly string[] = [
  "containerInsights",
  "containerInsights",
  "ContainerInsights",
];
export const CONTAINER_INSIGHTS: readonly Plain[] = ["enabled", "enhanced", "disabled", "ENABLED"];

export const MANAGED_TERMINATION_PROTECTIONS: readonly Plain[] = ["ENABLED", "DISABLED", "enabled"];

/**
 * Tag keys: ordinary ones (case-sensitive: "team" is not "Team"), AWS's own `aws:` keys, and an ECS
 * Guardrails key that exempts nothing by itself.
 */
export const TAG_KEYS: readonly Plain[] = [
  "team",
  "Team",
  "env",
  "owner",
  "aws:cloudformation:stack-name",
  "aws:ecs:clusterName",
  "ecs-guardrails:exempt-reason",
];

// ---------------------------------------------------------------------------------------------------
// Arbitraries

export interface Options {
  /** Allow intrinsic functions (CloudFormation only). */
  readonly intrinsics: boolean;
}

function intrinsicOf(pool: readonly Plain[]): fc.Arbitrary<Intrinsic> {
  const value = fc.option(fc.constantFrom(...pool), { nil: undefined, freq: 4 });
  return fc.oneof(
    fc.record({ fn: fc.constant("If" as const), whenTrue: value, whenFalse: value }),
    fc.record({
      fn: fc.constant("Ref" as const),
      parameter: fc.record({ type: fc.constant("String" as const), default: value }),
    }),
    fc.record({
      fn: fc.constant("Ref" as const),
      parameter: fc.record({
        type: fc.constant("AWS::SSM::Parameter::Value<String>" as const),
        default: fc.constantFrom(...pool),
      }),
    }),
    fc.record({
      fn: fc.constant("RefPseudo" as const),
      name: fc.constantFrom("AWS::Region", "AWS::StackName"),
    }),
    fc.record({ fn: fc.constant("NoValue" as const) }),
  );
}

/** A property from `pool`, absent about one time in five, an intrinsic function one time in five when allowed. */
export function fieldOf(pool: readonly Plain[], options: Options, absentWeight = 2): fc.Arbitrary<Field> {
  const arbitraries: fc.WeightedArbitrary<Field>[] = [
    { weight: 6, arbitrary: fc.constantFrom(...pool) },
    { weight: absentWeight, arbitrary: fc.constant(undefined) },
  ];
  if (options.intrinsics) arbitraries.push({ weight: 2, arbitrary: intrinsicOf(pool) });
  return fc.oneof(...arbitraries);
}

/** List elements: mostly as written; with intrinsics, now and then behind `Fn::If` or `Ref: AWS::NoValue`. */
function elementOf<T>(value: fc.Arbitrary<T>, options: Options): fc.Arbitrary<Element<T>> {
  const plain = value.map((spec) => ({ kind: "plain" as const, value: spec }));
  if (!options.intrinsics) return plain;
  return fc.oneof(
    { weight: 12, arbitrary: plain },
    { weight: 1, arbitrary: value.map((spec) => ({ kind: "if" as const, value: spec })) },
    { weight: 1, arbitrary: fc.constant({ kind: "noValue" as const }) },
  );
}

/** An optional list of up to `maxLength` elements, absent one time in `absentFreq`. */
function listOf<T>(
  element: fc.Arbitrary<Element<T>>,
  maxLength: number,
  absentFreq: number,
): fc.Arbitrary<readonly Element<T>[] | undefined> {
  return fc.option(fc.array(element, { maxLength }), { nil: undefined, freq: absentFreq });
}

export function tagsArbitrary(options: Options): fc.Arbitrary<TagsSpec> {
  const tag = fc.record({
    key: fieldOf(TAG_KEYS, options, 0),
    value: fc.constantFrom("platform", "prod", ""),
  });
  return listOf(elementOf(tag, options), 3, 3);
}

const names = fc.constantFrom("app", "web", "sidecar", "agent", "log-router", "proxy");

export function containerArbitrary(options: Options): fc.Arbitrary<ContainerSpec> {
  const variable = fc.record({ name: fieldOf(ENVIRONMENT_NAMES, options, 1) });
  return fc.record({
    name: names,
    image: fc.constantFrom(
      "public.ecr.aws/nginx/nginx:1.27",
      "busybox",
      "mcr.microsoft.com/windows/servercore",
    ),
    privileged: fieldOf(PRIVILEGED, options),
    user: fieldOf(USERS, options),
    readonlyRootFilesystem: fieldOf(READ_ONLY_ROOT_FILESYSTEMS, options),
    memory: fieldOf(CONTAINER_MEMORY, options, 3),
    logConfiguration: fc.option(fc.record({ logDriver: fieldOf(LOG_DRIVERS, options, 1) }), {
      nil: undefined,
      freq: 4,
    }),
    environment: listOf(elementOf(variable, options), 3, 3),
  });
}

function volumeArbitrary(options: Options): fc.Arbitrary<VolumeSpec> {
  const efs: fc.Arbitrary<EfsSpec> = fc.oneof(
    { weight: 2, arbitrary: fc.constant("none" as const) },
    { weight: options.intrinsics ? 1 : 0, arbitrary: fc.constant("if" as const) },
    { weight: 6, arbitrary: fc.record({ transitEncryption: fieldOf(TRANSIT_ENCRYPTIONS, options) }) },
  );
  return fc.record({ name: fc.constantFrom("data", "shared", "cache"), efs });
}

/**
 * Task definitions with one to four containers, now and then none (an empty list or no property, which
 * CloudFormation allows); `api` task definitions always have the list, which is how files are recognized.
 */
export function taskDefinitionArbitrary(
  logicalId: string,
  options: Options & { readonly api?: boolean },
): fc.Arbitrary<TaskDefinitionSpec> {
  const element = elementOf(containerArbitrary(options), options);
  const containers = fc.oneof(
    { weight: 18, arbitrary: fc.array(element, { minLength: 1, maxLength: 4 }) },
    { weight: 1, arbitrary: fc.constant([]) },
    { weight: options.api ? 0 : 1, arbitrary: fc.constant(undefined) },
  );
  return fc.record({
    kind: fc.constant("TaskDefinition" as const),
    logicalId: fc.constant(logicalId),
    family: fc.constantFrom("web", "worker", "batch"),
    containers,
    networkMode: fieldOf(NETWORK_MODES, options),
    pidMode: fieldOf(PID_MODES, options),
    runtimePlatform: fc.option(
      fc.record({
        operatingSystemFamily: fieldOf(OPERATING_SYSTEM_FAMILIES, options),
        cpuArchitecture: fc.option(fc.constantFrom("X86_64", "ARM64"), { nil: undefined }),
      }),
      { nil: undefined, freq: 3 },
    ),
    requiresCompatibilities: fc.option(fc.constantFrom(...REQUIRES_COMPATIBILITIES), {
      nil: undefined,
      freq: 3,
    }),
    memory: fc.option(fc.constantFrom(...TASK_MEMORY), { nil: undefined, freq: 2 }),
    volumes: listOf(elementOf(volumeArbitrary(options), options), 3, 2),
    tags: tagsArbitrary(options),
  });
}

function networkArbitrary(options: Options): fc.Arbitrary<NetworkSpec> {
  const awsvpc = fc.record({ assignPublicIp: fieldOf(ASSIGN_PUBLIC_IPS, options) });
  return fc.oneof(
    { weight: 2, arbitrary: fc.constant(undefined) },
    { weight: 1, arbitrary: fc.constant({ awsvpc: "absent" as const }) },
    { weight: options.intrinsics ? 1 : 0, arbitrary: fc.constant({ awsvpc: "if" as const }) },
    { weight: 8, arbitrary: awsvpc.map((spec) => ({ awsvpc: spec })) },
  );
}

/** Services; `described` ones (DescribeServices output) also say their platform family, now and then. */
export function serviceArbitrary(
  logicalId: string,
  options: Options & { readonly described?: boolean },
): fc.Arbitrary<ServiceSpec> {
  return fc.record({
    kind: fc.constant("Service" as const),
    logicalId: fc.constant(logicalId),
    name: fc.constantFrom("web", "api"),
    network: networkArbitrary(options),
    launchType: fieldOf(LAUNCH_TYPES, options, 4),
    strategy: fc.option(fc.array(fieldOf(CAPACITY_PROVIDERS, options, 0), { minLength: 1, maxLength: 2 }), {
      nil: undefined,
      freq: 2,
    }),
    platformVersion: fieldOf(PLATFORM_VERSIONS, options),
    platformFamily: options.described
      ? fc.option(fc.constantFrom(...PLATFORM_FAMILIES), { nil: undefined, freq: 4 })
      : fc.constant(undefined),
    tags: tagsArbitrary(options),
  });
}

export function taskSetArbitrary(logicalId: string, options: Options): fc.Arbitrary<TaskSetSpec> {
  return fc.record({
    kind: fc.constant("TaskSet" as const),
    logicalId: fc.constant(logicalId),
    network: networkArbitrary(options),
  });
}

/** Clusters; `api` clusters always have a name, which is how CreateCluster files are recognized. */
export function clusterArbitrary(
  logicalId: string,
  options: Options & { readonly api?: boolean },
): fc.Arbitrary<ClusterSpec> {
  const setting = fc.record({
    name: fc.constantFrom(...SETTING_NAMES),
    value: fieldOf(CONTAINER_INSIGHTS, options, 1),
  });
  return fc.record({
    kind: fc.constant("Cluster" as const),
    logicalId: fc.constant(logicalId),
    name: options.api
      ? fc.constant("default")
      : fc.option(fc.constant("default"), { nil: undefined, freq: 3 }),
    settings: listOf(elementOf(setting, options), 2, 4),
    tags: tagsArbitrary(options),
  });
}

/**
 * Capacity providers: templates and CreateCapacityProvider requests create Auto Scaling group or Managed
 * Instances providers; described ones may also be FARGATE or FARGATE_SPOT.
 */
export function capacityProviderArbitrary(
  logicalId: string,
  options: Options & { readonly described?: boolean },
): fc.Arbitrary<CapacityProviderSpec> {
  const provider: fc.Arbitrary<ProviderSpec> = fc.oneof(
    {
      weight: 8,
      arbitrary: fc.record({
        kind: fc.constant("autoScalingGroup" as const),
        managedTerminationProtection: fieldOf(MANAGED_TERMINATION_PROTECTIONS, options),
      }),
    },
    { weight: 2, arbitrary: fc.constant({ kind: "managedInstances" as const }) },
    { weight: options.described ? 2 : 0, arbitrary: fc.constant({ kind: "fargate" as const }) },
    { weight: options.intrinsics ? 1 : 0, arbitrary: fc.constant({ kind: "if" as const }) },
  );
  return fc.record({
    kind: fc.constant("CapacityProvider" as const),
    logicalId: fc.constant(logicalId),
    name: fc.constantFrom("asg-provider", "spot-provider"),
    provider,
    tags: tagsArbitrary(options),
  });
}

/** How a template is written, apart from its resources. */
export function templateStyleArbitrary(): fc.Arbitrary<Omit<TemplateSpec, "resources">> {
  return fc.record({
    format: fc.constantFrom("json" as const, "yaml" as const),
    yamlStrings: fc.constantFrom("PLAIN" as const, "QUOTE_DOUBLE" as const),
    shortForm: fc.boolean(),
    versionHeader: fc.boolean(),
  });
}

// ---------------------------------------------------------------------------------------------------
// Rendering CloudFormation

type Json = null | boolean | number | string | readonly Json[] | { readonly [key: string]: Json };

/** The condition every `Fn::If` names. */
export const CONDITION = "UseAlternative";

/** `Ref: AWS::NoValue`, a new object each time (YAML would write a shared one as an anchor and aliases). */
const noValue = (): Json => ({ Ref: "AWS::NoValue" });

const AUTO_SCALING_GROUP_ARN =
  "arn:aws:autoscaling:us-east-1:123456789012:autoScalingGroup:1a2b3c4d-5e6f-7a8b-9c0d-1e2f3a4b5c6d:autoScalingGroupName/ecs";
const INFRASTRUCTURE_ROLE_ARN = "arn:aws:iam::123456789012:role/ecsInfrastructureRole";
const INSTANCE_PROFILE_ARN = "arn:aws:iam::123456789012:instance-profile/ecsInstanceRole";

class TemplateWriter {
  readonly parameters: Record<string, Json> = {};
  usesCondition = false;

  /** A property, or `undefined` when absent. */
  field(value: Field): Json | undefined {
    if (typeof value !== "object") return value;
    switch (value.fn) {
      case "If":
        return this.ifElse(this.branch(value.whenTrue), this.branch(value.whenFalse));
      case "Ref": {
        const name = `Parameter${Object.keys(this.parameters).length + 1}`;
        const { type, default: fallback } = value.parameter;
        this.parameters[name] = fallback === undefined ? { Type: type } : { Type: type, Default: fallback };
        return { Ref: name };
      }
      case "RefPseudo":
        return { Ref: value.name };
      case "NoValue":
        return noValue();
    }
  }

  branch(value: Plain | undefined): Json {
    return value === undefined ? noValue() : value;
  }

  ifElse(whenTrue: Json, whenFalse: Json): Json {
    this.usesCondition = true;
    return { "Fn::If": [CONDITION, whenTrue, whenFalse] };
  }

  list<T>(elements: readonly Element<T>[] | undefined, render: (value: T) => Json): Json[] | undefined {
    return elements?.map((element) => {
      if (element.kind === "noValue") return noValue();
      const rendered = render(element.value);
      return element.kind === "if" ? this.ifElse(rendered, noValue()) : rendered;
    });
  }

  tags(tags: TagsSpec): Json[] | undefined {
    return this.list(tags, (tag) =>
      plainObject([
        ["Key", this.field(tag.key)],
        ["Value", tag.value],
      ]),
    );
  }

  container(spec: ContainerSpec): Json {
    const log = spec.logConfiguration;
    return plainObject([
      ["Name", spec.name],
      ["Image", spec.image],
      ["Privileged", this.field(spec.privileged)],
      ["User", this.field(spec.user)],
      ["ReadonlyRootFilesystem", this.field(spec.readonlyRootFilesystem)],
      ["Memory", this.field(spec.memory)],
      [
        "LogConfiguration",
        log === undefined ? undefined : plainObject([["LogDriver", this.field(log.logDriver)]]),
      ],
      [
        "Environment",
        this.list(spec.environment, (variable) =>
          plainObject([
            ["Name", this.field(variable.name)],
            ["Value", "value"],
          ]),
        ),
      ],
    ]);
  }

  volume(spec: VolumeSpec): Json {
    const { efs } = spec;
    if (efs === "none") return { Name: spec.name, Host: { SourcePath: "/data" } };
    const configuration = (transitEncryption: Json | undefined) =>
      plainObject([
        ["FilesystemId", "fs-12345678"],
        ["TransitEncryption", transitEncryption],
      ]);
    return {
      Name: spec.name,
      EFSVolumeConfiguration:
        efs === "if"
          ? this.ifElse(configuration("ENABLED"), noValue())
          : configuration(this.field(efs.transitEncryption)),
    };
  }

  network(spec: NetworkSpec, awsvpcKey: "AwsvpcConfiguration" | "AwsVpcConfiguration"): Json | undefined {
    if (spec === undefined) return undefined;
    if (spec.awsvpc === "absent") return {};
    if (spec.awsvpc === "if") {
      const enabled = { AssignPublicIp: "ENABLED", Subnets: ["subnet-1"] };
      return { [awsvpcKey]: this.ifElse(enabled, noValue()) };
    }
    const awsvpc = plainObject([
      ["AssignPublicIp", this.field(spec.awsvpc.assignPublicIp)],
      ["Subnets", ["subnet-1"]],
    ]);
    return { [awsvpcKey]: awsvpc };
  }

  provider(spec: ProviderSpec): readonly [string, Json] {
    switch (spec.kind) {
      case "autoScalingGroup":
      case "if": {
        const provider = (protection: Json | undefined) =>
          plainObject([
            ["AutoScalingGroupArn", AUTO_SCALING_GROUP_ARN],
            ["ManagedScaling", { Status: "ENABLED", TargetCapacity: 100 }],
            ["ManagedTerminationProtection", protection],
          ]);
        return [
          "AutoScalingGroupProvider",
          spec.kind === "if"
            ? this.ifElse(provider("ENABLED"), noValue())
            : provider(this.field(spec.managedTerminationProtection)),
        ];
      }
      case "managedInstances":
        return [
          "ManagedInstancesProvider",
          {
            InfrastructureRoleArn: INFRASTRUCTURE_ROLE_ARN,
            InstanceLaunchTemplate: {
              Ec2InstanceProfileArn: INSTANCE_PROFILE_ARN,
              NetworkConfiguration: { Subnets: ["subnet-1"] },
            },
          },
        ];
      case "fargate":
        throw new Error("templates cannot declare the FARGATE capacity providers");
    }
  }

  resource(spec: ResourceSpec): Json {
    switch (spec.kind) {
      case "TaskDefinition": {
        const platform = spec.runtimePlatform;
        const runtimePlatform =
          platform === undefined
            ? undefined
            : plainObject([
                ["OperatingSystemFamily", this.field(platform.operatingSystemFamily)],
                ["CpuArchitecture", platform.cpuArchitecture],
              ]);
        return {
          Type: "AWS::ECS::TaskDefinition",
          Properties: plainObject([
            ["Family", spec.family],
            ["RequiresCompatibilities", spec.requiresCompatibilities],
            ["Memory", spec.memory],
            ["NetworkMode", this.field(spec.networkMode)],
            ["PidMode", this.field(spec.pidMode)],
            ["RuntimePlatform", runtimePlatform],
            ["ContainerDefinitions", this.list(spec.containers, (container) => this.container(container))],
            ["Volumes", this.list(spec.volumes, (volume) => this.volume(volume))],
            ["Tags", this.tags(spec.tags)],
          ]),
        };
      }
      case "Service":
        return {
          Type: "AWS::ECS::Service",
          Properties: plainObject([
            ["ServiceName", spec.name],
            ["Cluster", "default"],
            ["TaskDefinition", "web:1"],
            ["LaunchType", this.field(spec.launchType)],
            [
              "CapacityProviderStrategy",
              spec.strategy?.map((provider) =>
                plainObject([
                  ["CapacityProvider", this.field(provider)],
                  ["Weight", 1],
                ]),
              ),
            ],
            ["PlatformVersion", this.field(spec.platformVersion)],
            ["NetworkConfiguration", this.network(spec.network, "AwsvpcConfiguration")],
            ["Tags", this.tags(spec.tags)],
          ]),
        };
      case "TaskSet":
        return {
          Type: "AWS::ECS::TaskSet",
          Properties: plainObject([
            ["Cluster", "default"],
            ["Service", "web"],
            ["TaskDefinition", "web:1"],
            ["NetworkConfiguration", this.network(spec.network, "AwsVpcConfiguration")],
          ]),
        };
      case "Cluster": {
        const properties = plainObject([
          ["ClusterName", spec.name],
          [
            "ClusterSettings",
            this.list(spec.settings, (setting) =>
              plainObject([
                ["Name", setting.name],
                ["Value", this.field(setting.value)],
              ]),
            ),
          ],
          ["Tags", this.tags(spec.tags)],
        ]);
        // `Type: AWS::ECS::Cluster` alone is a common way to declare a cluster.
        return Object.keys(properties).length === 0
          ? { Type: "AWS::ECS::Cluster" }
          : { Type: "AWS::ECS::Cluster", Properties: properties };
      }
      case "CapacityProvider": {
        const [key, provider] = this.provider(spec.provider);
        return {
          Type: "AWS::ECS::CapacityProvider",
          Properties: plainObject([
            ["Name", spec.name],
            [key, provider],
            ["Tags", this.tags(spec.tags)],
          ]),
        };
      }
    }
  }
}

/** The template as data, intrinsic functions in their long form. */
export function templateValue(spec: TemplateSpec): Json {
  const writer = new TemplateWriter();
  const resources = Object.fromEntries(
    spec.resources.map((resource) => [resource.logicalId, writer.resource(resource)]),
  );
  const template: Record<string, Json> = {};
  if (spec.versionHeader) template.AWSTemplateFormatVersion = "2010-09-09";
  if (Object.keys(writer.parameters).length > 0) template.Parameters = writer.parameters;
  if (writer.usesCondition) {
    template.Conditions = { [CONDITION]: { "Fn::Equals": [{ Ref: "AWS::Region" }, "us-east-1"] } };
  }
  template.Resources = resources;
  return template;
}

/** The template's text and the file extension it is written under. */
export function renderTemplate(spec: TemplateSpec): { readonly text: string; readonly extension: string } {
  const value = templateValue(spec);
  if (spec.format === "json") return { text: `${JSON.stringify(value, null, 2)}\n`, extension: ".json" };
  const document = new Document(value);
  if (spec.shortForm) visit(document, { Map: shortForm });
  return { text: document.toString({ defaultStringType: spec.yamlStrings }), extension: ".yaml" };
}

/** Rewrites `{Ref: x}` as `!Ref x` and `{Fn::If: [...]}` as `!If [...]`. */
function shortForm(_key: unknown, node: { items: readonly { key: unknown; value: unknown }[] }) {
  const [pair, other] = node.items;
  if (pair === undefined || other !== undefined || !isScalar(pair.key)) return undefined;
  if (pair.key.value === "Ref" && isScalar(pair.value)) {
    const tagged = new Scalar(pair.value.value);
    tagged.tag = "!Ref";
    return tagged;
  }
  if (pair.key.value === "Fn::If") {
    const sequence = pair.value as YAMLSeq;
    sequence.tag = "!If";
    return sequence;
  }
  return undefined;
}

// ---------------------------------------------------------------------------------------------------
// Rendering API-shaped files (plain values only)

/** How an API-shaped resource is written to a file. */
export type ApiShape =
  | "RegisterTaskDefinition"
  | "DescribeTaskDefinition"
  | "DescribeTaskDefinitionWithoutArn"
  | "CreateService"
  | "DescribeServices"
  | "CreateTaskSet"
  | "CreateCluster"
  | "DescribeClusters"
  | "CreateCapacityProvider"
  | "DescribeCapacityProviders";

export const TASK_DEFINITION_ARN = "arn:aws:ecs:us-east-1:123456789012:task-definition/web:7";
export const SERVICE_ARN = "arn:aws:ecs:us-east-1:123456789012:service/default/web";
export const CLUSTER_ARN = "arn:aws:ecs:us-east-1:123456789012:cluster/default";
const capacityProviderArn = (name: string) => `arn:aws:ecs:us-east-1:123456789012:capacity-provider/${name}`;

/** The file's content and the pointer of the resource within it (the resource id is `<file>#<pointer>`, or its ARN). */
export function renderApi(
  spec: ResourceSpec,
  shape: ApiShape,
): { readonly value: Json; readonly pointer: string; readonly arn?: string } {
  switch (spec.kind) {
    case "TaskDefinition": {
      const body = apiTaskDefinition(spec);
      const tags = apiTags(spec.tags);
      if (shape === "RegisterTaskDefinition") {
        return { value: plainObject([...Object.entries(body), ["tags", tags]]), pointer: "" };
      }
      // DescribeTaskDefinition prints the tags beside the task definition (with --include TAGS).
      const beside = (taskDefinition: Json) =>
        plainObject([
          ["taskDefinition", taskDefinition],
          ["tags", tags],
        ]);
      if (shape === "DescribeTaskDefinition") {
        return {
          value: beside({ taskDefinitionArn: TASK_DEFINITION_ARN, revision: 7, ...body }),
          pointer: "/taskDefinition",
          arn: TASK_DEFINITION_ARN,
        };
      }
      return { value: beside(body), pointer: "/taskDefinition" };
    }
    case "Service": {
      const body = plainObject([
        ["serviceName", spec.name],
        ["taskDefinition", "web:1"],
        ["launchType", plain(spec.launchType)],
        [
          "capacityProviderStrategy",
          spec.strategy?.map((provider) =>
            plainObject([
              ["capacityProvider", plain(provider)],
              ["weight", 1],
            ]),
          ),
        ],
        ["platformVersion", plain(spec.platformVersion)],
        ["networkConfiguration", apiNetwork(spec.network)],
        ["tags", apiTags(spec.tags)],
      ]);
      if (shape === "DescribeServices") {
        const described = plainObject([
          ["serviceArn", SERVICE_ARN],
          ["clusterArn", CLUSTER_ARN],
          ["status", "ACTIVE"],
          ...Object.entries(body),
          ["platformFamily", spec.platformFamily],
        ]);
        return { value: { services: [described], failures: [] }, pointer: "/services/0", arn: SERVICE_ARN };
      }
      if (spec.platformFamily !== undefined) throw new Error("only described services have a platformFamily");
      return { value: { ...body, cluster: "default" }, pointer: "" };
    }
    case "TaskSet":
      return {
        value: plainObject([
          ["service", "web"],
          ["cluster", "default"],
          ["taskDefinition", "web:1"],
          ["networkConfiguration", apiNetwork(spec.network)],
        ]),
        pointer: "",
      };
    case "Cluster": {
      if (spec.name === undefined) throw new Error("API-shaped clusters are named");
      const body = plainObject([
        ["clusterName", spec.name],
        [
          "settings",
          apiList(spec.settings, (setting) =>
            plainObject([
              ["name", setting.name],
              ["value", plain(setting.value)],
            ]),
          ),
        ],
        ["tags", apiTags(spec.tags)],
      ]);
      if (shape === "DescribeClusters") {
        return {
          value: { cluster: { clusterArn: CLUSTER_ARN, status: "ACTIVE", ...body } },
          pointer: "/cluster",
          arn: CLUSTER_ARN,
        };
      }
      return { value: body, pointer: "" };
    }
    case "CapacityProvider": {
      const name = spec.provider.kind === "fargate" ? "FARGATE" : spec.name;
      const body = plainObject([["name", name], ...apiProvider(spec.provider), ["tags", apiTags(spec.tags)]]);
      if (shape === "DescribeCapacityProviders") {
        const arn = capacityProviderArn(name);
        return {
          value: { capacityProviders: [{ capacityProviderArn: arn, status: "ACTIVE", ...body }] },
          pointer: "/capacityProviders/0",
          arn,
        };
      }
      if (spec.provider.kind === "fargate") throw new Error("FARGATE cannot be created");
      return {
        value: spec.provider.kind === "managedInstances" ? { ...body, cluster: "default" } : body,
        pointer: "",
      };
    }
  }
}

function apiTaskDefinition(spec: TaskDefinitionSpec): Record<string, Json> {
  const containers = apiList(spec.containers, (container) =>
    plainObject([
      ["name", container.name],
      ["image", container.image],
      ["privileged", plain(container.privileged)],
      ["user", plain(container.user)],
      ["readonlyRootFilesystem", plain(container.readonlyRootFilesystem)],
      ["memory", plain(container.memory)],
      [
        "logConfiguration",
        container.logConfiguration === undefined
          ? undefined
          : plainObject([["logDriver", plain(container.logConfiguration.logDriver)]]),
      ],
      [
        "environment",
        apiList(container.environment, (variable) =>
          plainObject([
            ["name", plain(variable.name)],
            ["value", "value"],
          ]),
        ),
      ],
    ]),
  );
  const platform = spec.runtimePlatform;
  return plainObject([
    ["family", spec.family],
    ["requiresCompatibilities", spec.requiresCompatibilities],
    ["memory", spec.memory],
    ["networkMode", plain(spec.networkMode)],
    ["pidMode", plain(spec.pidMode)],
    [
      "runtimePlatform",
      platform === undefined
        ? undefined
        : plainObject([
            ["operatingSystemFamily", plain(platform.operatingSystemFamily)],
            ["cpuArchitecture", platform.cpuArchitecture],
          ]),
    ],
    ["containerDefinitions", containers ?? []],
    [
      "volumes",
      apiList(spec.volumes, (volume): Json => {
        const { efs } = volume;
        if (efs === "if") throw new Error("API files have no intrinsic functions");
        if (efs === "none") return { name: volume.name, host: { sourcePath: "/data" } };
        return {
          name: volume.name,
          efsVolumeConfiguration: plainObject([
            ["fileSystemId", "fs-12345678"],
            ["transitEncryption", plain(efs.transitEncryption)],
          ]),
        };
      }),
    ],
  ]);
}

function apiNetwork(spec: NetworkSpec): Json | undefined {
  if (spec === undefined) return undefined;
  if (spec.awsvpc === "absent") return {};
  if (spec.awsvpc === "if") throw new Error("API files have no intrinsic functions");
  return {
    awsvpcConfiguration: plainObject([
      ["subnets", ["subnet-1"]],
      ["assignPublicIp", plain(spec.awsvpc.assignPublicIp)],
    ]),
  };
}

function apiProvider(spec: ProviderSpec): (readonly [string, Json])[] {
  switch (spec.kind) {
    case "autoScalingGroup":
      return [
        [
          "autoScalingGroupProvider",
          plainObject([
            ["autoScalingGroupArn", AUTO_SCALING_GROUP_ARN],
            ["managedScaling", { status: "ENABLED", targetCapacity: 100 }],
            ["managedTerminationProtection", plain(spec.managedTerminationProtection)],
          ]),
        ],
      ];
    case "managedInstances":
      return [
        [
          "managedInstancesProvider",
          {
            infrastructureRoleArn: INFRASTRUCTURE_ROLE_ARN,
            instanceLaunchTemplate: {
              ec2InstanceProfileArn: INSTANCE_PROFILE_ARN,
              networkConfiguration: { subnets: ["subnet-1"] },
            },
          },
        ],
      ];
    case "fargate":
      return [];
    case "if":
      throw new Error("API files have no intrinsic functions");
  }
}

function apiTags(tags: TagsSpec): Json[] | undefined {
  return apiList(tags, (tag) => ({ key: plain(tag.key) ?? "", value: tag.value }));
}

function apiList<T>(
  elements: readonly Element<T>[] | undefined,
  render: (value: T) => Json,
): Json[] | undefined {
  return elements?.map((element) => {
    if (element.kind !== "plain") throw new Error("API files have no intrinsic functions");
    return render(element.value);
  });
}

function plain(value: Field): Plain | undefined {
  if (typeof value === "object") throw new Error("API files have no intrinsic functions");
  return value;
}

function plainObject(entries: readonly (readonly [string, Json | undefined])[]): Record<string, Json> {
  const result: Record<string, Json> = {};
  for (const [key, value] of entries) if (value !== undefined) result[key] = value;
  return result;
}
