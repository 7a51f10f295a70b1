/**
 * The corpus of the CLI scan benchmark, generated the same on every run (fast-check with a fixed seed) and
 * written to a directory: CloudFormation service stacks of the size real ones have (6 to 10 resources, 3 to
 * 21 KB: a task definition with one to four containers, its service, roles, log group and security group,
 * sometimes a worker, a cluster, a capacity provider), in YAML and JSON; task definition files as
 * `aws ecs describe-task-definition --include TAGS` prints them; and one large template.
 *
 * The values the Control Tower rules judge are written the way both cfn-guard and our policies read alike
 * (booleans as booleans, no Windows task definitions, no pinned 1.4.0: see test/conformance/known-differences.ts),
 * so that the two tools' verdicts on the shared rules can be compared on this very corpus.
 */
import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import fc from "fast-check";
import { stringify } from "yaml";
import { ACCOUNT, REGION } from "../test/helpers/builders.ts";
import type { BenchmarkScale } from "./result.ts";

const SEED = 20_260_707;

export interface CorpusSizes {
  readonly templates: number;
  readonly taskDefinitions: number;
  readonly largeTemplateResources: number;
}

export const CORPUS_SIZES: Readonly<Record<BenchmarkScale, CorpusSizes>> = {
  full: { templates: 500, taskDefinitions: 1_000, largeTemplateResources: 500 },
  smoke: { templates: 12, taskDefinitions: 10, largeTemplateResources: 50 },
};

/** One directory per scanned set: each tool is given the directory, as a user would. */
export interface Corpus {
  readonly templates: CorpusSet & { readonly resources: number };
  readonly taskDefinitions: CorpusSet;
  readonly largeTemplate: CorpusSet & { readonly resources: number };
}

export interface CorpusSet {
  readonly directory: string;
  readonly files: number;
  /** The size of all its files. */
  readonly bytes: number;
}

export async function writeCorpus(root: string, sizes: CorpusSizes): Promise<Corpus> {
  const directories = {
    templates: join(root, "templates"),
    taskDefinitions: join(root, "task-definitions"),
    largeTemplate: join(root, "large-template"),
  };
  for (const directory of Object.values(directories)) await mkdir(directory, { recursive: true });

  const bytes = { templates: 0, taskDefinitions: 0, largeTemplate: 0 };
  const write = async (set: keyof typeof bytes, name: string, text: string) => {
    bytes[set] += Buffer.byteLength(text);
    await writeFile(join(directories[set], name), text);
  };

  let templateResources = 0;
  const stacks = fc.sample(stackArbitrary, { seed: SEED, numRuns: sizes.templates });
  for (const [index, stack] of stacks.entries()) {
    const resources = { ExecutionRole: executionRole(), ...stackResources(stack, `svc${index}`) };
    templateResources += Object.keys(resources).length;
    // Every other template in JSON, as CDK synthesizes them; the others in YAML, as people write them.
    const format = index % 2 === 0 ? "yaml" : "json";
    await write("templates", `stack-${index}.${format}`, render(template(resources), format));
  }

  const drafts = fc.sample(taskDefinitionArbitrary, { seed: SEED + 1, numRuns: sizes.taskDefinitions });
  for (const [index, draft] of drafts.entries()) {
    const described = describedTaskDefinition(draft, `svc${index}`, index);
    await write(
      "taskDefinitions",
      `task-definition-${index}.json`,
      `${JSON.stringify(described, null, 2)}\n`,
    );
  }

  const large = largeTemplateResources(sizes.largeTemplateResources);
  await write("largeTemplate", "platform.yaml", render(template(large), "yaml"));

  return {
    templates: {
      directory: directories.templates,
      files: sizes.templates,
      bytes: bytes.templates,
      resources: templateResources,
    },
    taskDefinitions: {
      directory: directories.taskDefinitions,
      files: sizes.taskDefinitions,
      bytes: bytes.taskDefinitions,
    },
    largeTemplate: {
      directory: directories.largeTemplate,
      files: 1,
      bytes: bytes.largeTemplate,
      resources: Object.keys(large).length,
    },
  };
}

// ---------------------------------------------------------------------------------------------------
// What varies between resources (pools repeat values to weigh them as they are found in practice)

const containerArbitrary = fc.record({
  role: fc.constantFrom("app", "app", "worker", "proxy", "log-router", "agent"),
  user: fc.constantFrom<string | undefined>("1000", "1000", "1000:1000", "app", undefined, "root", "0"),
  privileged: fc.constantFrom<boolean | undefined>(undefined, undefined, false, false, true),
  readonlyRootFilesystem: fc.constantFrom<boolean | undefined>(true, true, false, undefined),
  memory: fc.constantFrom<number | undefined>(512, 1024, 256, undefined),
  logDriver: fc.constantFrom<string | undefined>("awslogs", "awslogs", "awslogs", "awsfirelens", undefined),
  credentials: fc.constantFrom(false, false, false, false, false, false, false, false, false, true),
  healthCheck: fc.boolean(),
  dropCapabilities: fc.boolean(),
});

type ContainerDraft = typeof containerArbitrary extends fc.Arbitrary<infer T> ? T : never;

const taskDefinitionArbitrary = fc.record({
  containers: fc.array(containerArbitrary, { minLength: 1, maxLength: 4 }),
  launch: fc.constantFrom("FARGATE", "FARGATE", "FARGATE", "EC2", "EC2"),
  /** For EC2: bridge and host besides awsvpc. */
  ec2NetworkMode: fc.constantFrom("awsvpc", "bridge", "bridge", "host"),
  pidMode: fc.constantFrom<string | undefined>(undefined, undefined, undefined, undefined, "task", "host"),
  scratchVolume: fc.boolean(),
  version: fc.integer({ min: 1, max: 40 }),
});

type TaskDefinitionDraft = typeof taskDefinitionArbitrary extends fc.Arbitrary<infer T> ? T : never;

const stackArbitrary = fc.record({
  taskDefinition: taskDefinitionArbitrary,
  /** A second service (a queue worker) in one stack of four. */
  worker: fc.oneof(
    { arbitrary: fc.constant(null), weight: 3 },
    { arbitrary: taskDefinitionArbitrary, weight: 1 },
  ),
  desiredCount: fc.integer({ min: 1, max: 6 }),
  assignPublicIp: fc.constantFrom("DISABLED", "DISABLED", "DISABLED", "ENABLED"),
  platformVersion: fc.constantFrom<string | undefined>("LATEST", "LATEST", undefined, "1.3.0"),
  cluster: fc.constantFrom<"own" | "shared">("own", "shared", "shared"),
  containerInsights: fc.constantFrom<string | undefined>("enabled", "enabled", "disabled", undefined),
  managedTerminationProtection: fc.constantFrom("ENABLED", "DISABLED"),
});

type StackDraft = typeof stackArbitrary extends fc.Arbitrary<infer T> ? T : never;

// ---------------------------------------------------------------------------------------------------
// Task definitions, API-shaped (camelCase), with the references a template or a described revision holds

type Json = null | boolean | number | string | readonly Json[] | { readonly [key: string]: Json };

interface References {
  readonly executionRoleArn: Json;
  readonly taskRoleArn: Json;
  readonly logGroup: Json;
  readonly region: Json;
}

function taskDefinitionBody(draft: TaskDefinitionDraft, family: string, references: References) {
  const fargate = draft.launch === "FARGATE";
  const networkMode = fargate ? "awsvpc" : draft.ec2NetworkMode;
  return defined({
    family,
    taskRoleArn: references.taskRoleArn,
    executionRoleArn: references.executionRoleArn,
    networkMode,
    requiresCompatibilities: [draft.launch],
    cpu: fargate ? String(256 * 2 ** Math.min(draft.containers.length, 3)) : undefined,
    memory: fargate ? String(1024 * draft.containers.length) : undefined,
    pidMode: draft.pidMode,
    containerDefinitions: draft.containers.map((container, index) =>
      containerBody(container, index, {
        family,
        networkMode,
        scratchVolume: draft.scratchVolume,
        references,
      }),
    ),
    volumes: draft.scratchVolume ? [{ name: "scratch" }] : [],
    runtimePlatform: fargate ? { operatingSystemFamily: "LINUX", cpuArchitecture: "X86_64" } : undefined,
  });
}

function containerBody(
  container: ContainerDraft,
  index: number,
  context: {
    readonly family: string;
    readonly networkMode: string;
    readonly scratchVolume: boolean;
    readonly references: References;
  },
) {
  const name = index === 0 ? context.family : `${container.role}-${index}`;
  const port = 8080 + index;
  return defined({
    name,
    image: `${ACCOUNT}.dkr.ecr.${REGION}.amazonaws.com/${container.role}:1.${index + 4}.2`,
    cpu: 256,
    memory: container.memory,
    memoryReservation: container.memory === undefined ? 256 : undefined,
    essential: index === 0,
    user: container.user,
    privileged: container.privileged,
    readonlyRootFilesystem: container.readonlyRootFilesystem,
    portMappings: [
      defined({
        containerPort: port,
        hostPort: context.networkMode === "bridge" ? 0 : port,
        protocol: "tcp",
      }),
    ],
    environment: [
      { name: "APP_ENV", value: "production" },
      { name: "LOG_LEVEL", value: "info" },
      { name: "PORT", value: String(port) },
      ...(container.credentials ? [{ name: "AWS_SECRET_ACCESS_KEY", value: "wJalrXUtnFEMI/K7MDENG" }] : []),
    ],
    secrets: [
      {
        name: "DATABASE_PASSWORD",
        valueFrom: `arn:aws:secretsmanager:${REGION}:${ACCOUNT}:secret:${context.family}/database-AbCdEf`,
      },
    ],
    logConfiguration:
      container.logDriver === undefined
        ? undefined
        : {
            logDriver: container.logDriver,
            options:
              container.logDriver === "awslogs"
                ? {
                    "awslogs-group": context.references.logGroup,
                    "awslogs-region": context.references.region,
                    "awslogs-stream-prefix": name,
                  }
                : { Name: "cloudwatch_logs", region: context.references.region },
          },
    healthCheck: container.healthCheck
      ? {
          command: ["CMD-SHELL", `curl -f http://localhost:${port}/health || exit 1`],
          interval: 30,
          timeout: 5,
          retries: 3,
          startPeriod: 10,
        }
      : undefined,
    linuxParameters: container.dropCapabilities
      ? { initProcessEnabled: true, capabilities: { drop: ["ALL"] } }
      : undefined,
    mountPoints: context.scratchVolume
      ? [{ sourceVolume: "scratch", containerPath: "/tmp", readOnly: false }]
      : [],
    volumesFrom: [],
  });
}

/** A revision as `aws ecs describe-task-definition --include TAGS` prints it. */
function describedTaskDefinition(draft: TaskDefinitionDraft, family: string, index: number): Json {
  const body = taskDefinitionBody(draft, family, {
    executionRoleArn: `arn:aws:iam::${ACCOUNT}:role/ecsTaskExecutionRole`,
    taskRoleArn: `arn:aws:iam::${ACCOUNT}:role/${family}-task`,
    logGroup: `/ecs/${family}`,
    region: REGION,
  });
  const revision = draft.version;
  return {
    taskDefinition: {
      taskDefinitionArn: `arn:aws:ecs:${REGION}:${ACCOUNT}:task-definition/${family}:${revision}`,
      ...body,
      containerDefinitions: (body.containerDefinitions as readonly Record<string, Json>[]).map(
        (container) => ({ ...container, systemControls: [] }),
      ),
      revision,
      status: "ACTIVE",
      requiresAttributes: [
        { name: "com.amazonaws.ecs.capability.logging-driver.awslogs" },
        { name: "ecs.capability.execution-role-awslogs" },
        { name: "com.amazonaws.ecs.capability.ecr-auth" },
        { name: "ecs.capability.secrets.asm.environment-variables" },
        { name: "com.amazonaws.ecs.capability.task-iam-role" },
        { name: "ecs.capability.task-eni" },
      ],
      placementConstraints: [],
      compatibilities: draft.launch === "FARGATE" ? ["EC2", "FARGATE"] : ["EC2"],
      registeredAt: new Date(Date.UTC(2025, 0, 1) + index * 3_600_000).toISOString(),
      registeredBy: `arn:aws:sts::${ACCOUNT}:assumed-role/deployer/ci-${index}`,
    },
    tags: [
      { key: "team", value: `team-${index % 7}` },
      { key: "service", value: family },
    ],
  };
}

// ---------------------------------------------------------------------------------------------------
// CloudFormation

/**
 * The resources of one service stack but its execution role (shared when stacks are merged into one
 * template), logical ids prefixed so that they can be.
 */
function stackResources(stack: StackDraft, name: string, prefix = ""): Record<string, Json> {
  const id = (logicalId: string) => `${prefix}${logicalId}`;
  const resources: Record<string, Json> = {
    [id("LogGroup")]: {
      Type: "AWS::Logs::LogGroup",
      Properties: { LogGroupName: `/ecs/${name}`, RetentionInDays: 30 },
    },
    [id("TaskRole")]: taskRole(name),
    [id("SecurityGroup")]: {
      Type: "AWS::EC2::SecurityGroup",
      Properties: {
        GroupDescription: `${name} tasks`,
        VpcId: { Ref: "VpcId" },
        SecurityGroupIngress: [{ IpProtocol: "tcp", FromPort: 8080, ToPort: 8083, CidrIp: "10.0.0.0/16" }],
      },
    },
  };
  const cluster: Json = stack.cluster === "own" ? { Ref: id("Cluster") } : "prod";
  if (stack.cluster === "own") {
    resources[id("Cluster")] = {
      Type: "AWS::ECS::Cluster",
      Properties: defined({
        ClusterName: name,
        ClusterSettings:
          stack.containerInsights === undefined
            ? undefined
            : [{ Name: "containerInsights", Value: stack.containerInsights }],
      }),
    };
  }
  const services = [
    { logicalId: id("Service"), draft: stack.taskDefinition, family: name },
    ...(stack.worker === null
      ? []
      : [{ logicalId: id("Worker"), draft: stack.worker, family: `${name}-worker` }]),
  ];
  for (const { logicalId, draft, family } of services) {
    const taskDefinition = `${logicalId}TaskDefinition`;
    resources[taskDefinition] = {
      Type: "AWS::ECS::TaskDefinition",
      Properties: cloudFormationProperties(
        taskDefinitionBody(draft, family, {
          executionRoleArn: { "Fn::GetAtt": ["ExecutionRole", "Arn"] },
          taskRoleArn: { "Fn::GetAtt": [id("TaskRole"), "Arn"] },
          logGroup: { Ref: id("LogGroup") },
          region: { Ref: "AWS::Region" },
        }),
      ),
    };
    resources[logicalId] = service(stack, draft, {
      name: family,
      cluster,
      taskDefinition,
      securityGroup: id("SecurityGroup"),
    });
  }
  if (stack.taskDefinition.launch === "EC2" && stack.cluster === "own") {
    resources[id("CapacityProvider")] = {
      Type: "AWS::ECS::CapacityProvider",
      Properties: {
        AutoScalingGroupProvider: {
          AutoScalingGroupArn: { Ref: "AutoScalingGroupArn" },
          ManagedScaling: { Status: "ENABLED", TargetCapacity: 90 },
          ManagedTerminationProtection: stack.managedTerminationProtection,
        },
      },
    };
  }
  return resources;
}

function service(
  stack: StackDraft,
  draft: TaskDefinitionDraft,
  names: {
    readonly name: string;
    readonly cluster: Json;
    readonly taskDefinition: string;
    readonly securityGroup: string;
  },
): Json {
  const fargate = draft.launch === "FARGATE";
  const awsvpc = fargate || draft.ec2NetworkMode === "awsvpc";
  return {
    Type: "AWS::ECS::Service",
    Properties: defined({
      ServiceName: names.name,
      Cluster: names.cluster,
      TaskDefinition: { Ref: names.taskDefinition },
      LaunchType: draft.launch,
      PlatformVersion: fargate ? stack.platformVersion : undefined,
      DesiredCount: stack.desiredCount,
      DeploymentConfiguration: {
        MinimumHealthyPercent: 100,
        MaximumPercent: 200,
        DeploymentCircuitBreaker: { Enable: true, Rollback: true },
      },
      NetworkConfiguration: awsvpc
        ? {
            AwsvpcConfiguration: {
              AssignPublicIp: stack.assignPublicIp,
              Subnets: { Ref: "Subnets" },
              SecurityGroups: [{ Ref: names.securityGroup }],
            },
          }
        : undefined,
      PropagateTags: "SERVICE",
      Tags: [{ Key: "service", Value: names.name }],
    }),
  };
}

function taskRole(name: string): Json {
  return {
    Type: "AWS::IAM::Role",
    Properties: {
      AssumeRolePolicyDocument: assumedByEcsTasks,
      Policies: [
        {
          PolicyName: "read-assets",
          PolicyDocument: {
            Version: "2012-10-17",
            Statement: [
              { Effect: "Allow", Action: ["s3:GetObject"], Resource: `arn:aws:s3:::${name}-assets/*` },
            ],
          },
        },
      ],
    },
  };
}

function executionRole(): Json {
  return {
    Type: "AWS::IAM::Role",
    Properties: {
      AssumeRolePolicyDocument: assumedByEcsTasks,
      ManagedPolicyArns: ["arn:aws:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy"],
    },
  };
}

const assumedByEcsTasks: Json = {
  Version: "2012-10-17",
  Statement: [
    { Effect: "Allow", Principal: { Service: "ecs-tasks.amazonaws.com" }, Action: "sts:AssumeRole" },
  ],
};

/** One template of many service stacks (a platform team's monolith), cut to exactly `count` resources. */
function largeTemplateResources(count: number): Record<string, Json> {
  const resources: Record<string, Json> = { ExecutionRole: executionRole() };
  const stacks = fc.sample(stackArbitrary, { seed: SEED + 2, numRuns: count });
  for (const [index, stack] of stacks.entries()) {
    for (const [logicalId, resource] of Object.entries(stackResources(stack, `svc${index}`, `Svc${index}`))) {
      if (Object.keys(resources).length === count) return resources;
      resources[logicalId] = resource;
    }
  }
  return resources;
}

function template(resources: Record<string, Json>): Json {
  return {
    AWSTemplateFormatVersion: "2010-09-09",
    Description: "Service stack (generated for the CLI scan benchmark)",
    Parameters: {
      VpcId: { Type: "AWS::EC2::VPC::Id" },
      Subnets: { Type: "List<AWS::EC2::Subnet::Id>" },
      AutoScalingGroupArn: { Type: "String", Default: "" },
    },
    Resources: resources,
    Outputs: Object.fromEntries(
      Object.entries(resources)
        .filter(([, resource]) => (resource as { Type: string }).Type === "AWS::ECS::Service")
        .map(([logicalId]) => [`${logicalId}Name`, { Value: { "Fn::GetAtt": [logicalId, "Name"] } }]),
    ),
  };
}

function render(value: Json, format: "yaml" | "json"): string {
  return format === "json"
    ? `${JSON.stringify(value, null, 2)}\n`
    : stringify(value, { aliasDuplicateObjects: false });
}

/**
 * API field names as template property names: the first letter upper-cased, except in the free-form maps
 * (log driver options), whose keys are data. The task definitions generated here use no field whose
 * template name differs otherwise (shared/model/cloudformation/shape.ts lists those).
 */
function cloudFormationProperties(value: Json, freeForm = false): Json {
  if (Array.isArray(value)) return value.map((item) => cloudFormationProperties(item));
  if (typeof value !== "object" || value === null) return value;
  return Object.fromEntries(
    Object.entries(value).map(([key, item]) => [
      freeForm || isIntrinsic(key) ? key : key.charAt(0).toUpperCase() + key.slice(1),
      isIntrinsic(key) ? item : cloudFormationProperties(item, key === "options"),
    ]),
  );
}

const isIntrinsic = (key: string) => key === "Ref" || key.startsWith("Fn::");

/** The object without its undefined members (absent properties are not written). */
function defined(entries: Record<string, Json | undefined>): Record<string, Json> {
  return Object.fromEntries(Object.entries(entries).filter(([, value]) => value !== undefined)) as Record<
    string,
    Json
  >;
}
