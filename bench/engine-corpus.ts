/**
 * The corpus the engine throughput benchmark evaluates: resources as ECS describes them (already-parsed JSON),
 * generated from a seed so every run judges the same documents, beside the real task definitions in
 * ../shared/data when present.
 */
import { readdirSync } from "node:fs";
import type { Cluster, ContainerDefinition, Service, TaskDefinition } from "@aws-sdk/client-ecs";
import { readSharedJson, SHARED_DATA_DIRECTORY, sharedDataAvailable } from "../test/helpers/shared-data.ts";

/** What DescribeTaskDefinition answers, its `tags` inside the task definition as the scanner passes them. */
export type DescribedTaskDefinition = TaskDefinition & { readonly tags?: readonly Tag[] };
export type DescribedService = Service;
export type DescribedCluster = Cluster;

interface Tag {
  readonly key: string;
  readonly value: string;
}

const ACCOUNT = "123456789012";
const REGION = "eu-west-1";

/** mulberry32: a small, fast generator whose sequence depends only on the seed. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let mixed = state;
    mixed = Math.imul(mixed ^ (mixed >>> 15), mixed | 1);
    mixed ^= mixed + Math.imul(mixed ^ (mixed >>> 7), mixed | 61);
    return ((mixed ^ (mixed >>> 14)) >>> 0) / 4294967296;
  };
}

type Random = () => number;

/** The document as JSON.parse hands it over: dates as strings, no undefined members. */
function asParsedJson<T>(document: T): T {
  return JSON.parse(JSON.stringify(document)) as T;
}

function pick<T>(random: Random, choices: readonly T[]): T {
  return choices[Math.floor(random() * choices.length)] as T;
}

function chance(random: Random, probability: number): boolean {
  return random() < probability;
}

const IMAGES = [
  `${ACCOUNT}.dkr.ecr.${REGION}.amazonaws.com/payments/api:1.42.0`,
  `${ACCOUNT}.dkr.ecr.${REGION}.amazonaws.com/orders/worker@sha256:${"a3".repeat(32)}`,
  "public.ecr.aws/aws-observability/aws-for-fluent-bit:stable",
  "public.ecr.aws/datadog/agent:7",
  "nginx:1.27-alpine",
  "nginx",
  "redis:latest",
  "ghcr.io/acme/sidecar:v3.1.4",
  "quay.io/prometheus/node-exporter:v1.8.2",
];

const ENVIRONMENT_NAMES = [
  "NODE_ENV",
  "LOG_LEVEL",
  "PORT",
  "DATABASE_HOST",
  "FEATURE_FLAGS",
  "SERVICE_URL",
  "TZ",
  "JAVA_OPTS",
  "API_TOKEN",
  "CACHE_TTL",
];

/** Values of the shapes found in real task definitions: plain settings, URLs, and now and then a leaked key. */
function environmentValue(random: Random, name: string): string {
  if (name === "API_TOKEN" && chance(random, 0.3)) return `ghp_${"x7Qk2LmN9pR4sT6v".repeat(2)}abcd`;
  if (name === "SERVICE_URL")
    return `https://orders.internal.example.com:${8000 + Math.floor(random() * 100)}/v1`;
  if (name === "JAVA_OPTS") return "-Xms512m -Xmx1024m -XX:+UseG1GC -Dfile.encoding=UTF-8";
  return pick(random, ["production", "info", "8080", "db.internal", "a,b,c", "Europe/Paris", "300"]);
}

function container(random: Random, index: number, family: string): ContainerDefinition {
  const name = index === 0 ? family : `${pick(random, ["sidecar", "log-router", "proxy", "agent"])}-${index}`;
  const environment = ENVIRONMENT_NAMES.slice(0, 3 + Math.floor(random() * 8)).map((variable) => ({
    name: variable,
    value: environmentValue(random, variable),
  }));
  if (chance(random, 0.03)) environment.push({ name: "AWS_ACCESS_KEY_ID", value: "AKIAIOSFODNN7EXAMPLE" });
  return {
    name,
    image: pick(random, IMAGES),
    essential: index === 0 || chance(random, 0.3),
    cpu: pick(random, [0, 128, 256, 512]),
    memory: chance(random, 0.6) ? pick(random, [256, 512, 1024]) : undefined,
    memoryReservation: chance(random, 0.4) ? 128 : undefined,
    portMappings:
      index === 0 ? [{ containerPort: 8080, hostPort: chance(random, 0.2) ? 8080 : 0, protocol: "tcp" }] : [],
    environment,
    secrets: chance(random, 0.5)
      ? [
          {
            name: "DATABASE_PASSWORD",
            valueFrom: `arn:aws:secretsmanager:${REGION}:${ACCOUNT}:secret:${family}/db-AbCdEf`,
          },
          { name: "API_KEY", valueFrom: `/${family}/api-key` },
        ]
      : [],
    mountPoints: chance(random, 0.3)
      ? [{ sourceVolume: "data", containerPath: "/data", readOnly: false }]
      : [],
    volumesFrom: [],
    user: chance(random, 0.5) ? pick(random, ["1000", "1000:1000", "root", "app"]) : undefined,
    readonlyRootFilesystem: chance(random, 0.5) ? true : undefined,
    privileged: chance(random, 0.05) ? true : undefined,
    stopTimeout: chance(random, 0.3) ? pick(random, [10, 30, 60, 120]) : undefined,
    dockerSecurityOptions: chance(random, 0.3)
      ? [
          pick(random, [
            "no-new-privileges",
            "no-new-privileges",
            "no-new-privileges=false",
            "apparmor=unconfined",
          ]),
        ]
      : undefined,
    linuxParameters: chance(random, 0.4)
      ? {
          initProcessEnabled: chance(random, 0.7),
          capabilities: {
            add: chance(random, 0.2) ? [pick(random, ["SYS_PTRACE", "NET_ADMIN", "NET_BIND_SERVICE"])] : [],
            drop: chance(random, 0.5) ? ["ALL"] : ["NET_RAW"],
          },
        }
      : undefined,
    healthCheck: chance(random, 0.6)
      ? {
          command: ["CMD-SHELL", "curl -f http://localhost:8080/health || exit 1"],
          interval: 30,
          timeout: 5,
          retries: 3,
        }
      : undefined,
    logConfiguration: chance(random, 0.9) ? logConfiguration(random, family, name) : undefined,
    repositoryCredentials: undefined,
  };
}

function logConfiguration(
  random: Random,
  family: string,
  name: string,
): ContainerDefinition["logConfiguration"] {
  if (chance(random, 0.05))
    return {
      logDriver: "splunk",
      options: {
        "splunk-url": "https://splunk.example.com:8088",
        "splunk-token": "0f3c1e7a-9b2d-4c5e-8a6f-1d2e3f4a5b6c",
      },
    };
  return {
    logDriver: pick(random, ["awslogs", "awslogs", "awsfirelens", "json-file"]),
    options: {
      "awslogs-group": `/ecs/${family}`,
      "awslogs-region": REGION,
      "awslogs-stream-prefix": name,
    },
  };
}

const FAMILIES = [
  "payments-api",
  "orders-worker",
  "search",
  "billing",
  "notifications",
  "checkout",
  "catalog",
];

/** A task definition of realistic size (a few kilobytes of JSON) with `containers` container definitions. */
function generatedTaskDefinition(
  random: Random,
  number: number,
  containers: number,
): DescribedTaskDefinition {
  const family = `${pick(random, FAMILIES)}-${number}`;
  const fargate = chance(random, 0.5);
  const networkMode = fargate ? "awsvpc" : pick(random, ["awsvpc", "bridge", "host"] as const);
  return asParsedJson<DescribedTaskDefinition>({
    taskDefinitionArn: `arn:aws:ecs:${REGION}:${ACCOUNT}:task-definition/${family}:${1 + (number % 40)}`,
    family,
    revision: 1 + (number % 40),
    status: "ACTIVE",
    taskRoleArn: chance(random, 0.8) ? `arn:aws:iam::${ACCOUNT}:role/${family}-task` : undefined,
    executionRoleArn: chance(random, 0.9) ? `arn:aws:iam::${ACCOUNT}:role/ecsTaskExecutionRole` : undefined,
    networkMode,
    pidMode: !fargate && chance(random, 0.05) ? "host" : undefined,
    ipcMode: !fargate && chance(random, 0.05) ? pick(random, ["host", "task"]) : undefined,
    requiresCompatibilities: fargate ? ["FARGATE"] : ["EC2"],
    compatibilities: fargate ? ["EC2", "FARGATE"] : ["EC2"],
    cpu: fargate ? "512" : undefined,
    memory: fargate ? "1024" : undefined,
    runtimePlatform: { operatingSystemFamily: "LINUX", cpuArchitecture: pick(random, ["X86_64", "ARM64"]) },
    containerDefinitions: Array.from({ length: containers }, (_, index) => container(random, index, family)),
    volumes: [
      ...(chance(random, 0.3)
        ? [{ name: "data", host: { sourcePath: pick(random, ["/mnt/data", "/var/run/docker.sock"]) } }]
        : []),
      ...(chance(random, 0.2)
        ? [
            {
              name: "shared",
              efsVolumeConfiguration: {
                fileSystemId: "fs-0123456789abcdef0",
                transitEncryption: pick(random, ["ENABLED", "DISABLED"] as const),
                authorizationConfig: { accessPointId: "fsap-0123456789abcdef0", iam: "ENABLED" as const },
              },
            },
          ]
        : []),
    ],
    placementConstraints: [],
    requiresAttributes: [{ name: "com.amazonaws.ecs.capability.logging-driver.awslogs" }],
    registeredAt: new Date(Date.UTC(2025, 0, 1 + (number % 365))),
    registeredBy: `arn:aws:sts::${ACCOUNT}:assumed-role/deployer/ci`,
    tags: chance(random, 0.7)
      ? [
          { key: "team", value: "platform" },
          { key: "cost-center", value: "1234" },
        ]
      : [],
  });
}

/** Between one and four containers, as services usually run: the application and its sidecars. */
export function generatedTaskDefinitions(seed: number, count: number): DescribedTaskDefinition[] {
  const random = seededRandom(seed);
  return Array.from({ length: count }, (_, number) =>
    generatedTaskDefinition(random, number, 1 + Math.floor(random() * 4)),
  );
}

/** Task definitions that differ only in their number of containers, to see how evaluation grows with it. */
export function generatedTaskDefinitionsWithContainers(
  seed: number,
  count: number,
  containers: number,
): DescribedTaskDefinition[] {
  const random = seededRandom(seed);
  return Array.from({ length: count }, (_, number) => generatedTaskDefinition(random, number, containers));
}

export function generatedServices(seed: number, count: number): DescribedService[] {
  const random = seededRandom(seed);
  return Array.from({ length: count }, (_, number) => {
    const name = `${pick(random, FAMILIES)}-${number}`;
    const fargate = chance(random, 0.6);
    return asParsedJson<DescribedService>({
      serviceArn: `arn:aws:ecs:${REGION}:${ACCOUNT}:service/production/${name}`,
      serviceName: name,
      clusterArn: `arn:aws:ecs:${REGION}:${ACCOUNT}:cluster/production`,
      status: "ACTIVE",
      desiredCount: pick(random, [1, 2, 3, 6]),
      runningCount: 2,
      pendingCount: 0,
      launchType: fargate ? "FARGATE" : "EC2",
      platformVersion: fargate ? pick(random, ["LATEST", "1.4.0", "1.3.0"]) : undefined,
      platformFamily: fargate ? "Linux" : undefined,
      taskDefinition: `arn:aws:ecs:${REGION}:${ACCOUNT}:task-definition/${name}:3`,
      schedulingStrategy: "REPLICA",
      deploymentController: { type: "ECS" },
      deploymentConfiguration: {
        deploymentCircuitBreaker: { enable: chance(random, 0.6), rollback: chance(random, 0.6) },
        maximumPercent: 200,
        minimumHealthyPercent: pick(random, [0, 50, 100]),
      },
      networkConfiguration: {
        awsvpcConfiguration: {
          subnets: ["subnet-0a1b2c3d4e5f60718", "subnet-0f1e2d3c4b5a69788"],
          securityGroups: chance(random, 0.9) ? ["sg-0123456789abcdef0"] : [],
          assignPublicIp: chance(random, 0.15) ? "ENABLED" : "DISABLED",
        },
      },
      loadBalancers: [
        {
          targetGroupArn: `arn:aws:elasticloadbalancing:${REGION}:${ACCOUNT}:targetgroup/${name}/0123456789abcdef`,
          containerName: name,
          containerPort: 8080,
        },
      ],
      serviceRegistries: [],
      enableECSManagedTags: chance(random, 0.7),
      propagateTags: pick(random, ["SERVICE", "TASK_DEFINITION", "NONE"]),
      enableExecuteCommand: chance(random, 0.2),
      tags: chance(random, 0.7) ? [{ key: "team", value: "platform" }] : [],
      createdAt: new Date(Date.UTC(2025, 0, 1)),
    });
  });
}

export function generatedClusters(seed: number, count: number): DescribedCluster[] {
  const random = seededRandom(seed);
  return Array.from({ length: count }, (_, number) => {
    const name = `${pick(random, ["production", "staging", "batch", "shared"])}-${number}`;
    return asParsedJson<DescribedCluster>({
      clusterArn: `arn:aws:ecs:${REGION}:${ACCOUNT}:cluster/${name}`,
      clusterName: name,
      status: "ACTIVE",
      settings: [{ name: "containerInsights", value: pick(random, ["enabled", "enhanced", "disabled"]) }],
      configuration: chance(random, 0.5)
        ? {
            executeCommandConfiguration: {
              kmsKeyId: chance(random, 0.5) ? `arn:aws:kms:${REGION}:${ACCOUNT}:key/0a1b2c3d` : undefined,
              logging: pick(random, ["DEFAULT", "OVERRIDE", "NONE"]),
              logConfiguration: {
                cloudWatchLogGroupName: `/ecs/exec/${name}`,
                cloudWatchEncryptionEnabled: true,
              },
            },
          }
        : undefined,
      capacityProviders: ["FARGATE", "FARGATE_SPOT"],
      defaultCapacityProviderStrategy: [{ capacityProvider: "FARGATE", weight: 1, base: 0 }],
      tags: chance(random, 0.6) ? [{ key: "team", value: "platform" }] : [],
    });
  });
}

/**
 * The real task definitions of ../shared/data/taskdefs, unwrapped from `{ "taskDefinition": … }` where
 * needed; none when that directory is absent.
 */
export function realTaskDefinitions(): DescribedTaskDefinition[] {
  if (!sharedDataAvailable) return [];
  return readdirSync(`${SHARED_DATA_DIRECTORY}taskdefs`)
    .filter((file) => file.endsWith(".json"))
    .sort()
    .map((file) => {
      const document = readSharedJson(`taskdefs/${file}`) as { taskDefinition?: DescribedTaskDefinition };
      return document.taskDefinition ?? (document as DescribedTaskDefinition);
    });
}
