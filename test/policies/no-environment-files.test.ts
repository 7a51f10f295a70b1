import noEnvironmentFiles from "../../shared/policies/no-environment-files.ts";
import {
  containerDefinition,
  intrinsic,
  taskDefinition,
  taskDefinitionWithContainer,
} from "../helpers/builders.ts";
import { policyTester } from "../helpers/policy-tester.ts";
import { sampleTaskDefinition } from "../helpers/samples.ts";
import { fromSamples } from "../helpers/shared-data.ts";

const FILES = "/containerDefinitions/0/environmentFiles";
const envFile = (key: string) => ({ type: "s3", value: `arn:aws:s3:::config-bucket/${key}.env` });

policyTester.run(noEnvironmentFiles, {
  valid: [
    { name: "no environment files", resource: taskDefinition() },
    { name: "empty list", resource: taskDefinitionWithContainer({ environmentFiles: [] }) },
    {
      name: "secrets and environment instead",
      resource: taskDefinitionWithContainer({
        environment: [{ name: "LOG_LEVEL", value: "info" }],
        secrets: [
          { name: "DB", valueFrom: "arn:aws:secretsmanager:eu-west-1:123456789012:secret:db-AbCdEf" },
        ],
      }),
    },
    ...fromSamples("real sample cases", () => [
      {
        name: "sensitive data tutorial uses secrets (real sample)",
        resource: sampleTaskDefinition(
          "awsdocs__amazon-ecs-developer-guide__specifying-sensitive-data-tutorial-L80",
        ),
      },
    ]),
  ],
  invalid: [
    {
      name: "one environment file",
      resource: taskDefinitionWithContainer({ environmentFiles: [envFile("app")] }),
      violations: [{ messageId: "environmentFile", path: `${FILES}/0`, data: { container: "app" } }],
    },
    {
      name: "each file of each container",
      resource: taskDefinition({
        containerDefinitions: [
          containerDefinition({ environmentFiles: [envFile("a"), envFile("b")] }),
          containerDefinition({ name: "worker", environmentFiles: [{ type: "s3", value: intrinsic("/x") }] }),
        ],
      }),
      violations: [
        { messageId: "environmentFile", path: `${FILES}/0` },
        { messageId: "environmentFile", path: `${FILES}/1` },
        {
          messageId: "environmentFile",
          path: "/containerDefinitions/1/environmentFiles/0",
          data: { container: "worker" },
        },
      ],
    },
    ...fromSamples("real sample cases", () => [
      {
        name: "task definition template with an S3 environment file (real sample)",
        resource: sampleTaskDefinition("awsdocs__amazon-ecs-developer-guide__task-definition-template-L5"),
        violations: [
          { messageId: "environmentFile" as const, path: `${FILES}/0`, data: { container: "#0" } },
        ],
      },
    ]),
  ],
  unknown: [
    {
      name: "environment files from an unresolved intrinsic",
      resource: taskDefinitionWithContainer({ environmentFiles: intrinsic(FILES) }),
      observations: [{ messageId: "unresolved", path: FILES }],
    },
    {
      name: "an environment file that may not exist",
      resource: taskDefinitionWithContainer({ environmentFiles: [intrinsic(`${FILES}/0`)] }),
      observations: [{ messageId: "unresolved", path: `${FILES}/0` }],
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
