import secretsFromApprovedStores from "../../shared/policies/secrets-from-approved-stores.ts";
import {
  containerDefinition,
  intrinsic,
  taskDefinition,
  taskDefinitionWithContainer,
} from "../helpers/builders.ts";
import { policyTester } from "../helpers/policy-tester.ts";
import { sampleTaskDefinition } from "../helpers/samples.ts";
import { fromSamples } from "../helpers/shared-data.ts";

/** A `${NAME}` variable reference, as templates and Fluent Bit write it. */
const variable = (name: string) => `\${${name}}`;

const SECRETS = "/containerDefinitions/0/secrets";
const SECRET_OPTIONS = "/containerDefinitions/0/logConfiguration/secretOptions";
const SECRETS_MANAGER = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:prod/db-AbCdEf";

const withSecrets = (...secrets: unknown[]) => taskDefinitionWithContainer({ secrets });
const withSecretOptions = (...secretOptions: unknown[]) =>
  taskDefinitionWithContainer({ logConfiguration: { logDriver: "splunk", secretOptions } });

const approved = [
  SECRETS_MANAGER,
  `${SECRETS_MANAGER}:password::`,
  `${SECRETS_MANAGER}:password:AWSPREVIOUS:`,
  "arn:aws-cn:secretsmanager:cn-north-1:123456789012:secret:db-AbCdEf",
  "arn:aws:ssm:eu-west-1:123456789012:parameter/prod/db/password",
  "arn:aws-us-gov:ssm:us-gov-west-1:123456789012:parameter/db_password",
  "/prod/db/password",
  "db_password",
  "db.password-v2",
  `arn:${variable("Partition")}:secretsmanager:${variable("Region")}:${variable("Account")}:secret:${variable("SecretId")}`,
];

const unapproved: readonly (readonly [string, string])[] = [
  ["arn:aws:s3:::config-bucket/prod/db.env", "an ARN of another service (s3)"],
  ["arn:aws:kms:eu-west-1:123456789012:key/0f1e2d3c", "an ARN of another service (kms)"],
  ["arn:aws:secretsmanager:eu-west-1:123456789012:db-AbCdEf", "a Secrets Manager ARN that names no secret"],
  ["arn:aws:ssm:eu-west-1:123456789012:document/db", "an SSM ARN that names no parameter"],
  ["https://vault.example.com/v1/secret/data/db", "neither an ARN nor an SSM parameter name"],
  ["vault:secret/data/db#password", "neither an ARN nor an SSM parameter name"],
  ["hunter2 is my password", "neither an ARN nor an SSM parameter name"],
  ["", "an empty value"],
];

policyTester.run(secretsFromApprovedStores, {
  valid: [
    { name: "no secrets", resource: taskDefinition() },
    ...approved.map((valueFrom) => ({
      name: `secret from "${valueFrom}"`,
      resource: withSecrets({ name: "DB_PASSWORD", valueFrom }),
    })),
    {
      name: "log secret from SSM",
      resource: withSecretOptions({ name: "splunk-token", valueFrom: "/logging/splunk-token" }),
    },
    ...fromSamples("real sample cases", () => [
      {
        name: "sensitive data tutorial: Secrets Manager ARN (real sample)",
        resource: sampleTaskDefinition(
          "awsdocs__amazon-ecs-developer-guide__specifying-sensitive-data-tutorial-L80",
        ),
      },
      {
        name: "CloudWatch agent StatsD example: SSM parameter name (real sample)",
        resource: sampleTaskDefinition(
          "aws-samples__amazon-cloudwatch-container-insights__cwagent-statsd-ec2",
        ),
      },
      {
        name: "Datadog FireLens example: templated Secrets Manager ARN (real sample)",
        resource: sampleTaskDefinition("aws-samples__amazon-ecs-firelens-examples__datadog"),
      },
    ]),
  ],
  invalid: [
    ...unapproved.map(([valueFrom, source]) => ({
      name: `secret from "${valueFrom}"`,
      resource: withSecrets({ name: "DB_PASSWORD", valueFrom }),
      violations: [
        {
          messageId: "unapprovedSource" as const,
          path: `${SECRETS}/0/valueFrom`,
          data: { container: "app", secret: "DB_PASSWORD", source },
        },
      ],
    })),
    {
      name: "log secret option from S3",
      resource: withSecretOptions({ name: "splunk-token", valueFrom: "arn:aws:s3:::bucket/token" }),
      violations: [{ messageId: "unapprovedSource", path: `${SECRET_OPTIONS}/0/valueFrom` }],
    },
    {
      name: "secrets and secret options of several containers, unnamed ones by position",
      resource: taskDefinition({
        containerDefinitions: [
          containerDefinition({
            secrets: [{ name: "OK", valueFrom: SECRETS_MANAGER }, { valueFrom: "arn:aws:s3:::b/k" }],
            logConfiguration: {
              logDriver: "splunk",
              secretOptions: [{ name: "splunk-token", valueFrom: "arn:aws:s3:::b/t" }],
            },
          }),
          containerDefinition({ name: "worker", secrets: [{ name: "KEY", valueFrom: "arn:aws:s3:::b/w" }] }),
        ],
      }),
      violations: [
        {
          messageId: "unapprovedSource",
          path: `${SECRETS}/1/valueFrom`,
          data: { container: "app", secret: "#1", source: "an ARN of another service (s3)" },
        },
        { messageId: "unapprovedSource", path: `${SECRET_OPTIONS}/0/valueFrom` },
        { messageId: "unapprovedSource", path: "/containerDefinitions/1/secrets/0/valueFrom" },
      ],
    },
    ...fromSamples("real sample cases", () => [
      {
        name: "task definition template with empty valueFrom (real sample)",
        resource: sampleTaskDefinition("awsdocs__amazon-ecs-developer-guide__task-definition-template-L5"),
        violations: [
          {
            messageId: "unapprovedSource" as const,
            path: `${SECRETS}/0/valueFrom`,
            data: { container: "#0", secret: "#0", source: "an empty value" },
          },
          { messageId: "unapprovedSource" as const, path: `${SECRET_OPTIONS}/0/valueFrom` },
        ],
      },
    ]),
  ],
  unknown: [
    {
      name: "valueFrom from an unresolved intrinsic",
      resource: withSecrets({ name: "DB_PASSWORD", valueFrom: intrinsic(`${SECRETS}/0/valueFrom`) }),
      observations: [{ messageId: "unresolved", path: `${SECRETS}/0/valueFrom` }],
    },
    {
      name: "secrets from an unresolved intrinsic",
      resource: taskDefinitionWithContainer({ secrets: intrinsic(SECRETS) }),
      observations: [{ messageId: "unresolved", path: SECRETS }],
    },
    {
      name: "unresolved secret",
      resource: withSecrets(intrinsic(`${SECRETS}/0`)),
      observations: [{ messageId: "unresolved", path: `${SECRETS}/0` }],
    },
    {
      name: "log configuration from an unresolved intrinsic",
      resource: taskDefinitionWithContainer({
        logConfiguration: intrinsic("/containerDefinitions/0/logConfiguration"),
      }),
      observations: [{ messageId: "unresolved", path: "/containerDefinitions/0/logConfiguration" }],
    },
    {
      name: "template placeholder",
      resource: withSecrets({ name: "DB_PASSWORD", valueFrom: "{{db-password-parameter}}" }),
      observations: [
        {
          messageId: "placeholder",
          path: `${SECRETS}/0/valueFrom`,
          data: { container: "app", secret: "DB_PASSWORD" },
        },
      ],
    },
    ...fromSamples("real sample cases", () => [
      {
        name: "ECS agent FireLens test: secret option placeholder (real sample)",
        resource: sampleTaskDefinition("aws__amazon-ecs-agent__functional-tests-firelens-fluentbit-s3"),
        observations: [
          {
            messageId: "placeholder" as const,
            path: "/containerDefinitions/1/logConfiguration/secretOptions/0/valueFrom",
          },
        ],
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
