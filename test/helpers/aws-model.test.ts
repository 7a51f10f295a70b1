import { readdirSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import {
  compileModelPattern,
  iamActionExists,
  MODELS_DIRECTORY,
  modelsAvailable,
  operationExists,
  validateAsffLimits,
  validateBatchImportFindings,
  validateRequest,
} from "./aws-model.ts";

type Finding = Record<string, unknown>;

function minimalFinding(): Finding {
  return {
    SchemaVersion: "2018-10-08",
    Id: "ecs-guardrails/123456789012/eu-west-1/task-definition/web:3/privileged-container",
    ProductArn: "arn:aws:securityhub:eu-west-1:123456789012:product/123456789012/default",
    GeneratorId: "ecs-guardrails/privileged-container",
    AwsAccountId: "123456789012",
    CreatedAt: "2024-05-01T12:00:00.000Z",
    UpdatedAt: "2024-05-01T12:00:00.000Z",
    Title: "Task definition web:3 runs a privileged container",
    Description: "Container app in task definition web:3 has privileged set to true.",
    FindingProviderFields: {
      Severity: { Label: "HIGH" },
      Types: ["Software and Configuration Checks/AWS Security Best Practices"],
    },
    Resources: [
      {
        Type: "AwsEcsTaskDefinition",
        Id: "arn:aws:ecs:eu-west-1:123456789012:task-definition/web:3",
        Details: {
          AwsEcsTaskDefinition: {
            ContainerDefinitions: [{ Name: "app", Privileged: true }],
          },
        },
      },
    ],
  };
}

function batchOf(...findings: Finding[]): { Findings: Finding[] } {
  return { Findings: findings };
}

function containerDefinitionOf(finding: Finding): Record<string, unknown> {
  const resources = finding.Resources as Array<{
    Details: { AwsEcsTaskDefinition: { ContainerDefinitions: Array<Record<string, unknown>> } };
  }>;
  const containerDefinition = resources[0]?.Details.AwsEcsTaskDefinition.ContainerDefinitions[0];
  if (containerDefinition === undefined) throw new Error("fixture has no container definition");
  return containerDefinition;
}

function findingWithCommandOf(entries: number): Finding {
  const finding = minimalFinding();
  containerDefinitionOf(finding).Command = Array.from({ length: entries }, () => "x".repeat(1000));
  return finding;
}

describe("compileModelPattern", () => {
  it("translates the Java constructs the models may use", () => {
    expect(compileModelPattern("^\\p{Alpha}+$").test("abc")).toBe(true);
    expect(compileModelPattern("^\\p{Alpha}+$").test("ab1")).toBe(false);
    expect(compileModelPattern("\\Afoo\\z").test("foo")).toBe(true);
    expect(compileModelPattern("\\Afoo\\z").test("xfoo")).toBe(false);
    expect(compileModelPattern("(?i)^abc$").test("ABC")).toBe(true);
    expect(compileModelPattern("^\\Q.*\\E$").test(".*")).toBe(true);
    expect(compileModelPattern("^\\Q.*\\E$").test("ab")).toBe(false);
    // \p{L} needs the u flag, under which Java's escaped punctuation must be rewritten.
    const tagKey = compileModelPattern("^[\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]*$");
    expect(tagKey.test("ключ-1")).toBe(true);
    expect(tagKey.test("key!")).toBe(false);
  });

  it("refuses Java-only syntax instead of matching with another meaning", () => {
    expect(() => compileModelPattern("[a-z&&[^b]]")).toThrow(/Java-only/);
    expect(() => compileModelPattern("\\p{InGreek}")).toThrow(/Java-only/);
    expect(() => compileModelPattern("a\\Rb")).toThrow(/Java-only/);
  });
});

describe("iamActionExists for services answered by the installed SDK clients", () => {
  it("finds SQS actions in @aws-sdk/client-sqs", async () => {
    expect(await iamActionExists("sqs:SendMessage")).toBe(true);
    expect(await iamActionExists("sqs:SendMessages")).toBe(false);
    expect(await iamActionExists("sqs:Receive*")).toBe(true);
  });

  it("finds IAM actions in @aws-sdk/client-iam", async () => {
    expect(await iamActionExists("iam:GetPolicyVersion")).toBe(true);
    expect(await iamActionExists("iam:ListRolePolicy")).toBe(false);
  });

  it("is loud about a prefix it has no source for", async () => {
    await expect(iamActionExists("nosuchservice:DoThing")).rejects.toThrow(/nosuchservice/);
    await expect(iamActionExists("SendMessage")).rejects.toThrow(/prefix:Action/);
  });
});

describe.skipIf(!modelsAvailable())("validation against the shared botocore models", () => {
  it("compiles every pattern in the four models", () => {
    const failures: string[] = [];
    for (const fileName of readdirSync(MODELS_DIRECTORY).filter((name) => name.endsWith("_service-2.json"))) {
      const model = JSON.parse(readFileSync(`${MODELS_DIRECTORY}${fileName}`, "utf8")) as {
        shapes: Record<string, { pattern?: string }>;
      };
      for (const [shapeName, shape] of Object.entries(model.shapes)) {
        if (shape.pattern === undefined) continue;
        try {
          compileModelPattern(shape.pattern);
        } catch (error) {
          failures.push(`${fileName} ${shapeName}: ${String(error)}`);
        }
      }
    }
    expect(failures).toEqual([]);
  });

  describe("BatchImportFindings", () => {
    it("accepts a valid minimal request", () => {
      expect(validateRequest("securityhub", "BatchImportFindings", batchOf(minimalFinding()))).toEqual([]);
      expect(validateBatchImportFindings(batchOf(minimalFinding()))).toEqual([]);
    });

    it("treats undefined optional members as absent, as the SDK does", () => {
      const finding = { ...minimalFinding(), Note: undefined, Compliance: undefined };
      expect(validateBatchImportFindings(batchOf(finding))).toEqual([]);
    });

    it("reports a missing required member", () => {
      const finding = minimalFinding();
      delete finding.Title;
      expect(validateRequest("securityhub", "BatchImportFindings", batchOf(finding))).toEqual([
        "Findings[0].Title: required member missing",
      ]);
      expect(validateRequest("securityhub", "BatchImportFindings", {})).toEqual([
        "Findings: required member missing",
      ]);
    });

    it("reports an undefined required member as missing", () => {
      const finding = { ...minimalFinding(), Title: undefined };
      expect(validateRequest("securityhub", "BatchImportFindings", batchOf(finding))).toEqual([
        "Findings[0].Title: required member missing",
      ]);
    });

    it("reports an unknown member, with a hint for a wrong case", () => {
      const finding = { ...minimalFinding(), Titel: "typo", workflow: { Status: "NEW" } };
      const errors = validateRequest("securityhub", "BatchImportFindings", batchOf(finding));
      expect(errors).toEqual([
        "Findings[0].Titel: unknown member, not in AwsSecurityFinding",
        "Findings[0].workflow: unknown member, not in AwsSecurityFinding (did you mean Workflow?)",
      ]);
    });

    it("reports a wrong type with the full JSON path", () => {
      const findings = [minimalFinding(), minimalFinding(), minimalFinding(), minimalFinding()];
      const fourth = findings[3];
      if (fourth === undefined) throw new Error("fixture");
      containerDefinitionOf(fourth).Privileged = "true";
      expect(validateRequest("securityhub", "BatchImportFindings", { Findings: findings })).toEqual([
        "Findings[3].Resources[0].Details.AwsEcsTaskDefinition.ContainerDefinitions[0].Privileged: " +
          "expected boolean, got string",
      ]);
    });

    it("reports null, non-integer integers and numbers out of the model's range", () => {
      const finding = {
        ...minimalFinding(),
        Description: null,
        Confidence: 1.5,
        FindingProviderFields: { Criticality: 101 },
      };
      expect(validateRequest("securityhub", "BatchImportFindings", batchOf(finding))).toEqual([
        "Findings[0].Description: expected string, got null",
        // FindingProviderFields.Criticality is a RatioScale, modelled as 0 to 100.
        "Findings[0].FindingProviderFields.Criticality: value 101 is more than the maximum 100",
        "Findings[0].Confidence: expected integer (a whole number), got number",
      ]);
      const valid = { ...minimalFinding(), Confidence: 0, FindingProviderFields: { Criticality: 100 } };
      expect(validateRequest("securityhub", "BatchImportFindings", batchOf(valid))).toEqual([]);
    });

    it("reports a value outside the enum", () => {
      const finding = { ...minimalFinding(), Compliance: { Status: "OK" } };
      expect(validateRequest("securityhub", "BatchImportFindings", batchOf(finding))).toEqual([
        'Findings[0].Compliance.Status: "OK" is not one of PASSED, WARNING, FAILED, NOT_AVAILABLE',
      ]);
      const passed = { ...minimalFinding(), Compliance: { Status: "PASSED" } };
      expect(validateRequest("securityhub", "BatchImportFindings", batchOf(passed))).toEqual([]);
    });

    it("reports a string that does not match the model's pattern", () => {
      // NonEmptyString is modelled as the pattern .*\S.*
      const finding = { ...minimalFinding(), Title: "   " };
      expect(validateRequest("securityhub", "BatchImportFindings", batchOf(finding))).toEqual([
        'Findings[0].Title: "   " does not match the pattern .*\\S.*',
      ]);
    });

    it("reports more than 100 findings", () => {
      const findings = Array.from({ length: 101 }, () => minimalFinding());
      const errors = validateBatchImportFindings({ Findings: findings });
      expect(errors).toContain("Findings: list has length 101, more than the maximum 100");
      expect(errors).toContain("Findings: 101 findings in one request, at most 100 allowed");
      expect(validateBatchImportFindings({ Findings: findings.slice(0, 100) })).toEqual([]);
    });

    it("reports a Title of 257 characters but accepts 256", () => {
      const tooLong = { ...minimalFinding(), Title: "t".repeat(257) };
      expect(validateBatchImportFindings(batchOf(tooLong))).toEqual([
        "Findings[0].Title: 257 characters, more than the ASFF maximum 256",
      ]);
      expect(validateBatchImportFindings(batchOf({ ...minimalFinding(), Title: "t".repeat(256) }))).toEqual(
        [],
      );
    });

    it("reports a finding over 240 KB but accepts one of 200 KB", () => {
      const errors = validateBatchImportFindings(batchOf(findingWithCommandOf(250)));
      expect(errors).toHaveLength(1);
      expect(errors[0]).toMatch(/^Findings\[0\]: finding is \d+ bytes as JSON, more than 240000 \(240 KB\)$/);
      expect(validateBatchImportFindings(batchOf(findingWithCommandOf(200)))).toEqual([]);
    });

    it("reports a request over 6 MB", () => {
      const finding = findingWithCommandOf(70);
      const errors = validateBatchImportFindings({ Findings: Array.from({ length: 100 }, () => finding) });
      expect(errors).toHaveLength(1);
      expect(errors[0]).toMatch(/^\(input\): request is \d+ bytes as JSON, more than 6000000 \(6 MB\)$/);
    });
  });

  describe("validateAsffLimits", () => {
    it("accepts the minimal finding", () => {
      expect(validateAsffLimits(minimalFinding())).toEqual([]);
    });

    it("reports the documented length limits the model lacks", () => {
      const finding = {
        ...minimalFinding(),
        Id: "i".repeat(513),
        GeneratorId: "g".repeat(513),
        Description: "d".repeat(1025),
        Remediation: { Recommendation: { Text: "r".repeat(513) } },
      };
      expect(validateAsffLimits(finding)).toEqual([
        "Id: 513 characters, more than the ASFF maximum 512",
        "GeneratorId: 513 characters, more than the ASFF maximum 512",
        "Description: 1025 characters, more than the ASFF maximum 1024",
        "Remediation.Recommendation.Text: 513 characters, more than the ASFF maximum 512",
      ]);
    });

    it("counts characters as code points, like the models", () => {
      expect(validateAsffLimits({ ...minimalFinding(), Title: "🔒".repeat(256) })).toEqual([]);
    });

    it("reports more than 32 resources", () => {
      const finding = minimalFinding();
      const resource = (finding.Resources as unknown[])[0];
      finding.Resources = Array.from({ length: 33 }, () => resource);
      expect(validateAsffLimits(finding)).toEqual(["Resources: 33 entries, more than the ASFF maximum 32"]);
    });

    it("reports ProductFields over the documented limits", () => {
      const fiftyOne = Object.fromEntries(Array.from({ length: 51 }, (_, index) => [`key${index}`, "value"]));
      expect(validateAsffLimits({ ...minimalFinding(), ProductFields: fiftyOne })).toEqual([
        "ProductFields: 51 entries, more than the ASFF maximum 50",
      ]);
      const longKeyAndValue = { ["k".repeat(129)]: "v", fine: "v".repeat(2049) };
      expect(validateAsffLimits({ ...minimalFinding(), ProductFields: longKeyAndValue })).toEqual([
        `ProductFields: key "${"k".repeat(60)}…" has 129 characters, more than 128`,
        'ProductFields["fine"]: 2049 characters, more than 2048',
      ]);
      const atTheLimits = { ["k".repeat(128)]: "v".repeat(2048) };
      expect(validateAsffLimits({ ...minimalFinding(), ProductFields: atTheLimits })).toEqual([]);
    });

    it("reports Resources[].Details.Other over the documented limits", () => {
      const finding = minimalFinding();
      const resource = (finding.Resources as Array<Record<string, unknown>>)[0];
      if (resource === undefined) throw new Error("fixture");
      resource.Details = {
        Other: { ["k".repeat(128)]: "v", value: "v".repeat(1024), ok: "v".repeat(1023) },
      };
      expect(validateAsffLimits(finding)).toEqual([
        `Resources[0].Details.Other: key "${"k".repeat(60)}…" has 128 characters, more than 127`,
        'Resources[0].Details.Other["value"]: 1024 characters, more than 1023',
      ]);
      resource.Details = {
        Other: Object.fromEntries(Array.from({ length: 51 }, (_, index) => [`k${index}`, "v"])),
      };
      expect(validateAsffLimits(finding)).toEqual([
        "Resources[0].Details.Other: 51 entries, more than the ASFF maximum 50",
      ]);
    });

    it("reports a wrong account ID, schema version, type taxonomy and severity label", () => {
      const finding = {
        ...minimalFinding(),
        AwsAccountId: "12345678901",
        SchemaVersion: "2020-01-01",
        Types: ["Effects/Data Exposure", "Bogus/Category", "TTPs/a/b/c"],
        FindingProviderFields: { Severity: { Label: "SEVERE" }, Types: ["TTPs//Discovery"] },
      };
      expect(validateAsffLimits(finding)).toEqual([
        'SchemaVersion: must be 2018-10-08, got "2020-01-01"',
        "AwsAccountId: must be exactly 12 digits",
        'Types[1]: namespace "Bogus" is not one of Software and Configuration Checks, TTPs, Effects, ' +
          "Unusual Behaviors, Sensitive Data Identifications",
        'Types[2]: "TTPs/a/b/c" is not of the form namespace/category/classifier',
        'FindingProviderFields.Types[0]: "TTPs//Discovery" is not of the form namespace/category/classifier',
        "FindingProviderFields.Severity.Label: must be one of INFORMATIONAL, LOW, MEDIUM, HIGH, CRITICAL",
      ]);
    });

    it("reports timestamps in a format Security Hub rejects", () => {
      const accepted = [
        "2019-01-31T23:00:00Z",
        "2019-01-31T23:00:00.123456789Z",
        "2024-01-04T15:25:10+17:59",
        "2024-01-04T15:25:10-1759",
      ];
      for (const timestamp of accepted) {
        expect(validateAsffLimits({ ...minimalFinding(), CreatedAt: timestamp })).toEqual([]);
      }
      expect(validateAsffLimits({ ...minimalFinding(), UpdatedAt: "2024-05-01 12:00:00" })).toEqual([
        'UpdatedAt: "2024-05-01 12:00:00" is not in a timestamp format Security Hub accepts',
      ]);
      expect(validateAsffLimits({ ...minimalFinding(), UpdatedAt: "2024-13-01T12:00:00Z" })).toHaveLength(1);
    });
  });

  describe("other Security Hub operations", () => {
    const resourceArn = "arn:aws:securityhub:eu-west-1:123456789012:hub/default";

    it("checks map keys against the key shape and string lengths against max", () => {
      expect(
        validateRequest("securityhub", "TagResource", { ResourceArn: resourceArn, Tags: { owner: "x" } }),
      ).toEqual([]);
      expect(
        validateRequest("securityhub", "TagResource", {
          ResourceArn: resourceArn,
          Tags: { "aws:owner": "x", owner: "x".repeat(257) },
        }),
      ).toEqual([
        'Tags["aws:owner"] (key): "aws:owner" does not match the pattern ^(?!aws:)[a-zA-Z+-=._:/]+$',
        'Tags["owner"]: string length is 257, more than the maximum 256',
      ]);
    });

    it("checks list and map sizes against min and max", () => {
      const tagKeys = Array.from({ length: 51 }, (_, index) => `key${index}`);
      expect(
        validateRequest("securityhub", "UntagResource", { ResourceArn: resourceArn, TagKeys: tagKeys }),
      ).toEqual(["TagKeys: list has length 51, more than the maximum 50"]);
      expect(validateRequest("securityhub", "TagResource", { ResourceArn: resourceArn, Tags: {} })).toEqual([
        "Tags: map has size 0, less than the minimum 1",
      ]);
    });

    it("requires exactly one member of a union", () => {
      const request = (provider: unknown) => ({ ConnectorId: "connector-1", Provider: provider });
      expect(
        validateRequest("securityhub", "UpdateConnectorV2", request({ JiraCloud: { ProjectKey: "SEC" } })),
      ).toEqual([]);
      expect(
        validateRequest(
          "securityhub",
          "UpdateConnectorV2",
          request({ JiraCloud: { ProjectKey: "SEC" }, ServiceNow: { SecretArn: "arn" } }),
        ),
      ).toEqual([
        "Provider: union ProviderUpdateConfiguration must have exactly one member set, got 2 (JiraCloud, ServiceNow)",
      ]);
      expect(validateRequest("securityhub", "UpdateConnectorV2", request({}))).toEqual([
        "Provider: union ProviderUpdateConfiguration must have exactly one member set, got 0 (none)",
      ]);
    });

    it("throws for an operation the model does not have", () => {
      expect(() => validateRequest("securityhub", "BatchImportFinding", {})).toThrow(/no operation/);
    });
  });

  describe("ECS, EventBridge and EC2", () => {
    const updateService = (assignPublicIp: string) => ({
      cluster: "guardrails",
      service: "web",
      networkConfiguration: {
        awsvpcConfiguration: { subnets: ["subnet-0123456789abcdef0"], assignPublicIp },
      },
    });

    it("accepts UpdateService with assignPublicIp DISABLED and rejects NO", () => {
      expect(validateRequest("ecs", "UpdateService", updateService("DISABLED"))).toEqual([]);
      expect(validateRequest("ecs", "UpdateService", updateService("NO"))).toEqual([
        'networkConfiguration.awsvpcConfiguration.assignPublicIp: "NO" is not one of ENABLED, DISABLED',
      ]);
    });

    it("checks ECS tags against the unicode pattern of the model", () => {
      const tags = (key: string) => ({
        resourceArn: "arn:aws:ecs:eu-west-1:123456789012:cluster/a",
        tags: [{ key }],
      });
      expect(validateRequest("ecs", "TagResource", tags("ключ"))).toEqual([]);
      expect(validateRequest("ecs", "TagResource", tags("k".repeat(129)))).toEqual([
        "tags[0].key: string length is 129, more than the maximum 128",
      ]);
    });

    it("accepts the documented forms of a timestamp and rejects others", () => {
      const putEvents = (time: unknown) => ({ Entries: [{ Source: "guardrails", Time: time }] });
      for (const time of [new Date(), "2024-05-01T12:00:00Z", 1_714_564_800]) {
        expect(validateRequest("events", "PutEvents", putEvents(time))).toEqual([]);
      }
      expect(validateRequest("events", "PutEvents", putEvents("yesterday"))).toEqual([
        'Entries[0].Time: "yesterday" is not an ISO-8601 timestamp',
      ]);
      expect(validateRequest("events", "PutEvents", putEvents(true))).toEqual([
        "Entries[0].Time: expected timestamp (Date, ISO-8601 string or epoch seconds), got boolean",
      ]);
      expect(validateRequest("events", "PutEvents", putEvents(new Date(Number.NaN)))).toEqual([
        "Entries[0].Time: invalid Date",
      ]);
    });

    it("accepts a blob as bytes or string and rejects other types", () => {
      expect(
        validateRequest("ec2", "ImportKeyPair", {
          KeyName: "k",
          PublicKeyMaterial: new Uint8Array([1, 2, 3]),
        }),
      ).toEqual([]);
      expect(validateRequest("ec2", "ImportKeyPair", { KeyName: "k", PublicKeyMaterial: 42 })).toEqual([
        "PublicKeyMaterial: expected blob (string or Uint8Array), got number",
      ]);
    });

    it("rejects an input that is not an object", () => {
      expect(validateRequest("ecs", "ListClusters", [])).toEqual([
        "(input): expected structure (object), got array",
      ]);
      expect(validateRequest("ecs", "ListClusters", undefined)).toEqual([]);
    });
  });

  describe("operation and IAM action existence", () => {
    it("knows the operations of the modelled services", () => {
      expect(operationExists("ecs", "DescribeServices")).toBe(true);
      expect(operationExists("ecs", "DescribeService")).toBe(false);
      expect(operationExists("ecs", "constructor")).toBe(false);
      expect(() => operationExists("sqs", "SendMessage")).toThrow(/iamActionExists/);
    });

    it("maps IAM prefixes to the models, case-insensitively and with wildcards like IAM", async () => {
      expect(await iamActionExists("ecs:DescribeServices")).toBe(true);
      expect(await iamActionExists("ecs:describeservices")).toBe(true);
      expect(await iamActionExists("ecs:DescribeService")).toBe(false);
      expect(await iamActionExists("securityhub:BatchImportFindings")).toBe(true);
      expect(await iamActionExists("events:PutEvents")).toBe(true);
      expect(await iamActionExists("ec2:DescribeSecurityGroups")).toBe(true);
      expect(await iamActionExists("ecs:Describe*")).toBe(true);
      expect(await iamActionExists("ecs:Frobnicate*")).toBe(false);
    });
  });
});
