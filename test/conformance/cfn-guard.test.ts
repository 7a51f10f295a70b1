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

const RULES = [3, 9, 10, 11].map(controlTowerEcsRule);

/** Hand-written templates, each with the verdict every rule must get; `failing` lists failing resources. */
const TEMPLATES: readonly {
  readonly file: string;
  readonly text: string;
  readonly expected: Readonly<Record<string, GuardStatus>>;
  readonly failing?: Readonly<Record<string, readonly string[]>>;
}[] = [
  {
    file: "compliant-task-definition.yaml",
    text: `Resources:
  Task:
    Type: AWS::ECS::TaskDefinition
    Properties:
      PidMode: task
      ContainerDefinitions:
        - Name: app
          Image: app
          User: "1000"
          Privileged: false
`,
    expected: {
      "CT.ECS.PR.3": "PASS",
      "CT.ECS.PR.9": "SKIP",
      "CT.ECS.PR.10": "PASS",
      "CT.ECS.PR.11": "PASS",
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
            ContainerDefinitions: [{ Name: "app", Image: "app", User: "root", Privileged: true }],
          },
        },
      },
    }),
    expected: {
      "CT.ECS.PR.3": "FAIL",
      "CT.ECS.PR.9": "SKIP",
      "CT.ECS.PR.10": "FAIL",
      "CT.ECS.PR.11": "FAIL",
    },
    failing: { "CT.ECS.PR.3": ["Task"], "CT.ECS.PR.10": ["Task"], "CT.ECS.PR.11": ["Task"] },
  },
  {
    file: "task-definition-without-containers.yaml",
    text: `Resources:
  Task:
    Type: AWS::ECS::TaskDefinition
    Properties:
      ContainerDefinitions: []
`,
    expected: {
      "CT.ECS.PR.3": "SKIP",
      "CT.ECS.PR.9": "SKIP",
      "CT.ECS.PR.10": "PASS",
      "CT.ECS.PR.11": "SKIP",
    },
  },
  {
    file: "public-service.yaml",
    text: `Resources:
  Service:
    Type: AWS::ECS::Service
    Properties:
      NetworkConfiguration:
        AwsvpcConfiguration:
          AssignPublicIp: ENABLED
          Subnets: [subnet-1]
`,
    expected: {
      "CT.ECS.PR.3": "SKIP",
      "CT.ECS.PR.9": "FAIL",
      "CT.ECS.PR.10": "SKIP",
      "CT.ECS.PR.11": "SKIP",
    },
    failing: { "CT.ECS.PR.9": ["Service"] },
  },
  {
    file: "private-service.json",
    text: JSON.stringify({
      Resources: {
        Service: {
          Type: "AWS::ECS::Service",
          Properties: { NetworkConfiguration: { AwsvpcConfiguration: { AssignPublicIp: "DISABLED" } } },
        },
      },
    }),
    expected: {
      "CT.ECS.PR.3": "SKIP",
      "CT.ECS.PR.9": "PASS",
      "CT.ECS.PR.10": "SKIP",
      "CT.ECS.PR.11": "SKIP",
    },
  },
  {
    file: "bridge-service.yaml",
    text: `Resources:
  Service:
    Type: AWS::ECS::Service
    Properties:
      Cluster: default
`,
    expected: {
      "CT.ECS.PR.3": "SKIP",
      "CT.ECS.PR.9": "SKIP",
      "CT.ECS.PR.10": "SKIP",
      "CT.ECS.PR.11": "SKIP",
    },
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
      "CT.ECS.PR.9": "SKIP",
      "CT.ECS.PR.10": "PASS",
      "CT.ECS.PR.11": "FAIL",
    },
    failing: { "CT.ECS.PR.3": ["Bad"], "CT.ECS.PR.11": ["Bad"] },
  },
  {
    file: "not-ecs.template",
    text: JSON.stringify({ Resources: { Queue: { Type: "AWS::SQS::Queue" } } }),
    expected: {
      "CT.ECS.PR.3": "SKIP",
      "CT.ECS.PR.9": "SKIP",
      "CT.ECS.PR.10": "SKIP",
      "CT.ECS.PR.11": "SKIP",
    },
  },
];

describe("controlTowerEcsRule", () => {
  it("reads the name each Control Tower rule reports under", () => {
    expect(RULES.map((rule) => [rule.control, rule.ruleName])).toEqual([
      ["CT.ECS.PR.3", "ecs_task_definition_nonroot_user_check"],
      ["CT.ECS.PR.9", "ecs_service_assign_public_ip_disabled_check"],
      ["CT.ECS.PR.10", "ecs_task_definition_pid_mode_check"],
      ["CT.ECS.PR.11", "ecs_containers_nonprivileged_check"],
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
    expect(statuses).toEqual(template.expected);
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
