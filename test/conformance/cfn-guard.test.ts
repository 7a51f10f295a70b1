import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  controlTowerEcsRule,
  type GuardResults,
  type GuardStatus,
  locateCfnGuard,
  runCfnGuard,
  warnCfnGuardUnavailable,
} from "./cfn-guard.ts";

const guard = locateCfnGuard();
warnCfnGuardUnavailable(guard, "the cfn-guard helper tests");

const RULES = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12].map(controlTowerEcsRule);

/**
 * Hand-written templates, each with the verdict of every rule that does not skip it (the others must skip
 * it); `failing` lists failing resources. They also pin how cfn-guard reads the values the conformance
 * tests list as known differences (known-differences.ts).
 */
const TEMPLATES: readonly {
  readonly file: string;
  readonly text: string;
  readonly expected: Readonly<Record<string, Exclude<GuardStatus, "SKIP">>>;
  readonly failing?: Readonly<Record<string, readonly string[]>>;
}[] = [
  {
    file: "compliant-task-definition.yaml",
    text: `Resources:
  Task:
    Type: AWS::ECS::TaskDefinition
    Properties:
      PidMode: task
      NetworkMode: awsvpc
      ContainerDefinitions:
        - Name: app
          Image: app
          User: "1000"
          Privileged: false
          ReadonlyRootFilesystem: true
          Memory: 512
          LogConfiguration:
            LogDriver: awslogs
          Environment:
            - Name: APP_ENV
              Value: prod
`,
    expected: {
      "CT.ECS.PR.3": "PASS",
      "CT.ECS.PR.4": "PASS",
      "CT.ECS.PR.5": "PASS",
      "CT.ECS.PR.6": "PASS",
      "CT.ECS.PR.7": "PASS",
      "CT.ECS.PR.10": "PASS",
      "CT.ECS.PR.11": "PASS",
      "CT.ECS.PR.12": "PASS",
    },
  },
  {
    file: "failing-task-definition.json",
    text: JSON.stringify({
      AWSTemplateFormatVersion: "2010-09-09",
      Resources: {
        Task: {
          Type: "AWS::ECS::TaskDefinition",
          Properties: {
            PidMode: "host",
            NetworkMode: "bridge",
            ContainerDefinitions: [
              {
                Name: "app",
                Image: "app",
                User: "root",
                Privileged: true,
                ReadonlyRootFilesystem: false,
                Memory: 3,
                LogConfiguration: { LogDriver: " " },
                Environment: [{ Name: "AWS_SECRET_ACCESS_KEY", Value: "secret" }],
              },
            ],
          },
        },
      },
    }),
    expected: {
      "CT.ECS.PR.3": "FAIL",
      "CT.ECS.PR.4": "FAIL",
      "CT.ECS.PR.5": "FAIL",
      "CT.ECS.PR.6": "FAIL",
      "CT.ECS.PR.7": "FAIL",
      "CT.ECS.PR.10": "FAIL",
      "CT.ECS.PR.11": "FAIL",
      "CT.ECS.PR.12": "FAIL",
    },
    failing: Object.fromEntries(
      [3, 4, 5, 6, 7, 10, 11, 12].map((number) => [`CT.ECS.PR.${number}`, ["Task"]]),
    ),
  },
  {
    file: "task-definition-without-containers.yaml",
    text: `Resources:
  Task:
    Type: AWS::ECS::TaskDefinition
    Properties:
      NetworkMode: host
      RequiresCompatibilities: [EC2]
      ContainerDefinitions: []
`,
    expected: { "CT.ECS.PR.4": "FAIL", "CT.ECS.PR.10": "PASS" },
    failing: { "CT.ECS.PR.4": ["Task"] },
  },
  {
    // PR.8 passes an explicitly privileged root container in host mode and fails a non-privileged one;
    // "true" written as a string is not privileged for it.
    file: "host-mode-task-definitions.yaml",
    text: `Resources:
  OptedIn:
    Type: AWS::ECS::TaskDefinition
    Properties:
      NetworkMode: host
      ContainerDefinitions:
        - User: root
          Privileged: true
        - User: "1000"
  Root:
    Type: AWS::ECS::TaskDefinition
    Properties:
      NetworkMode: host
      ContainerDefinitions:
        - User: "0:0"
          Privileged: "true"
`,
    expected: {
      "CT.ECS.PR.3": "FAIL",
      "CT.ECS.PR.4": "FAIL",
      "CT.ECS.PR.5": "FAIL",
      "CT.ECS.PR.6": "FAIL",
      "CT.ECS.PR.7": "FAIL",
      "CT.ECS.PR.8": "FAIL",
      "CT.ECS.PR.10": "PASS",
      "CT.ECS.PR.11": "FAIL",
    },
    failing: {
      "CT.ECS.PR.3": ["OptedIn", "Root"],
      "CT.ECS.PR.4": ["OptedIn", "Root"],
      "CT.ECS.PR.5": ["OptedIn", "Root"],
      "CT.ECS.PR.6": ["OptedIn", "Root"],
      "CT.ECS.PR.7": ["OptedIn", "Root"],
      "CT.ECS.PR.8": ["Root"],
      "CT.ECS.PR.11": ["OptedIn", "Root"],
    },
  },
  {
    // Values CloudFormation converts and cfn-guard compares as written: ReadonlyRootFilesystem "true" and
    // Memory "512" fail, and so does an environment entry without a Name. RequiresCompatibilities [] skips PR.4.
    file: "values-as-strings.yaml",
    text: `Resources:
  Task:
    Type: AWS::ECS::TaskDefinition
    Properties:
      RequiresCompatibilities: []
      ContainerDefinitions:
        - Name: app
          User: "1000"
          Privileged: "false"
          ReadonlyRootFilesystem: "true"
          Memory: "512"
          LogConfiguration:
            LogDriver: awslogs
          Environment:
            - Value: unnamed
`,
    expected: {
      "CT.ECS.PR.3": "PASS",
      "CT.ECS.PR.5": "PASS",
      "CT.ECS.PR.6": "FAIL",
      "CT.ECS.PR.7": "FAIL",
      "CT.ECS.PR.10": "PASS",
      "CT.ECS.PR.11": "FAIL",
      "CT.ECS.PR.12": "FAIL",
    },
    failing: {
      "CT.ECS.PR.6": ["Task"],
      "CT.ECS.PR.7": ["Task"],
      "CT.ECS.PR.11": ["Task"],
      "CT.ECS.PR.12": ["Task"],
    },
  },
  {
    file: "public-service.yaml",
    text: `Resources:
  Service:
    Type: AWS::ECS::Service
    Properties:
      LaunchType: FARGATE
      PlatformVersion: 1.4.0
      NetworkConfiguration:
        AwsvpcConfiguration:
          AssignPublicIp: ENABLED
          Subnets: [subnet-1]
`,
    expected: { "CT.ECS.PR.1": "FAIL", "CT.ECS.PR.9": "FAIL" },
    failing: { "CT.ECS.PR.1": ["Service"], "CT.ECS.PR.9": ["Service"] },
  },
  {
    file: "private-service.json",
    text: JSON.stringify({
      Resources: {
        Service: {
          Type: "AWS::ECS::Service",
          Properties: {
            LaunchType: "FARGATE",
            PlatformVersion: "LATEST",
            NetworkConfiguration: { AwsvpcConfiguration: { AssignPublicIp: "DISABLED" } },
          },
        },
      },
    }),
    expected: { "CT.ECS.PR.1": "PASS", "CT.ECS.PR.9": "PASS" },
  },
  {
    // PR.1 judges only LaunchType FARGATE: a Fargate capacity provider strategy is skipped.
    file: "bridge-service.yaml",
    text: `Resources:
  Service:
    Type: AWS::ECS::Service
    Properties:
      Cluster: default
      CapacityProviderStrategy:
        - CapacityProvider: FARGATE
      PlatformVersion: 1.3.0
`,
    expected: {},
  },
  {
    file: "two-task-definitions.yaml",
    text: `Resources:
  Good:
    Type: AWS::ECS::TaskDefinition
    Properties:
      ContainerDefinitions:
        - User: app
  Bad:
    Type: AWS::ECS::TaskDefinition
    Properties:
      ContainerDefinitions:
        - User: app
        - Privileged: true
`,
    expected: {
      "CT.ECS.PR.3": "FAIL",
      "CT.ECS.PR.4": "FAIL",
      "CT.ECS.PR.5": "FAIL",
      "CT.ECS.PR.6": "FAIL",
      "CT.ECS.PR.7": "FAIL",
      "CT.ECS.PR.10": "PASS",
      "CT.ECS.PR.11": "FAIL",
    },
    failing: {
      "CT.ECS.PR.3": ["Bad"],
      "CT.ECS.PR.4": ["Bad", "Good"],
      "CT.ECS.PR.5": ["Bad", "Good"],
      "CT.ECS.PR.6": ["Bad", "Good"],
      "CT.ECS.PR.7": ["Bad", "Good"],
      "CT.ECS.PR.11": ["Bad"],
    },
  },
  {
    // PR.2 accepts only "enabled", in any entry; a cluster without ClusterSettings (or Properties) fails.
    file: "clusters.yaml",
    text: `Resources:
  Enabled:
    Type: AWS::ECS::Cluster
    Properties:
      ClusterSettings:
        - Name: containerInsights
          Value: disabled
        - Name: containerInsights
          Value: enabled
  Enhanced:
    Type: AWS::ECS::Cluster
    Properties:
      ClusterSettings:
        - Name: containerInsights
          Value: enhanced
  Bare:
    Type: AWS::ECS::Cluster
`,
    expected: { "CT.ECS.PR.2": "FAIL" },
    failing: { "CT.ECS.PR.2": ["Bare", "Enhanced"] },
  },
  {
    file: "not-ecs.template",
    text: JSON.stringify({ Resources: { Queue: { Type: "AWS::SQS::Queue" } } }),
    expected: {},
  },
];

/** Every rule's verdict: the one stated, else SKIP. */
function statusesOf(expected: Readonly<Record<string, GuardStatus>>): Record<string, GuardStatus> {
  return Object.fromEntries(RULES.map(({ control }) => [control, expected[control] ?? "SKIP"]));
}

describe("controlTowerEcsRule", () => {
  it("reads the name each Control Tower rule reports under", () => {
    expect(RULES.map((rule) => [rule.control, rule.ruleName])).toEqual([
      ["CT.ECS.PR.1", "ecs_fargate_latest_platform_version_check"],
      ["CT.ECS.PR.2", "ecs_container_insights_enabled_check"],
      ["CT.ECS.PR.3", "ecs_task_definition_nonroot_user_check"],
      ["CT.ECS.PR.4", "ecs_awsvpc_networking_enabled_check"],
      ["CT.ECS.PR.5", "ecs_task_definition_log_configuration_check"],
      ["CT.ECS.PR.6", "ecs_containers_readonly_access_check"],
      ["CT.ECS.PR.7", "ecs_task_definition_memory_hard_limit_check"],
      ["CT.ECS.PR.8", "ecs_task_definition_user_for_host_mode_check"],
      ["CT.ECS.PR.9", "ecs_service_assign_public_ip_disabled_check"],
      ["CT.ECS.PR.10", "ecs_task_definition_pid_mode_check"],
      ["CT.ECS.PR.11", "ecs_containers_nonprivileged_check"],
      ["CT.ECS.PR.12", "ecs_no_environment_secrets_check"],
    ]);
  });
});

describe.skipIf("unavailable" in guard)("runCfnGuard", () => {
  let directory: string;
  let results: GuardResults;

  beforeAll(async () => {
    if (!("binary" in guard)) return;
    directory = await mkdtemp(join(tmpdir(), "cfn-guard-helper-"));
    const data = join(directory, "data");
    await mkdir(data);
    for (const template of TEMPLATES) await writeFile(join(data, template.file), template.text);
    results = await runCfnGuard(guard.binary, data, RULES);
  });

  afterAll(async () => {
    if (directory !== undefined) await rm(directory, { recursive: true, force: true });
  });

  it.each(TEMPLATES)("$file: one verdict per rule", (template) => {
    const outcomes = results.get(join(directory, "data", template.file));
    expect(outcomes).toBeDefined();
    const statuses = Object.fromEntries(
      [...(outcomes ?? [])].map(([control, { status }]) => [control, status]),
    );
    expect(statuses).toEqual(statusesOf(template.expected));
    const failing = Object.fromEntries(
      [...(outcomes ?? [])].flatMap(([control, outcome]) =>
        outcome.failing.size > 0 ? [[control, [...outcome.failing].sort()]] : [],
      ),
    );
    expect(failing).toEqual(template.failing ?? {});
  });

  it("reports every file of the directory and nothing else", () => {
    expect(results.size).toBe(TEMPLATES.length);
  });

  it("fails when cfn-guard cannot parse a data file", async () => {
    if (!("binary" in guard)) return;
    const broken = join(directory, "broken");
    await mkdir(broken);
    await writeFile(join(broken, "broken.yaml"), "Resources:\n  Task: [\n");
    await expect(runCfnGuard(guard.binary, broken, RULES)).rejects.toThrow(/cfn-guard exited with/);
  });
});
