import { execFile } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import type { Log } from "sarif";
import { describe, expect, it } from "vitest";
import { policies } from "../../shared/policies/index.ts";
import { modelsAvailable, validateBatchImportFindings } from "../helpers/aws-model.ts";
import { runCli } from "./run-cli.ts";

const scratch = mkdtempSync(join(tmpdir(), "ecs-guardrails-scan-"));
function scratchFile(name: string, content: string): string {
  const path = join(scratch, name);
  writeFileSync(path, content);
  return path;
}

interface JsonOutput {
  version: number;
  results: {
    policy: string;
    title: string;
    controls: string[];
    status: string;
    severity: string;
    resource: { type: string; id: string };
    file: string;
    evidence: { path: string; message: string }[];
  }[];
  errors: { file: string; message: string }[];
}

async function scanJson(...argv: string[]): Promise<{ code: number; output: JsonOutput; stderr: string }> {
  const { code, stdout, stderr } = await runCli("scan", "--format", "json", ...argv);
  return { code, output: JSON.parse(stdout), stderr };
}

describe("ecs-guardrails scan", () => {
  it("reports one result per (policy, resource) in the JSON contract", async () => {
    const { code, output } = await scanJson("examples/service.json");
    expect(code).toBe(1);
    expect(Object.keys(output)).toEqual(["version", "results", "errors"]);
    const servicePolicies = policies
      .filter((policy) => policy.resource === "Service")
      .map((policy) => policy.id);
    expect(output.results.map((result) => result.policy)).toEqual(servicePolicies);
    expect({
      ...output,
      results: output.results.filter((result) => result.policy === "no-service-public-ip"),
    }).toEqual({
      version: 1,
      results: [
        {
          policy: "no-service-public-ip",
          title: "ECS services do not assign public IP addresses automatically",
          controls: ["ECS.2"],
          status: "FAILED",
          severity: "HIGH",
          resource: { type: "AwsEcsService", id: "examples/service.json#" },
          file: "examples/service.json",
          evidence: [
            {
              path: "/networkConfiguration/awsvpcConfiguration/assignPublicIp",
              message: "assignPublicIp is ENABLED",
            },
          ],
        },
      ],
      errors: [],
    });
  });

  it("names resources by ARN when the file holds one, and by JSON pointer otherwise", async () => {
    const { output } = await scanJson("examples");
    const ids = [...new Set(output.results.map((result) => result.resource.id))];
    expect(ids).toEqual([
      "arn:aws:ecs:eu-west-1:123456789012:task-definition/checkout-api:32",
      "examples/service.json#",
      "examples/stack.yaml#/Resources/Agent",
      "examples/stack.yaml#/Resources/Canary",
      "examples/stack.yaml#/Resources/NightlyReport/Properties/Targets/0",
      "examples/stack.yaml#/Resources/Web",
      "examples/stack.yaml#/Resources/WindowsApp",
      "examples/stack.yaml#/Resources/Workers",
      "examples/stack.yaml#/Resources/WorkersCapacity",
      "examples/task-definition.json#",
      "arn:aws:ecs:eu-west-1:123456789012:task-set/prod/checkout-canary/ecs-svc/1234567890123456789",
    ]);
  });

  it("sorts results by file, resource id and policy id", async () => {
    const { output } = await scanJson("examples/task-definition.json", "examples/stack.yaml");
    const keys = output.results.map((result) =>
      [result.file, result.resource.id, result.policy].join("\u0000"),
    );
    expect(keys).toEqual([...keys].sort());
  });

  it("points evidence into CloudFormation as written, PascalCase, also for absent fields", async () => {
    const { output } = await scanJson("examples/stack.yaml");
    const evidence = (policy: string, resource: string) =>
      output.results.find(
        (result) =>
          result.policy === policy && result.resource.id === `examples/stack.yaml#/Resources/${resource}`,
      )?.evidence;
    expect(evidence("no-root-user", "Agent")).toEqual([
      {
        path: "/Properties/ContainerDefinitions/0/User",
        message: 'container "agent" runs as root (user "0")',
      },
    ]);
    expect(evidence("no-task-set-public-ip", "Canary")?.[0]?.path).toBe(
      "/Properties/NetworkConfiguration/AwsVpcConfiguration/AssignPublicIp",
    );
    const unknown = output.results.find(
      (result) => result.policy === "no-privileged-containers" && result.status === "UNKNOWN",
    );
    expect(unknown?.evidence[0]?.message).toMatch(/Fn::If on condition IsProd/);
  });

  it("names the field where an absent value would be", async () => {
    const { output } = await scanJson("examples/task-definition.json");
    const rootUser = output.results.find((result) => result.policy === "no-root-user");
    expect(rootUser?.evidence[1]).toEqual({
      path: "/containerDefinitions/1/user",
      message:
        'container "metrics-agent" sets no user, so it runs as the image\'s default user (usually root)',
    });
  });

  describe("exit codes", () => {
    it("is 0 when nothing fails", async () => {
      expect((await runCli("scan", "examples/hardened-task-definition.json")).code).toBe(0);
    });

    it("is 1 for any FAILED result by default, as Checkov", async () => {
      expect((await runCli("scan", "examples/stack.yaml")).code).toBe(1);
    });

    it("only counts FAILED results at or above --fail-on", async () => {
      // The hardened example without its health check fails only health-check-defined (LOW).
      const hardened = JSON.parse(readFileSync("examples/hardened-task-definition.json", "utf8"));
      delete hardened.taskDefinition.containerDefinitions[0].healthCheck;
      const lowOnly = scratchFile("no-health-check.json", JSON.stringify(hardened));
      const { output } = await scanJson(lowOnly);
      expect(
        output.results
          .filter((result) => result.status === "FAILED")
          .map((result) => [result.policy, result.severity]),
      ).toEqual([["health-check-defined", "LOW"]]);
      expect((await runCli("scan", "--fail-on", "MEDIUM", lowOnly)).code).toBe(0);
      expect((await runCli("scan", "--fail-on", "low", lowOnly)).code).toBe(1);
    });

    it("is 0 with --soft-fail", async () => {
      expect((await runCli("scan", "--soft-fail", "examples")).code).toBe(0);
    });

    it("is 2 when a named file cannot be read or recognized, and still scans the others", async () => {
      const notRecognized = scratchFile("package.json", JSON.stringify({ name: "x" }));
      const broken = scratchFile("broken.yaml", "Resources: [unclosed");
      const { code, output, stderr } = await scanJson(
        "examples/service.json",
        notRecognized,
        broken,
        join(scratch, "missing.json"),
      );
      expect(code).toBe(2);
      expect(new Set(output.results.map((result) => result.file))).toEqual(
        new Set(["examples/service.json"]),
      );
      expect(output.errors.map((error) => error.file)).toEqual([
        notRecognized,
        broken,
        join(scratch, "missing.json"),
      ]);
      expect(output.errors[0]?.message).toBe(
        "not a task definition, service, task set, cluster, capacity provider, account setting or CloudFormation template",
      );
      expect(output.errors[1]?.message).toMatch(/line 1/);
      expect(stderr).toContain("missing.json");
    });

    it("recognizes an ECS Managed Instances capacity provider, which no Auto Scaling group rule judges", async () => {
      const request = scratchFile(
        "managed-instances.json",
        JSON.stringify({
          name: "managed",
          cluster: "default",
          managedInstancesProvider: {
            infrastructureRoleArn: "arn:aws:iam::123456789012:role/ecsInfrastructureRole",
            instanceLaunchTemplate: {
              ec2InstanceProfileArn: "arn:aws:iam::123456789012:instance-profile/ecsInstanceRole",
              networkConfiguration: { subnets: ["subnet-0a1b2c3d4e5f60708"] },
            },
          },
        }),
      );
      const { code, output } = await scanJson("--verbose", request);
      expect(output.errors).toEqual([]);
      expect(code).toBe(0);
      const statuses = new Map(output.results.map((result) => [result.policy, result.status]));
      expect(statuses.get("capacity-provider-termination-protection")).toBe("NOT_APPLICABLE");
      expect(statuses.get("capacity-provider-managed-scaling")).toBe("NOT_APPLICABLE");
    });

    it("judges account settings as aws ecs list-account-settings prints them", async () => {
      const listed = scratchFile(
        "account-settings.json",
        JSON.stringify({
          settings: [
            { name: "awsvpcTrunking", value: "disabled", principalArn: "arn:aws:iam::123456789012:root" },
            {
              name: "containerInsights",
              value: "disabled",
              principalArn: "arn:aws:iam::123456789012:role/ecsInstanceRole",
            },
            { name: "taskLongArnFormat", value: "enabled", principalArn: "arn:aws:iam::123456789012:root" },
          ],
        }),
      );
      const { code, output } = await scanJson(listed);
      expect(output.errors).toEqual([]);
      expect(code).toBe(1);
      // Only the policies about each setting judge it: for the others it is NOT_APPLICABLE.
      expect(
        output.results
          .filter((result) => result.status !== "NOT_APPLICABLE")
          .map((result) => [result.resource.id, result.policy, result.status, result.resource.type]),
      ).toEqual([
        [`${listed}#/settings/0`, "account-eni-trunking", "FAILED", "AwsEcsAccountSetting"],
        [`${listed}#/settings/2`, "account-long-arn-format", "PASSED", "AwsEcsAccountSetting"],
      ]);
      expect(output.results.find((result) => result.status === "FAILED")?.evidence).toEqual([
        {
          path: "/value",
          message: "awsvpcTrunking is disabled, so new container instances get no trunk network interface",
        },
      ]);
    });

    it("skips unrecognized files silently in a directory walk", async () => {
      const { code, output } = await scanJson("events");
      expect(code).toBe(0);
      expect(output).toEqual({ version: 1, results: [], errors: [] });
    });

    it("is 2 with a usage message for bad options", async () => {
      const { code, stderr } = await runCli("scan", "--fail-on", "SEVERE", "examples");
      expect(code).toBe(2);
      expect(stderr).toMatch(/--fail-on must be one of/);
      expect((await runCli("scan")).code).toBe(2);
      expect((await runCli("scan", "--format", "xml", "examples")).code).toBe(2);
      expect((await runCli("frobnicate")).code).toBe(2);
    });
  });

  describe("formats", () => {
    it("prints text with evidence and a summary", async () => {
      const { stdout } = await runCli("scan", "examples/task-definition.json");
      expect(stdout).toContain("examples/task-definition.json# (AwsEcsTaskDefinition)");
      expect(stdout).toContain("FAILED         HIGH          no-privileged-containers [ECS.4]");
      expect(stdout).toContain(
        '/containerDefinitions/1/privileged: container "metrics-agent" runs in privileged mode',
      );
      expect(stdout).toMatch(
        // The one unknown: the task role's permissions, since IAM is not read offline.
        /^1 resource\(s\): \d+ failed, 1 unknown, 0 exempted, \d+ passed, \d+ not applicable; 0 input error\(s\)$/m,
      );
    });

    it("prints SARIF 2.1.0 with rules and results at the evidence's line", async () => {
      const { stdout } = await runCli("scan", "--format", "sarif", "examples/stack.yaml");
      const sarif = JSON.parse(stdout) as Log;
      const run = sarif.runs[0];
      expect(sarif.version).toBe("2.1.0");
      expect(run?.tool.driver.rules?.map((rule) => rule.id)).toContain("no-task-set-public-ip");
      const canary = run?.results?.find((result) => result.ruleId === "no-task-set-public-ip");
      const canaryLine =
        readFileSync("examples/stack.yaml", "utf8")
          .split("\n")
          .findIndex((line) => line.trim() === "AssignPublicIp: ENABLED") + 1;
      expect(canary?.locations?.[0]?.physicalLocation?.region?.startLine).toBe(canaryLine);
      expect(canary?.locations?.[0]?.physicalLocation?.artifactLocation?.uri).toBe("examples/stack.yaml");
      expect(run?.results?.find((result) => result.ruleId === "no-privileged-containers")?.kind).toBe(
        "review",
      );
      expect(run?.results?.some((result) => result.kind === "pass")).toBe(false);
      const exempted = run?.results?.find((result) => result.ruleId === "no-host-pid-mode");
      expect(exempted?.suppressions?.[0]?.justification).toContain(
        "the node agent reports on host processes",
      );
    });

    it.skipIf(!modelsAvailable())("prints ASFF findings that Security Hub would accept", async () => {
      const { stdout } = await runCli(
        "scan",
        "--format",
        "asff",
        "--account",
        "210987654321",
        "--region",
        "eu-central-1",
        "examples",
      );
      const findings = JSON.parse(stdout) as {
        Id: string;
        AwsAccountId: string;
        Resources: { Region: string }[];
      }[];
      expect(findings.length).toBeGreaterThan(10);
      expect(findings.every((finding) => finding.AwsAccountId === "210987654321")).toBe(true);
      expect(findings[0]?.Resources[0]?.Region).toBe("eu-central-1");
      expect(validateBatchImportFindings({ Findings: findings.slice(0, 100) })).toEqual([]);
    });

    it("rejects an account id that is not 12 digits", async () => {
      expect((await runCli("scan", "--format", "asff", "--account", "1234", "examples")).code).toBe(2);
    });
  });

  describe("task roles defined in the scanned template", () => {
    const CONTAINERS = `
      ContainerDefinitions:
        - Name: app
          Image: 123456789012.dkr.ecr.eu-west-1.amazonaws.com/app@sha256:${"a".repeat(64)}`;

    async function leastPrivilege(template: string) {
      const file = scratchFile(`roles-${Math.random().toString(36).slice(2)}.yaml`, template);
      const { output } = await scanJson("--soft-fail", file);
      expect(output.errors).toEqual([]);
      return Object.fromEntries(
        output.results
          .filter((result) => result.policy === "task-role-least-privilege")
          .map((result) => [result.resource.id.slice(file.length + "#/Resources/".length), result]),
      );
    }

    it("fails a task role whose inline policy allows everything, and passes a least-privilege one", async () => {
      const results = await leastPrivilege(`
Resources:
  AdminRole:
    Type: AWS::IAM::Role
    Properties:
      Policies:
        - PolicyName: everything
          PolicyDocument:
            Version: "2012-10-17"
            Statement:
              - Sid: All
                Effect: Allow
                Action: "*"
                Resource: "*"
  AppRole:
    Type: AWS::IAM::Role
    Properties:
      Policies:
        - PolicyName: orders
          PolicyDocument:
            Statement:
              - Effect: Allow
                Action: [dynamodb:GetItem, dynamodb:PutItem]
                Resource: !GetAtt Orders.Arn
              - Effect: Allow
                Action: logs:*
                Resource: "*"
                Condition: { StringEquals: { aws:RequestedRegion: eu-west-1 } }
  Orders:
    Type: AWS::DynamoDB::Table
  Admin:
    Type: AWS::ECS::TaskDefinition
    Properties:
      TaskRoleArn: !GetAtt AdminRole.Arn${CONTAINERS}
  App:
    Type: AWS::ECS::TaskDefinition
    Properties:
      TaskRoleArn: !Ref AppRole${CONTAINERS}
`);
      expect(results.Admin).toMatchObject({
        status: "FAILED",
        severity: "HIGH",
        evidence: [
          {
            path: "/Properties/TaskRoleArn",
            message:
              'inline policy "everything" Statement[0] (Sid "All") allows "*" on every resource ("*") without a condition',
          },
        ],
      });
      expect(results.App).toMatchObject({ status: "PASSED", evidence: [] });
    });

    it("recognizes administrator policies by ARN and leaves other managed policies unknown", async () => {
      const results = await leastPrivilege(`
Resources:
  PowerRole:
    Type: AWS::IAM::Role
    Properties:
      ManagedPolicyArns:
        - !Sub arn:\${AWS::Partition}:iam::aws:policy/PowerUserAccess
        - arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess
  ReaderRole:
    Type: AWS::IAM::Role
    Properties:
      ManagedPolicyArns: [arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess]
  Power:
    Type: AWS::ECS::TaskDefinition
    Properties:
      TaskRoleArn: !GetAtt PowerRole.Arn${CONTAINERS}
  Reader:
    Type: AWS::ECS::TaskDefinition
    Properties:
      TaskRoleArn: !GetAtt ReaderRole.Arn${CONTAINERS}
  Elsewhere:
    Type: AWS::ECS::TaskDefinition
    Properties:
      TaskRoleArn: arn:aws:iam::123456789012:role/elsewhere${CONTAINERS}
`);
      expect(results.Power?.status).toBe("FAILED");
      expect(results.Power?.evidence.map((item) => item.message)).toEqual([
        "the task role has the AWS managed policy arn:aws:iam::aws:policy/PowerUserAccess",
        "managed policy arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess cannot be judged: " +
          "the documents of managed policies are not read offline",
      ]);
      expect(results.Reader?.status).toBe("UNKNOWN");
      expect(results.Elsewhere).toMatchObject({
        status: "UNKNOWN",
        evidence: [{ message: "the task role's permissions cannot be read: IAM is not read offline" }],
      });
    });

    it("reads the policy resources of the template that attach to the role", async () => {
      const results = await leastPrivilege(`
Parameters:
  Everything: { Type: String, Default: "*" }
Resources:
  TaskRole:
    Type: AWS::IAM::Role
    Properties:
      RoleName: worker-task
      ManagedPolicyArns: [!Ref QueuePolicy]
  QueuePolicy:
    Type: AWS::IAM::ManagedPolicy
    Properties:
      PolicyDocument:
        Statement: [{ Effect: Allow, Action: sqs:SendMessage, Resource: !GetAtt Queue.Arn }]
  WideOpen:
    Type: AWS::IAM::Policy
    Properties:
      PolicyName: wide-open
      Roles: [worker-task]
      PolicyDocument:
        Statement: [{ Effect: Allow, Action: "s3:*", Resource: !Ref Everything }]
  Queue:
    Type: AWS::SQS::Queue
  Worker:
    Type: AWS::ECS::TaskDefinition
    Properties:
      TaskRoleArn: !GetAtt TaskRole.Arn${CONTAINERS}
`);
      expect(results.Worker).toMatchObject({
        status: "FAILED",
        evidence: [
          {
            message:
              'inline policy "WideOpen" Statement[0] allows "s3:*" on every resource ("*") without a condition',
          },
        ],
      });
    });
  });

  it("runs as the installed bin under Node 24 without a build step", async () => {
    const { stdout } = await promisify(execFile)(process.execPath, [
      "bin/ecs-guardrails.js",
      "scan",
      "--format",
      "json",
      "examples/service.json",
    ]).catch((error: { stdout: string; code: number }) => {
      expect(error.code).toBe(1);
      return error;
    });
    const results = JSON.parse(stdout).results as { policy: string; status: string }[];
    expect(results.find((result) => result.policy === "no-service-public-ip")?.status).toBe("FAILED");
  });
});
