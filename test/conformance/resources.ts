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

export interface ContainerSpec {
  readonly name: string;
  readonly image: string;
  readonly privileged: Field;
  readonly user: Field;
}

/** An element of ContainerDefinitions: a container, one behind `Fn::If`, or `Ref: AWS::NoValue`. */
export type ContainerElement =
  | { readonly kind: "container"; readonly container: ContainerSpec }
  | { readonly kind: "if"; readonly container: ContainerSpec }
  | { readonly kind: "noValue" };

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
}

export interface TaskSetSpec {
  readonly kind: "TaskSet";
  readonly logicalId: string;
  readonly network: NetworkSpec;
}

export type ResourceSpec = TaskDefinitionSpec | ServiceSpec | TaskSetSpec;

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
export const PID_MODES: readonly Plain[] = ["host", "task", "", "  ", "HOST"];
export const NETWORK_MODES: readonly Plain[] = ["awsvpc", "bridge", "host", "none", "HOST"];
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
export function fieldOf(pool: readonly Plain[], options: Options): fc.Arbitrary<Field> {
  const arbitraries: fc.WeightedArbitrary<Field>[] = [
    { weight: 6, arbitrary: fc.constantFrom(...pool) },
    { weight: 2, arbitrary: fc.constant(undefined) },
  ];
  if (options.intrinsics) arbitraries.push({ weight: 2, arbitrary: intrinsicOf(pool) });
  return fc.oneof(...arbitraries);
}

const names = fc.constantFrom("app", "web", "sidecar", "agent", "log-router", "proxy");

export function containerArbitrary(options: Options): fc.Arbitrary<ContainerSpec> {
  return fc.record({
    name: names,
    image: fc.constantFrom(
      "public.ecr.aws/nginx/nginx:1.27",
      "busybox",
      "mcr.microsoft.com/windows/servercore",
    ),
    privileged: fieldOf(PRIVILEGED, options),
    user: fieldOf(USERS, options),
  });
}

function containerElementArbitrary(options: Options): fc.Arbitrary<ContainerElement> {
  const container = containerArbitrary(options);
  const plain = container.map((spec) => ({ kind: "container" as const, container: spec }));
  if (!options.intrinsics) return plain;
  return fc.oneof(
    { weight: 12, arbitrary: plain },
    { weight: 1, arbitrary: container.map((spec) => ({ kind: "if" as const, container: spec })) },
    { weight: 1, arbitrary: fc.constant({ kind: "noValue" as const }) },
  );
}

/**
 * Task definitions with one to four containers, now and then none (an empty list or no property, which
 * CloudFormation allows); `api` task definitions always have the list, which is how files are recognized.
 */
export function taskDefinitionArbitrary(
  logicalId: string,
  options: Options & { readonly api?: boolean },
): fc.Arbitrary<TaskDefinitionSpec> {
  const element = containerElementArbitrary(options);
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

export function serviceArbitrary(logicalId: string, options: Options): fc.Arbitrary<ServiceSpec> {
  return fc.record({
    kind: fc.constant("Service" as const),
    logicalId: fc.constant(logicalId),
    name: fc.constantFrom("web", "api"),
    network: networkArbitrary(options),
  });
}

export function taskSetArbitrary(logicalId: string, options: Options): fc.Arbitrary<TaskSetSpec> {
  return fc.record({
    kind: fc.constant("TaskSet" as const),
    logicalId: fc.constant(logicalId),
    network: networkArbitrary(options),
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

class TemplateWriter {
  readonly parameters: Record<string, Json> = {};
  usesCondition = false;

  /** A property, or `undefined` when absent. */
  field(value: Field): Json | undefined {
    if (typeof value !== "object") return value;
    switch (value.fn) {
      case "If":
        this.usesCondition = true;
        return { "Fn::If": [CONDITION, this.branch(value.whenTrue), this.branch(value.whenFalse)] };
      case "Ref": {
        const name = `Parameter${Object.keys(this.parameters).length + 1}`;
        const { type, default: fallback } = value.parameter;
        this.parameters[name] = fallback === undefined ? { Type: type } : { Type: type, Default: fallback };
        return { Ref: name };
      }
      case "RefPseudo":
        return { Ref: value.name };
      case "NoValue":
        return { Ref: "AWS::NoValue" };
    }
  }

  branch(value: Plain | undefined): Json {
    return value === undefined ? { Ref: "AWS::NoValue" } : value;
  }

  container(spec: ContainerSpec): Json {
    return plainObject([
      ["Name", spec.name],
      ["Image", spec.image],
      ["Privileged", this.field(spec.privileged)],
      ["User", this.field(spec.user)],
    ]);
  }

  containerElement(element: ContainerElement): Json {
    switch (element.kind) {
      case "container":
        return this.container(element.container);
      case "if":
        this.usesCondition = true;
        return { "Fn::If": [CONDITION, this.container(element.container), { Ref: "AWS::NoValue" }] };
      case "noValue":
        return { Ref: "AWS::NoValue" };
    }
  }

  network(spec: NetworkSpec, awsvpcKey: "AwsvpcConfiguration" | "AwsVpcConfiguration"): Json | undefined {
    if (spec === undefined) return undefined;
    if (spec.awsvpc === "absent") return {};
    if (spec.awsvpc === "if") {
      this.usesCondition = true;
      const enabled = { AssignPublicIp: "ENABLED", Subnets: ["subnet-1"] };
      return { [awsvpcKey]: { "Fn::If": [CONDITION, enabled, { Ref: "AWS::NoValue" }] } };
    }
    const awsvpc = plainObject([
      ["AssignPublicIp", this.field(spec.awsvpc.assignPublicIp)],
      ["Subnets", ["subnet-1"]],
    ]);
    return { [awsvpcKey]: awsvpc };
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
        const containers = spec.containers?.map((element) => this.containerElement(element));
        return {
          Type: "AWS::ECS::TaskDefinition",
          Properties: plainObject([
            ["Family", spec.family],
            ["NetworkMode", this.field(spec.networkMode)],
            ["PidMode", this.field(spec.pidMode)],
            ["RuntimePlatform", runtimePlatform],
            ["ContainerDefinitions", containers],
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
            ["NetworkConfiguration", this.network(spec.network, "AwsvpcConfiguration")],
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
  | "CreateTaskSet";

export const TASK_DEFINITION_ARN = "arn:aws:ecs:us-east-1:123456789012:task-definition/web:7";

/** The file's content and the pointer of the resource within it (the resource id is `<file>#<pointer>`, or its ARN). */
export function renderApi(
  spec: ResourceSpec,
  shape: ApiShape,
): { readonly value: Json; readonly pointer: string; readonly arn?: string } {
  switch (spec.kind) {
    case "TaskDefinition": {
      const body = apiTaskDefinition(spec);
      if (shape === "DescribeTaskDefinition") {
        return {
          value: { taskDefinition: { taskDefinitionArn: TASK_DEFINITION_ARN, revision: 7, ...body } },
          pointer: "/taskDefinition",
          arn: TASK_DEFINITION_ARN,
        };
      }
      if (shape === "DescribeTaskDefinitionWithoutArn") {
        return { value: { taskDefinition: body }, pointer: "/taskDefinition" };
      }
      return { value: body, pointer: "" };
    }
    case "Service":
      return {
        value: plainObject([
          ["serviceName", spec.name],
          ["cluster", "default"],
          ["taskDefinition", "web:1"],
          ["networkConfiguration", apiNetwork(spec.network)],
        ]),
        pointer: "",
      };
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
  }
}

function apiTaskDefinition(spec: TaskDefinitionSpec): Record<string, Json> {
  const containers = (spec.containers ?? []).map((element) => {
    if (element.kind !== "container") throw new Error("API files have no intrinsic functions");
    const { container } = element;
    return plainObject([
      ["name", container.name],
      ["image", container.image],
      ["privileged", plain(container.privileged)],
      ["user", plain(container.user)],
    ]);
  });
  const platform = spec.runtimePlatform;
  return plainObject([
    ["family", spec.family],
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
    ["containerDefinitions", containers],
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

function plain(value: Field): Plain | undefined {
  if (typeof value === "object") throw new Error("API files have no intrinsic functions");
  return value;
}

function plainObject(entries: readonly (readonly [string, Json | undefined])[]): Record<string, Json> {
  const result: Record<string, Json> = {};
  for (const [key, value] of entries) if (value !== undefined) result[key] = value;
  return result;
}
