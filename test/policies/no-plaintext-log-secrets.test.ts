import { describe, expect, it } from "vitest";
import { evaluatePolicy } from "../../shared/engine/evaluate.ts";
import noPlaintextLogSecrets from "../../shared/policies/no-plaintext-log-secrets.ts";
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

const OPTIONS = "/containerDefinitions/0/logConfiguration/options";
const TOKEN = "0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0";

const logging = (logDriver: string, options: unknown, extra: Record<string, unknown> = {}) =>
  taskDefinitionWithContainer({ logConfiguration: { logDriver, options, ...extra } });

policyTester.run(noPlaintextLogSecrets, {
  valid: [
    { name: "no log configuration", resource: taskDefinition() },
    {
      name: "awslogs options",
      resource: logging("awslogs", { "awslogs-group": "/ecs/web", "awslogs-region": "eu-west-1" }),
    },
    {
      name: "Splunk token in secretOptions",
      resource: logging(
        "splunk",
        { "splunk-url": "https://splunk.example.com:8088" },
        {
          secretOptions: [
            {
              name: "splunk-token",
              valueFrom: "arn:aws:secretsmanager:eu-west-1:123456789012:secret:splunk",
            },
          ],
        },
      ),
    },
    {
      name: "switches, references and empty values are not credentials",
      resource: logging("awsfirelens", {
        Name: "es",
        AWS_Auth: "On",
        tls: "On",
        HTTP_Passwd: variable("ES_PASSWORD"),
        apikey: "",
        token_file: "/var/run/secrets/token",
        "splunk-token-ttl": "3600",
      }),
    },
    ...fromSamples("real sample cases", () => [
      {
        name: "Datadog FireLens example: apikey in secretOptions (real sample)",
        resource: sampleTaskDefinition("aws-samples__amazon-ecs-firelens-examples__datadog"),
      },
    ]),
  ],
  invalid: [
    {
      name: "Splunk token in options",
      resource: logging("splunk", { "splunk-url": "https://splunk.example.com:8088", "splunk-token": TOKEN }),
      violations: [
        {
          messageId: "plaintextSecret",
          path: `${OPTIONS}/splunk-token`,
          data: { container: "app", option: "splunk-token" },
        },
      ],
    },
    {
      name: "every credential-named option with a literal",
      resource: logging("awsfirelens", {
        Name: "datadog",
        apikey: "0123456789abcdef",
        "api-key": "x",
        api_key: "y",
        HTTP_Passwd: "hunter2",
        client_secret: "z",
        licenseKey: "eu01xx0123456789abcdef0123456789NRAL",
      }),
      violations: [
        { messageId: "plaintextSecret", path: `${OPTIONS}/apikey` },
        { messageId: "plaintextSecret", path: `${OPTIONS}/api-key` },
        { messageId: "plaintextSecret", path: `${OPTIONS}/api_key` },
        { messageId: "plaintextSecret", path: `${OPTIONS}/HTTP_Passwd` },
        { messageId: "plaintextSecret", path: `${OPTIONS}/client_secret` },
        { messageId: "plaintextSecret", path: `${OPTIONS}/licenseKey` },
      ],
    },
    {
      name: "option names with a slash are escaped in the path",
      resource: logging("awsfirelens", { "auth/token": "abc" }),
      violations: [{ messageId: "plaintextSecret", path: `${OPTIONS}/auth~1token` }],
    },
    {
      name: "only the second container",
      resource: taskDefinition({
        containerDefinitions: [
          containerDefinition(),
          containerDefinition({
            name: "shipper",
            logConfiguration: { logDriver: "splunk", options: { "splunk-token": TOKEN } },
          }),
        ],
      }),
      violations: [
        {
          messageId: "plaintextSecret",
          path: "/containerDefinitions/1/logConfiguration/options/splunk-token",
          data: { container: "shipper", option: "splunk-token" },
        },
      ],
    },
  ],
  unknown: [
    {
      name: "credential from an unresolved intrinsic",
      resource: logging("splunk", { "splunk-token": intrinsic(`${OPTIONS}/splunk-token`) }),
      observations: [{ messageId: "unresolved", path: `${OPTIONS}/splunk-token` }],
    },
    {
      name: "options from an unresolved intrinsic",
      resource: logging("splunk", intrinsic(OPTIONS)),
      observations: [{ messageId: "unresolved", path: OPTIONS }],
    },
    {
      name: "log configuration from an unresolved intrinsic",
      resource: taskDefinitionWithContainer({
        logConfiguration: intrinsic("/containerDefinitions/0/logConfiguration"),
      }),
      observations: [{ messageId: "unresolved", path: "/containerDefinitions/0/logConfiguration" }],
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

describe("policy no-plaintext-log-secrets", () => {
  it("never repeats the credential in its findings", () => {
    const verdict = evaluatePolicy(noPlaintextLogSecrets, logging("splunk", { "splunk-token": TOKEN }));
    expect(verdict.status).toBe("FAILED");
    expect(JSON.stringify(verdict.evidence)).not.toContain(TOKEN.slice(0, 8));
  });
});
