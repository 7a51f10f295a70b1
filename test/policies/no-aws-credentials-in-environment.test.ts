import { describe, expect, it } from "vitest";
import { evaluatePolicy } from "../../shared/engine/evaluate.ts";
import noAwsCredentialsInEnvironment from "../../shared/policies/no-aws-credentials-in-environment.ts";
import {
  containerDefinition,
  intrinsic,
  taskDefinition,
  taskDefinitionWithContainer,
} from "../helpers/builders.ts";
import { policyTester } from "../helpers/policy-tester.ts";
import { sampleTaskDefinition } from "../helpers/samples.ts";
import { fromSamples } from "../helpers/shared-data.ts";

const SECRET_VALUE = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";

const withEnvironment = (...names: unknown[]) =>
  taskDefinitionWithContainer({ environment: names.map((name) => ({ name, value: SECRET_VALUE })) });

const environmentName = (container: number, position: number) =>
  `/containerDefinitions/${container}/environment/${position}/name`;

policyTester.run(noAwsCredentialsInEnvironment, {
  valid: [
    { name: "no environment", resource: taskDefinition() },
    { name: "ordinary variables", resource: withEnvironment("AWS_REGION", "LOG_LEVEL") },
    {
      name: "names compared exactly: lower case, prefixes and suffixes pass",
      resource: withEnvironment("aws_access_key_id", "MY_AWS_SECRET_ACCESS_KEY", "AWS_ACCESS_KEY_ID_FILE"),
    },
    {
      name: "the same names as secrets are out of scope",
      resource: taskDefinitionWithContainer({
        secrets: [
          { name: "AWS_SECRET_ACCESS_KEY", valueFrom: "arn:aws:ssm:eu-west-1:123456789012:parameter/k" },
        ],
      }),
    },
    {
      name: "environment files are out of scope",
      resource: taskDefinitionWithContainer({
        environmentFiles: [{ type: "s3", value: "arn:aws:s3:::bucket/aws-credentials.env" }],
      }),
    },
    ...fromSamples("real sample cases", () => [
      {
        name: "DL1 docs example with an ordinary variable (real sample)",
        resource: sampleTaskDefinition("awsdocs__amazon-ecs-developer-guide__ecs-dl1-L39"),
      },
      {
        name: "secrets tutorial passing its secret through secrets (real sample)",
        resource: sampleTaskDefinition(
          "awsdocs__amazon-ecs-developer-guide__specifying-sensitive-data-tutorial-L80",
        ),
      },
    ]),
  ],
  invalid: [
    {
      name: "an access key pair",
      resource: withEnvironment("AWS_REGION", "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY"),
      violations: [
        {
          messageId: "credentialVariable",
          path: environmentName(0, 1),
          data: { container: "app", name: "AWS_ACCESS_KEY_ID" },
        },
        {
          messageId: "credentialVariable",
          path: environmentName(0, 2),
          data: { container: "app", name: "AWS_SECRET_ACCESS_KEY" },
        },
      ],
    },
    {
      name: "registry credentials of the ECS agent, in a second container",
      resource: taskDefinition({
        containerDefinitions: [
          containerDefinition(),
          containerDefinition({
            name: "agent",
            environment: [{ name: "ECS_ENGINE_AUTH_DATA", value: "{}" }],
          }),
        ],
      }),
      violations: [
        {
          messageId: "credentialVariable",
          path: environmentName(1, 0),
          data: { container: "agent", name: "ECS_ENGINE_AUTH_DATA" },
        },
      ],
    },
    {
      name: "a variable without a value still fails",
      resource: taskDefinitionWithContainer({ environment: [{ name: "AWS_SECRET_ACCESS_KEY" }] }),
      violations: [{ messageId: "credentialVariable", path: environmentName(0, 0) }],
    },
  ],
  unknown: [
    {
      name: "a variable name from an unresolved intrinsic",
      resource: withEnvironment(intrinsic(environmentName(0, 0))),
      observations: [{ messageId: "unresolved", path: environmentName(0, 0) }],
    },
    {
      name: "a variable from an unresolved intrinsic",
      resource: taskDefinitionWithContainer({
        environment: [intrinsic("/containerDefinitions/0/environment/0")],
      }),
      observations: [{ messageId: "unresolved", path: "/containerDefinitions/0/environment/0" }],
    },
    {
      name: "the environment from an unresolved intrinsic",
      resource: taskDefinitionWithContainer({
        environment: intrinsic("/containerDefinitions/0/environment"),
      }),
      observations: [{ messageId: "unresolved", path: "/containerDefinitions/0/environment" }],
    },
  ],
  notApplicable: [
    {
      name: "no container definitions",
      resource: taskDefinition({ containerDefinitions: [] }),
      messageId: "noContainers",
    },
  ],
});

describe("policy no-aws-credentials-in-environment evidence", () => {
  it("never repeats an environment value", () => {
    const verdict = evaluatePolicy(noAwsCredentialsInEnvironment, withEnvironment("AWS_SECRET_ACCESS_KEY"));
    expect(verdict.status).toBe("FAILED");
    expect(JSON.stringify(verdict.evidence)).not.toContain(SECRET_VALUE);
    expect(verdict.evidence[0]?.message).toContain("AWS_SECRET_ACCESS_KEY");
  });
});
