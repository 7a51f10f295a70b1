import type { AwsSecurityFinding } from "@aws-sdk/client-securityhub";
import { describe, expect, it } from "vitest";
import { evaluatePolicy } from "../../shared/engine/evaluate.ts";
import { REDACTED } from "../../shared/findings/details.ts";
import { MAX_FINDING_ID_LENGTH } from "../../shared/findings/finding-id.ts";
import {
  FINDING_TYPE,
  type FindingContext,
  type FindingSubject,
  productArn,
  toArchivedFinding,
  toAsffFinding,
} from "../../shared/findings/to-asff.ts";
import { taskDefinitionFromApi } from "../../shared/model/task-definition.ts";
import type { TaskDefinition } from "../../shared/model/types.ts";
import { definePolicy, type Policy, unknown, violation } from "../../shared/policies/define-policy.ts";
import noInstanceMetadataAccess from "../../shared/policies/no-instance-metadata-access.ts";
import noRootUser from "../../shared/policies/no-root-user.ts";
import {
  ASFF_LIMITS,
  modelsAvailable,
  validateAsffLimits,
  validateBatchImportFindings,
} from "../helpers/aws-model.ts";
import { ACCOUNT, containerDefinition, intrinsic, REGION, taskDefinitionInput } from "../helpers/builders.ts";

const OBSERVED_AT = "2025-06-02T09:15:30.123Z";
const TASK_DEFINITION_ARN = `arn:aws:ecs:${REGION}:${ACCOUNT}:task-definition/web:7`;
const CAUSE = {
  actor: `arn:aws:sts::${ACCOUNT}:assumed-role/deployer/ci-pipeline`,
  sourceIp: "203.0.113.10",
  eventId: "2f4b0c51-9f0e-4c1e-8d3a-5b7f6a1c9e42",
  eventName: "RegisterTaskDefinition",
};
const CONTEXT: FindingContext = {
  partition: "aws",
  region: REGION,
  account: ACCOUNT,
  observedAt: OBSERVED_AT,
  cause: CAUSE,
};

type Overrides = Parameters<typeof taskDefinitionInput>[0];

/** The API-shaped task definition, its normalized resource and the subject findings name. */
function taskDefinitionSubject(overrides: Overrides = {}, resourceId = TASK_DEFINITION_ARN) {
  const document = taskDefinitionInput(overrides);
  const resource: TaskDefinition = taskDefinitionFromApi(document);
  const subject: FindingSubject = { resourceId, document };
  return { resource, subject };
}

/** The finding for one policy's verdict on a task definition built from `overrides`. */
function findingFor(
  policy: Policy,
  overrides: Overrides = {},
  context: FindingContext = CONTEXT,
  resourceId = TASK_DEFINITION_ARN,
): AwsSecurityFinding | undefined {
  const { resource, subject } = taskDefinitionSubject(overrides, resourceId);
  return toAsffFinding(evaluatePolicy(policy, resource), subject, context);
}

/** Like findingFor, for cases that must publish a finding. */
function publishedFinding(...args: Parameters<typeof findingFor>): AwsSecurityFinding {
  const finding = findingFor(...args);
  if (finding === undefined) throw new Error("expected a finding, got undefined (NOT_APPLICABLE?)");
  return finding;
}

function bytes(value: unknown): number {
  return Buffer.byteLength(JSON.stringify(value));
}

const rootUser = { containerDefinitions: [containerDefinition({ user: "0" })] };
const nonRootUser = { containerDefinitions: [containerDefinition({ user: "1000" })] };
const undecidedUser = {
  containerDefinitions: [containerDefinition({ user: intrinsic("/containerDefinitions/0/user") })],
};

/** A synthetic policy with the given metadata, observing `observations` on every task definition. */
function probePolicy(options: {
  title?: string;
  recommendation?: string;
  url?: string;
  controls?: Policy["controls"];
  observations?: (taskDefinition: TaskDefinition) => ReturnType<Policy["evaluate"]>;
}): Policy {
  return definePolicy({
    id: "probe-policy",
    title: options.title ?? "Probe policy for finding tests",
    severity: "LOW",
    resource: "TaskDefinition",
    controls: options.controls ?? [],
    practice: "test only",
    rationale: "Exercises how verdicts become findings.",
    messages: { line: "observation {{n}} about container {{container}}", odd: "odd input" },
    remediation: {
      recommendation: options.recommendation ?? "Change the probed field.",
      ...(options.url === undefined ? {} : { url: options.url }),
      fixable: false,
    },
    evaluate: (taskDefinition) => options.observations?.(taskDefinition) ?? [],
  });
}

function manyViolations(count: number) {
  return () =>
    Array.from({ length: count }, (_, n) =>
      violation("line", `/containerDefinitions/${n}/user`, { n, container: `container-${n}` }),
    );
}

/** Named findings, each used by a targeted test below and all checked against the model at the end. */
const scenarios = {
  "FAILED task definition": () =>
    publishedFinding(noRootUser, {
      containerDefinitions: [
        containerDefinition({
          user: "0",
          environment: [{ name: "DATABASE_PASSWORD", value: "hunter2-prod-7f3a" }],
          secrets: [
            {
              name: "API_TOKEN",
              valueFrom: `arn:aws:secretsmanager:${REGION}:${ACCOUNT}:secret:api-token-AbCdEf`,
            },
          ],
        }),
      ],
    }),
  "PASSED task definition": () => publishedFinding(noRootUser, nonRootUser),
  "UNKNOWN task definition": () => publishedFinding(noRootUser, undecidedUser),
  "policy without controls": () =>
    publishedFinding(noInstanceMetadataAccess, { requiresCompatibilities: ["EC2"], networkMode: "host" }),
  "policy with two controls": () =>
    publishedFinding(probePolicy({ controls: ["ECS.4", "ECS.20"], observations: manyViolations(1) })),
  "policy without remediation url": () => publishedFinding(probePolicy({ observations: manyViolations(1) })),
  "no cause": () => publishedFinding(noRootUser, rootUser, { ...CONTEXT, cause: undefined }),
  "empty cause strings": () =>
    publishedFinding(noRootUser, rootUser, {
      ...CONTEXT,
      cause: { actor: "", sourceIp: "", eventId: "", eventName: "" },
    }),
  "partial cause": () =>
    publishedFinding(noRootUser, rootUser, {
      ...CONTEXT,
      cause: { eventName: "RunTask", sourceIp: "ecs.amazonaws.com" },
    }),
  "earlier observation": () =>
    publishedFinding(noRootUser, rootUser, { ...CONTEXT, observedAt: "2019-12-31T23:59:59Z" }),
  "policy that throws": () =>
    publishedFinding(
      probePolicy({
        observations: () => {
          throw new Error("boom");
        },
      }),
    ),
  "hundreds of evidence lines": () => publishedFinding(probePolicy({ observations: manyViolations(400) })),
  "hundreds of undecided lines": () =>
    publishedFinding(
      probePolicy({
        observations: () =>
          Array.from({ length: 400 }, (_, n) => unknown("odd", `/containerDefinitions/${n}/user`)),
      }),
    ),
  "archived task definition": () =>
    toArchivedFinding(
      noRootUser,
      "TaskDefinition",
      taskDefinitionSubject(rootUser).subject,
      CONTEXT,
      "the task definition was deregistered",
    ),
  "title and recommendation too long": () =>
    publishedFinding(
      probePolicy({
        title: `Probe ${"t".repeat(400)}`,
        recommendation: `Do ${"r".repeat(900)}`,
        observations: manyViolations(1),
      }),
    ),
  "actor too long": () =>
    publishedFinding(noRootUser, rootUser, {
      ...CONTEXT,
      cause: { ...CAUSE, actor: `arn:aws:sts::${ACCOUNT}:assumed-role/${"a".repeat(3000)}` },
    }),
  "resource id too long": () =>
    publishedFinding(
      noRootUser,
      rootUser,
      CONTEXT,
      `arn:aws:ecs:${REGION}:${ACCOUNT}:task-definition/${"w".repeat(600)}:7`,
    ),
  "document too large": () => publishedFinding(noRootUser, hugeTaskDefinition(10_000)),
  "large document under 240 KB": () => publishedFinding(noRootUser, hugeTaskDefinition(3000)),
  "details without lists too large": () =>
    publishedFinding(noRootUser, { ...rootUser, family: "f".repeat(250_000) }),
  "aws-cn": () =>
    publishedFinding(noRootUser, rootUser, { ...CONTEXT, partition: "aws-cn", region: "cn-north-1" }),
  "aws-us-gov": () =>
    publishedFinding(noRootUser, rootUser, { ...CONTEXT, partition: "aws-us-gov", region: "us-gov-west-1" }),
} satisfies Record<string, () => AwsSecurityFinding>;

/** A task definition with root containers and `variables` environment variables (names kept in Details). */
function hugeTaskDefinition(variables: number): Overrides {
  const perContainer = 500;
  const containers = Math.ceil(variables / perContainer);
  return {
    containerDefinitions: Array.from({ length: containers }, (_, index) =>
      containerDefinition({
        name: `app-${index}`,
        user: "0",
        environment: Array.from(
          { length: Math.min(perContainer, variables - index * perContainer) },
          (_, n) => ({
            name: `VARIABLE_${String(index * perContainer + n).padStart(6, "0")}`,
            value: "v",
          }),
        ),
      }),
    ),
  };
}

describe("toAsffFinding", () => {
  it("builds the full ASFF finding for a FAILED task definition verdict", () => {
    // Prepare, Act
    const finding = scenarios["FAILED task definition"]();

    // Assess
    expect(finding).toMatchInlineSnapshot(`
      {
        "AwsAccountId": "123456789012",
        "CompanyName": "ECS Guardrails",
        "Compliance": {
          "Status": "FAILED",
        },
        "CreatedAt": "2025-06-02T09:15:30.123Z",
        "Description": "A process running as root inside the container is root on the host's kernel: any escape, mounted host path or added capability then acts with full privileges. Without a user, the image's default user applies, which is root for most images.
      /containerDefinitions/0/user: container "app" runs as root (user "0")",
        "FindingProviderFields": {
          "Severity": {
            "Label": "MEDIUM",
            "Original": "MEDIUM",
          },
          "Types": [
            "Software and Configuration Checks/AWS Security Best Practices",
          ],
        },
        "GeneratorId": "no-root-user",
        "Id": "eu-west-1/123456789012/no-root-user/arn:aws:ecs:eu-west-1:123456789012:task-definition/web:7",
        "LastObservedAt": "2025-06-02T09:15:30.123Z",
        "ProductArn": "arn:aws:securityhub:eu-west-1:123456789012:product/123456789012/default",
        "ProductFields": {
          "ecs-guardrails/actor": "arn:aws:sts::123456789012:assumed-role/deployer/ci-pipeline",
          "ecs-guardrails/controls": "ECS.20",
          "ecs-guardrails/event-id": "2f4b0c51-9f0e-4c1e-8d3a-5b7f6a1c9e42",
          "ecs-guardrails/event-name": "RegisterTaskDefinition",
          "ecs-guardrails/policy": "no-root-user",
          "ecs-guardrails/source-ip": "203.0.113.10",
          "ecs-guardrails/status": "FAILED",
        },
        "ProductName": "ECS Guardrails",
        "RecordState": "ACTIVE",
        "Remediation": {
          "Recommendation": {
            "Text": "Set "user" in every container definition to a non-root user or UID (for example "1000" or "app:app"), and make sure the image's files are readable by that user.",
            "Url": "https://docs.aws.amazon.com/AmazonECS/latest/developerguide/task_definition_parameters.html#container_definition_security",
          },
        },
        "Resources": [
          {
            "Details": {
              "AwsEcsTaskDefinition": {
                "ContainerDefinitions": [
                  {
                    "Environment": [
                      {
                        "Name": "DATABASE_PASSWORD",
                        "Value": "REDACTED",
                      },
                    ],
                    "Essential": true,
                    "Image": "123456789012.dkr.ecr.eu-west-1.amazonaws.com/app:1.4.2",
                    "Name": "app",
                    "Secrets": [
                      {
                        "Name": "API_TOKEN",
                        "ValueFrom": "arn:aws:secretsmanager:eu-west-1:123456789012:secret:api-token-AbCdEf",
                      },
                    ],
                    "User": "0",
                  },
                ],
                "Cpu": "256",
                "Family": "web",
                "Memory": "512",
                "NetworkMode": "awsvpc",
                "RequiresCompatibilities": [
                  "FARGATE",
                ],
              },
            },
            "Id": "arn:aws:ecs:eu-west-1:123456789012:task-definition/web:7",
            "Partition": "aws",
            "Region": "eu-west-1",
            "Type": "AwsEcsTaskDefinition",
          },
        ],
        "SchemaVersion": "2018-10-08",
        "Title": "Linux containers run as a non-root user",
        "UpdatedAt": "2025-06-02T09:15:30.123Z",
      }
    `);
  });

  describe("identity", () => {
    it("names the finding <region>/<account>/<policy>/<resourceId>", () => {
      // Prepare, Act
      const finding = scenarios["FAILED task definition"]();

      // Assess
      expect(finding.Id).toBe(`${REGION}/${ACCOUNT}/no-root-user/${TASK_DEFINITION_ARN}`);
    });

    it("builds the same finding from the same inputs", () => {
      // Prepare
      const build = scenarios["FAILED task definition"];

      // Act
      const first = build();
      const second = build();

      // Assess
      expect(second).toEqual(first);
      expect(JSON.stringify(second)).toBe(JSON.stringify(first));
    });

    it("keeps the id when the resource changes state, so the verdict updates one finding", () => {
      // Prepare
      const later = { ...CONTEXT, observedAt: "2025-06-03T10:00:00Z" };

      // Act
      const failed = publishedFinding(noRootUser, rootUser);
      const passed = publishedFinding(noRootUser, nonRootUser, later);

      // Assess
      expect(passed.Id).toBe(failed.Id);
      expect([failed.Compliance?.Status, passed.Compliance?.Status]).toEqual(["FAILED", "PASSED"]);
    });

    it("hashes a resource id that would make the id longer than 512 characters", () => {
      // Prepare, Act
      const finding = scenarios["resource id too long"]();
      const again = scenarios["resource id too long"]();
      const other = publishedFinding(
        noRootUser,
        rootUser,
        CONTEXT,
        `arn:aws:ecs:${REGION}:${ACCOUNT}:task-definition/${"w".repeat(600)}:8`,
      );

      // Assess
      expect(finding.Id).toMatch(/^eu-west-1\/123456789012\/no-root-user\/sha256:[0-9a-f]{64}$/);
      expect(finding.Id?.length).toBeLessThanOrEqual(MAX_FINDING_ID_LENGTH);
      expect(again.Id).toBe(finding.Id);
      expect(other.Id).not.toBe(finding.Id);
      expect(finding.Resources?.[0]?.Id).toBe(
        `arn:aws:ecs:${REGION}:${ACCOUNT}:task-definition/${"w".repeat(600)}:7`,
      );
    });

    it.each([
      { partition: "aws", region: "eu-west-1" },
      { partition: "aws-cn", region: "cn-north-1" },
      { partition: "aws-us-gov", region: "us-gov-west-1" },
    ])("uses the $partition partition in ProductArn and the resource ($region)", ({ partition, region }) => {
      // Prepare
      const context = { ...CONTEXT, partition, region };

      // Act
      const finding = publishedFinding(noRootUser, rootUser, context);

      // Assess
      expect(finding.ProductArn).toBe(
        `arn:${partition}:securityhub:${region}:${ACCOUNT}:product/${ACCOUNT}/default`,
      );
      expect(finding.ProductArn).toBe(productArn(partition, region, ACCOUNT));
      expect(finding.Resources?.[0]).toMatchObject({ Partition: partition, Region: region });
      expect(finding.Id?.startsWith(`${region}/${ACCOUNT}/`)).toBe(true);
    });

    it("names the policy as GeneratorId", () => {
      // Prepare, Act
      const findings = [
        scenarios["FAILED task definition"](),
        scenarios["policy without controls"](),
        scenarios["policy with two controls"](),
      ];

      // Assess
      expect(findings.map((finding) => finding.GeneratorId)).toEqual([
        "no-root-user",
        "no-instance-metadata-access",
        "probe-policy",
      ]);
    });
  });

  describe("classification", () => {
    it("carries the policy's severity and the finding type in FindingProviderFields only", () => {
      // Prepare, Act
      const medium = scenarios["FAILED task definition"]();
      const high = scenarios["policy without controls"]();

      // Assess
      expect(medium.FindingProviderFields).toEqual({
        Severity: { Label: "MEDIUM", Original: "MEDIUM" },
        Types: [FINDING_TYPE],
      });
      expect(high.FindingProviderFields?.Severity?.Label).toBe("HIGH");
      expect(FINDING_TYPE).toBe("Software and Configuration Checks/AWS Security Best Practices");
      // Providers must not set the top-level Severity and Types through BatchImportFindings.
      expect(medium).not.toHaveProperty("Severity");
      expect(medium).not.toHaveProperty("Types");
    });

    it.each([
      { status: "PASSED", overrides: nonRootUser, compliance: { Status: "PASSED" } },
      { status: "FAILED", overrides: rootUser, compliance: { Status: "FAILED" } },
      {
        status: "UNKNOWN",
        overrides: undecidedUser,
        compliance: {
          Status: "NOT_AVAILABLE",
          StatusReasons: [
            {
              ReasonCode: "UNDECIDABLE_INPUT",
              Description:
                "cannot be decided from the input: Fn::If on condition IsProd cannot be resolved offline",
            },
          ],
        },
      },
    ])("reports a $status verdict as Compliance $compliance.Status", ({ status, overrides, compliance }) => {
      // Prepare
      const { resource, subject } = taskDefinitionSubject(overrides);
      const verdict = evaluatePolicy(noRootUser, resource);

      // Act
      const finding = toAsffFinding(verdict, subject, CONTEXT);

      // Assess
      expect(verdict.status).toBe(status);
      expect(finding?.Compliance).toEqual(compliance);
      expect(finding?.RecordState).toBe("ACTIVE");
    });

    it("names the error of a policy that throws in StatusReasons", () => {
      // Prepare, Act
      const finding = scenarios["policy that throws"]();

      // Assess
      expect(finding.Compliance).toEqual({
        Status: "NOT_AVAILABLE",
        StatusReasons: [{ ReasonCode: "UNDECIDABLE_INPUT", Description: "policy probe-policy failed: boom" }],
      });
    });

    it("publishes nothing for a NOT_APPLICABLE verdict", () => {
      // Prepare
      const windows = { runtimePlatform: { operatingSystemFamily: "WINDOWS_SERVER_2022_CORE" } };
      const { resource, subject } = taskDefinitionSubject(windows);
      const verdict = evaluatePolicy(noRootUser, resource);

      // Act
      const finding = toAsffFinding(verdict, subject, CONTEXT);

      // Assess
      expect(verdict.status).toBe("NOT_APPLICABLE");
      expect(finding).toBeUndefined();
    });
  });

  describe("text", () => {
    it("describes the rationale, then one line per piece of evidence", () => {
      // Prepare, Act
      const failed = scenarios["FAILED task definition"]();
      const passed = scenarios["PASSED task definition"]();

      // Assess
      expect(failed.Description).toBe(
        `${noRootUser.rationale}\n/containerDefinitions/0/user: container "app" runs as root (user "0")`,
      );
      expect(passed.Description).toBe(noRootUser.rationale);
      expect(failed.Title).toBe(noRootUser.title);
    });

    it("recommends the policy's remediation, with its URL when it has one", () => {
      // Prepare, Act
      const withUrl = scenarios["FAILED task definition"]();
      const withoutUrl = scenarios["policy without remediation url"]();

      // Assess
      expect(withUrl.Remediation).toEqual({
        Recommendation: { Text: noRootUser.remediation.recommendation, Url: noRootUser.remediation.url },
      });
      expect(withoutUrl.Remediation).toEqual({ Recommendation: { Text: "Change the probed field." } });
    });

    it("cuts a Description of hundreds of evidence lines to 1024 characters, saying how many were left out", () => {
      // Prepare, Act
      const finding = scenarios["hundreds of evidence lines"]();

      // Assess: whole lines while they fit, then how many were left out.
      const description = finding.Description ?? "";
      expect(description.length).toBeLessThanOrEqual(1024);
      expect(description.length).toBeGreaterThan(1024 - 60);
      const lines = description.split("\n");
      expect(lines[0]).toBe("Exercises how verdicts become findings.");
      const evidence = lines.slice(1, -1);
      expect(evidence).toEqual(
        evidence.map(
          (_, n) => `/containerDefinitions/${n}/user: observation ${n} about container container-${n}`,
        ),
      );
      expect(lines.at(-1)).toBe(`… ${400 - evidence.length} more lines left out`);
    });

    it("cuts the StatusReasons description of hundreds of undecided lines to 2048 characters, saying how many", () => {
      // Prepare, Act
      const finding = scenarios["hundreds of undecided lines"]();

      // Assess
      const reason = finding.Compliance?.StatusReasons?.[0]?.Description ?? "";
      expect(reason.length).toBeLessThanOrEqual(2048);
      const reasons = reason.split("; ");
      expect(reasons.slice(0, -1).every((text) => text === "odd input")).toBe(true);
      expect(reasons.at(-1)).toBe(`… ${400 - (reasons.length - 1)} more reasons left out`);
    });

    it("cuts a Title to 256 and a recommendation to 512 characters", () => {
      // Prepare, Act
      const finding = scenarios["title and recommendation too long"]();

      // Assess
      const title = finding.Title ?? "";
      const recommendation = finding.Remediation?.Recommendation?.Text ?? "";
      expect([title.length, recommendation.length]).toEqual([256, 512]);
      expect(title).toBe(`Probe ${"t".repeat(249)}…`);
      expect(recommendation).toBe(`Do ${"r".repeat(508)}…`);
    });
  });

  describe("ProductFields", () => {
    it("names the policy, its controls, the status and the cause", () => {
      // Prepare, Act
      const finding = scenarios["FAILED task definition"]();

      // Assess
      expect(finding.ProductFields).toEqual({
        "ecs-guardrails/policy": "no-root-user",
        "ecs-guardrails/controls": "ECS.20",
        "ecs-guardrails/status": "FAILED",
        "ecs-guardrails/actor": CAUSE.actor,
        "ecs-guardrails/source-ip": CAUSE.sourceIp,
        "ecs-guardrails/event-id": CAUSE.eventId,
        "ecs-guardrails/event-name": CAUSE.eventName,
      });
    });

    it.each([
      { name: "two controls", scenario: "policy with two controls", controls: "ECS.4,ECS.20" },
      { name: "no controls", scenario: "policy without controls", controls: undefined },
    ] as const)("lists the controls of a policy with $name", ({ scenario, controls }) => {
      // Prepare, Act
      const fields = scenarios[scenario]().ProductFields ?? {};

      // Assess
      expect(fields["ecs-guardrails/controls"]).toBe(controls);
      expect(Object.hasOwn(fields, "ecs-guardrails/controls")).toBe(controls !== undefined);
    });

    it.each([
      { name: "no cause", cause: undefined },
      { name: "an empty cause", cause: {} },
      { name: "empty strings", cause: { actor: "", sourceIp: "", eventId: "", eventName: "" } },
    ])("leaves the cause out entirely for $name", ({ cause }) => {
      // Prepare
      const context = { ...CONTEXT, cause };

      // Act
      const finding = publishedFinding(noRootUser, rootUser, context);

      // Assess
      expect(finding.ProductFields).toEqual({
        "ecs-guardrails/policy": "no-root-user",
        "ecs-guardrails/controls": "ECS.20",
        "ecs-guardrails/status": "FAILED",
      });
    });

    it("keeps the parts of a cause that are known", () => {
      // Prepare, Act
      const fields = scenarios["partial cause"]().ProductFields ?? {};

      // Assess
      expect(Object.keys(fields).sort()).toEqual([
        "ecs-guardrails/controls",
        "ecs-guardrails/event-name",
        "ecs-guardrails/policy",
        "ecs-guardrails/source-ip",
        "ecs-guardrails/status",
      ]);
      expect(Object.values(fields).every((value) => /\S/.test(value))).toBe(true);
    });

    // Known bug: whitespace-only values pass the `!== ""` filter, yet ProductFields values must match
    // `.*\S.*` (FieldMap → NonEmptyString), so Security Hub rejects the whole finding. Remove `.fails` once fixed.
    it("leaves out whitespace-only cause values, which ASFF rejects", () => {
      // Prepare
      const context = { ...CONTEXT, cause: { actor: " ", sourceIp: "\t", eventId: CAUSE.eventId } };

      // Act
      const fields = publishedFinding(noRootUser, rootUser, context).ProductFields ?? {};

      // Assess
      expect(Object.values(fields).filter((value) => !/\S/.test(value))).toEqual([]);
    });

    it("cuts a value to 2048 characters", () => {
      // Prepare, Act
      const actor = scenarios["actor too long"]().ProductFields?.["ecs-guardrails/actor"] ?? "";

      // Assess
      expect(actor.length).toBe(2048);
      expect(actor.endsWith("…")).toBe(true);
    });
  });

  describe("timestamps", () => {
    it("takes every timestamp from the context's observation time", () => {
      // Prepare, Act
      const finding = scenarios["FAILED task definition"]();

      // Assess
      expect([finding.CreatedAt, finding.UpdatedAt, finding.LastObservedAt]).toEqual([
        OBSERVED_AT,
        OBSERVED_AT,
        OBSERVED_AT,
      ]);
    });

    it("sets no FirstObservedAt: a function that updates a finding cannot know when it was first seen", () => {
      expect(scenarios["FAILED task definition"]()).not.toHaveProperty("FirstObservedAt");
    });

    it("follows the context, not the clock", () => {
      // Prepare, Act
      const finding = scenarios["earlier observation"]();

      // Assess
      expect(finding.UpdatedAt).toBe("2019-12-31T23:59:59Z");
      expect(finding.LastObservedAt).toBe("2019-12-31T23:59:59Z");
    });
  });

  describe("size", () => {
    it("cuts the Details' longest lists, never the finding, when the finding would exceed 240 KB", () => {
      // Prepare: 20 containers of 500 environment variables each, over 240 KB as Details.
      const { resource, subject } = taskDefinitionSubject(hugeTaskDefinition(10_000));
      expect(bytes(subject.document)).toBeGreaterThan(240 * 1024);

      // Act
      const finding = toAsffFinding(evaluatePolicy(noRootUser, resource), subject, CONTEXT);

      // Assess: every container is kept, each with the same number of first variables, as many as fit.
      expect(finding?.Compliance?.Status).toBe("FAILED");
      const containers = finding?.Resources?.[0]?.Details?.AwsEcsTaskDefinition?.ContainerDefinitions ?? [];
      expect(containers.map((container) => container.Name)).toEqual(
        Array.from({ length: 20 }, (_, index) => `app-${index}`),
      );
      const kept = containers[0]?.Environment?.length ?? 0;
      expect(kept).toBeGreaterThan(0);
      expect(kept).toBeLessThan(500);
      expect(containers.every((container) => container.Environment?.length === kept)).toBe(true);
      expect(containers[19]?.Environment?.[0]?.Name).toBe("VARIABLE_009500");
      expect(bytes(finding)).toBeLessThanOrEqual(ASFF_LIMITS.findingBytes);
      // One more variable per container (about 40 bytes each) would not have fitted.
      expect(bytes(finding)).toBeGreaterThan(ASFF_LIMITS.findingBytes - 20 * 40);
      expect(finding?.ProductFields?.["ecs-guardrails/details-trimmed"]).toMatch(
        new RegExp(
          `^${10_000 - 20 * kept} entries of the resource's details left out to keep within Security Hub's 240 KB per finding: AwsEcsTaskDefinition\\.ContainerDefinitions\\[0\\]\\.Environment \\(kept ${kept} of 500\\), `,
        ),
      );
    });

    it("cuts the longest lists first and leaves short ones whole", () => {
      // Prepare: one container with 9,000 variables, one with 5.
      const overrides = {
        containerDefinitions: [
          containerDefinition({
            name: "app",
            user: "0",
            environment: Array.from({ length: 9000 }, (_, n) => ({ name: `VARIABLE_${n}`, value: "v" })),
          }),
          containerDefinition({
            name: "sidecar",
            environment: Array.from({ length: 5 }, (_, n) => ({ name: `SIDECAR_${n}`, value: "v" })),
          }),
        ],
      };

      // Act
      const finding = publishedFinding(noRootUser, overrides);

      // Assess
      const [app, sidecar] =
        finding.Resources?.[0]?.Details?.AwsEcsTaskDefinition?.ContainerDefinitions ?? [];
      expect(sidecar?.Environment).toHaveLength(5);
      expect(app?.Environment?.length).toBeLessThan(9000);
      expect(finding.ProductFields?.["ecs-guardrails/details-trimmed"]).toContain(
        `AwsEcsTaskDefinition.ContainerDefinitions[0].Environment (kept ${app?.Environment?.length} of 9000)`,
      );
      expect(finding.ProductFields?.["ecs-guardrails/details-trimmed"]).not.toContain("[1]");
      expect(bytes(finding)).toBeLessThanOrEqual(ASFF_LIMITS.findingBytes);
    });

    it("cuts the containers only when no list inside them is left to cut", () => {
      // Prepare: 3,000 containers with long names are over 240 KB even without their two variables each.
      const overrides = {
        containerDefinitions: Array.from({ length: 3000 }, (_, index) =>
          containerDefinition({
            name: `${"c".repeat(100)}-${index}`,
            user: "0",
            environment: [
              { name: "FIRST", value: "v" },
              { name: "SECOND", value: "v" },
            ],
          }),
        ),
      };

      // Act
      const finding = publishedFinding(noRootUser, overrides);

      // Assess
      const details = finding.Resources?.[0]?.Details?.AwsEcsTaskDefinition;
      const kept = details?.ContainerDefinitions?.length ?? 0;
      expect(kept).toBeGreaterThan(0);
      expect(kept).toBeLessThan(3000);
      // The lists inside the containers, and those as short as them, went first.
      expect(details?.ContainerDefinitions?.some((container) => container.Environment !== undefined)).toBe(
        false,
      );
      expect(details?.RequiresCompatibilities).toBeUndefined();
      expect(details?.Family).toBe("web");
      expect(finding.ProductFields?.["ecs-guardrails/details-trimmed"]).toContain(
        `AwsEcsTaskDefinition.ContainerDefinitions (kept ${kept} of 3000)`,
      );
      expect(bytes(finding)).toBeLessThanOrEqual(ASFF_LIMITS.findingBytes);
    });

    it("drops the Details, and says so, only when even without their lists they exceed 240 KB", () => {
      // Prepare: a family name of 250,000 characters is no list to cut.
      const finding = publishedFinding(noRootUser, { ...rootUser, family: "f".repeat(250_000) });

      // Assess
      expect(finding.Compliance?.Status).toBe("FAILED");
      expect(finding.Resources).toEqual([
        { Type: "AwsEcsTaskDefinition", Id: TASK_DEFINITION_ARN, Partition: "aws", Region: REGION },
      ]);
      expect(finding.ProductFields?.["ecs-guardrails/details-trimmed"]).toBe(
        "the resource's details were left out: even without their lists they exceed Security Hub's 240 KB per finding",
      );
      expect(bytes(finding)).toBeLessThanOrEqual(ASFF_LIMITS.findingBytes);
    });

    it("keeps the Details of a large finding still under 240 KB", () => {
      // Prepare, Act
      const finding = scenarios["large document under 240 KB"]();

      // Assess
      expect(bytes(finding)).toBeGreaterThan(100_000);
      expect(finding?.Resources?.[0]?.Details?.AwsEcsTaskDefinition?.ContainerDefinitions).toHaveLength(6);
    });

    it("keeps every finding within 240,000 bytes, the conservative reading of 240 KB", () => {
      // Prepare: the smallest task definition whose finding, Details included, exceeds 240,000 bytes.
      const sizeWith = (variables: number) =>
        bytes(publishedFinding(noRootUser, hugeTaskDefinition(variables)));
      const perVariable = sizeWith(2) - sizeWith(1);
      const variables = Math.ceil((240_001 - sizeWith(1)) / perVariable) + 1;

      // Act
      const finding = publishedFinding(noRootUser, hugeTaskDefinition(variables));

      // Assess
      expect(validateAsffLimits(finding)).toEqual([]);
    });
  });

  describe("environment values", () => {
    it("never lets an environment variable's value into the finding", () => {
      // Prepare, Act
      const serialized = JSON.stringify(scenarios["FAILED task definition"]());

      // Assess
      expect(serialized).not.toContain("hunter2-prod-7f3a");
      expect(serialized).toContain(`{"Name":"DATABASE_PASSWORD","Value":"${REDACTED}"}`);
    });
  });

  describe.skipIf(!modelsAvailable())("against the Security Hub model and the ASFF limits", () => {
    it.each(Object.entries(scenarios))("accepts the %s finding", (_name, build) => {
      // Prepare
      const finding = build();

      // Act
      const errors = validateBatchImportFindings({ Findings: [finding] });

      // Assess
      expect(errors).toEqual([]);
    });
  });
});

describe("toArchivedFinding", () => {
  it("archives the finding its verdicts published, under the same id", () => {
    const { resource, subject } = taskDefinitionSubject(rootUser);
    const active = toAsffFinding(evaluatePolicy(noRootUser, resource), subject, CONTEXT);
    const archived = toArchivedFinding(noRootUser, "TaskDefinition", subject, CONTEXT, "the task stopped");
    expect(archived.Id).toBe(active?.Id);
    expect(archived.RecordState).toBe("ARCHIVED");
    expect(archived.Compliance).toBeUndefined();
    expect(archived.Description).toContain("Archived: the task stopped");
    expect(archived.ProductFields?.["ecs-guardrails/status"]).toBe("ARCHIVED");
    expect(archived.Resources).toEqual(active?.Resources);
  });
});

describe("toAsffFinding truncation", () => {
  it("never cuts a surrogate pair in half", () => {
    // Prepare: the 256-character title limit falls in the middle of an emoji
    const policy = { ...noRootUser, title: `${"a".repeat(254)}😀😀` };
    const verdict = evaluatePolicy(
      policy,
      taskDefinitionFromApi({ containerDefinitions: [{ name: "app", user: "0" }] }),
    );

    // Act
    const finding = toAsffFinding(
      verdict,
      { resourceId: "arn:aws:ecs:eu-west-1:123456789012:task-definition/web:7", document: {} },
      {
        partition: "aws",
        region: "eu-west-1",
        account: "123456789012",
        observedAt: "2026-11-24T10:00:00Z",
      },
    );

    // Assess
    expect(finding?.Title).toBe(`${"a".repeat(254)}…`);
    expect(finding?.Title?.length).toBeLessThanOrEqual(256);
  });
});
