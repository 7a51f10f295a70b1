import { describe, expect, it } from "vitest";
import { evaluatePolicy } from "../../shared/engine/evaluate.ts";
import type { TaskDefinition } from "../../shared/model/types.ts";
import noSecretsInEnvironmentValues from "../../shared/policies/no-secrets-in-environment-values.ts";
import {
  containerDefinition,
  intrinsic,
  taskDefinition,
  taskDefinitionWithContainer,
} from "../helpers/builders.ts";
import { policyTester } from "../helpers/policy-tester.ts";
import { sampleCloudFormationResource, sampleTaskDefinition } from "../helpers/samples.ts";
import { fromSamples } from "../helpers/shared-data.ts";

// Secret-shaped test values are assembled from parts so that secret scanners do not flag this file.
const ACCESS_KEY_ID = ["AKIA", "IOSFODNN7EXAMPLE"].join("");
const RANDOM_KEY = "q3Rb9ZxT2mVf8KpL4nWc7YhJ1sDe6GuA0oIz5XyBvN";
const value = (index: number) => `/containerDefinitions/0/environment/${index}/value`;

/** A task definition declared in a real CloudFormation template of ../shared/data/cfn. */
function templateTaskDefinition(file: string, logicalId: string): TaskDefinition {
  const { resource } = sampleCloudFormationResource(file, logicalId);
  if (resource.kind !== "TaskDefinition") throw new Error(`${logicalId} in ${file} is no task definition`);
  return resource;
}

const withEnvironment = (...environment: unknown[]) => taskDefinitionWithContainer({ environment });

policyTester.run(noSecretsInEnvironmentValues, {
  valid: [
    { name: "no environment", resource: taskDefinition() },
    {
      name: "ordinary configuration",
      resource: withEnvironment(
        { name: "LOG_LEVEL", value: "info" },
        { name: "REQUEST_ID_NAMESPACE", value: "3f1c2b9e-8d4a-4f6b-9c2e-1a7d5e8b0c3f" },
        {
          name: "DB_SECRET_ARN",
          value: "arn:aws:secretsmanager:eu-west-1:123456789012:secret:prod/db-AbCdEf",
        },
        { name: "TOKEN_URL", value: "https://auth.example.com/oauth2/token" },
        { name: "GIT_SHA", value: "0123456789abcdef0123456789abcdef01234567" },
      ),
    },
    { name: "a variable without a value", resource: withEnvironment({ name: "API_TOKEN" }) },
    {
      name: "ignored name (case-insensitive)",
      resource: withEnvironment({ name: "TEST_FIXTURE_KEY", value: RANDOM_KEY }),
      parameters: { ignoredNames: ["test_fixture_key"] },
    },
    {
      name: "unresolved name with a value no name makes secret",
      resource: withEnvironment({
        name: intrinsic("/containerDefinitions/0/environment/0/name"),
        value: "info",
      }),
    },
    ...fromSamples("real sample cases", () => [
      {
        name: "FireLens multi-config example: S3 ARNs in the environment (real sample)",
        resource: sampleTaskDefinition("aws-samples__amazon-ecs-firelens-examples__multi-config-support"),
      },
      {
        name: "App Mesh example: ports and names in the environment (real sample)",
        resource: sampleTaskDefinition("aws-samples__amazon-ecs-firelens-examples__parse-envoy-app-mesh"),
      },
    ]),
  ],
  invalid: [
    {
      name: "AWS access key id",
      resource: withEnvironment({ name: "AWS_ACCESS_KEY_ID", value: ACCESS_KEY_ID }),
      violations: [
        {
          messageId: "secretValue",
          path: value(0),
          data: { container: "app", name: "AWS_ACCESS_KEY_ID", kind: "an AWS access key id" },
        },
      ],
    },
    {
      name: "URL with a password, among harmless variables",
      resource: withEnvironment(
        { name: "LOG_LEVEL", value: "info" },
        { name: "DATABASE_URL", value: "postgres://app:s3cr3t-P4ss@db.internal:5432/app" },
      ),
      violations: [
        {
          messageId: "secretValue",
          path: value(1),
          data: { container: "app", name: "DATABASE_URL", kind: "a URL with an embedded password" },
        },
      ],
    },
    {
      name: "long password in a variable named like one",
      resource: withEnvironment({ name: "DB_PASSWORD", value: "correct-horse-battery-staple" }),
      violations: [{ messageId: "secretValue", path: value(0) }],
    },
    {
      name: "random key, not ignored by default",
      resource: withEnvironment({ name: "TEST_FIXTURE_KEY", value: RANDOM_KEY }),
      violations: [{ messageId: "secretValue", path: value(0) }],
    },
    {
      name: "random key under any name",
      resource: withEnvironment({ name: "BLOB", value: RANDOM_KEY }),
      violations: [
        {
          messageId: "secretValue",
          path: value(0),
          data: { container: "app", name: "BLOB", kind: "a random key or token (a long high-entropy value)" },
        },
      ],
    },
    {
      name: "CloudFormation dynamic reference resolved into the environment",
      resource: withEnvironment({
        name: "DB",
        value: "{{resolve:secretsmanager:prod/db:SecretString:password}}",
      }),
      violations: [{ messageId: "secretValue", path: value(0) }],
    },
    {
      name: "unnamed variable, in a second container",
      resource: taskDefinition({
        containerDefinitions: [
          containerDefinition(),
          containerDefinition({ name: "worker", environment: [{ value: ACCESS_KEY_ID }] }),
        ],
      }),
      violations: [
        {
          messageId: "secretValue",
          path: "/containerDefinitions/1/environment/0/value",
          data: { container: "worker", name: "#0", kind: "an AWS access key id" },
        },
      ],
    },
    {
      name: "a shape is a secret even when the name is unresolved",
      resource: withEnvironment({
        name: intrinsic("/containerDefinitions/0/environment/0/name"),
        value: ACCESS_KEY_ID,
      }),
      violations: [{ messageId: "secretValue", path: value(0) }],
    },
  ],
  unknown: [
    {
      name: "value from an unresolved intrinsic",
      resource: withEnvironment({ name: "DB_PASSWORD", value: intrinsic(value(0)) }),
      observations: [{ messageId: "unresolved", path: value(0) }],
    },
    {
      name: "unresolved name of a long value that a secret's name would make secret",
      resource: withEnvironment({
        name: intrinsic("/containerDefinitions/0/environment/0/name"),
        value: "correct-horse-battery-staple",
      }),
      observations: [{ messageId: "unresolved", path: "/containerDefinitions/0/environment/0/name" }],
    },
    {
      name: "environment from an unresolved intrinsic",
      resource: taskDefinitionWithContainer({
        environment: intrinsic("/containerDefinitions/0/environment"),
      }),
      observations: [{ messageId: "unresolved", path: "/containerDefinitions/0/environment" }],
    },
    {
      name: "unresolved variable",
      resource: withEnvironment(intrinsic("/containerDefinitions/0/environment/0")),
      observations: [{ messageId: "unresolved", path: "/containerDefinitions/0/environment/0" }],
    },
    ...fromSamples("real sample cases", () => [
      {
        name: "reference architecture template: URL from a parameter without a default (real sample)",
        resource: templateTaskDefinition(
          "aws-samples__ecs-refarch-cloudformation__website-service.yaml",
          "TaskDefinition",
        ),
        observations: [{ messageId: "unresolved" as const, path: value(0) }],
      },
    ]),
  ],
  notApplicable: [
    {
      name: "no container definitions",
      resource: taskDefinition({ containerDefinitions: [] }),
      messageId: "noContainers",
    },
  ],
});

describe("policy no-secrets-in-environment-values", () => {
  it("never repeats a secret value, or a part of it, in its findings", () => {
    const secrets = [ACCESS_KEY_ID, RANDOM_KEY, "correct-horse-battery-staple", "s3cr3t-P4ss"];
    const resource = withEnvironment(
      { name: "A", value: ACCESS_KEY_ID },
      { name: "B", value: RANDOM_KEY },
      { name: "DB_PASSWORD", value: "correct-horse-battery-staple" },
      { name: "C", value: "postgres://app:s3cr3t-P4ss@db.internal:5432/app" },
    );
    const verdict = evaluatePolicy(noSecretsInEnvironmentValues, resource);
    expect(verdict.status).toBe("FAILED");
    expect(verdict.evidence).toHaveLength(4);
    const text = JSON.stringify(verdict.evidence);
    for (const secret of secrets) {
      for (let start = 0; start + 4 <= secret.length; start += 1)
        expect(text).not.toContain(secret.slice(start, start + 4));
    }
  });
});
