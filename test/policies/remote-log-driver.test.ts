import remoteLogDriver from "../../shared/policies/remote-log-driver.ts";
import { containerDefinition, intrinsic, taskDefinition } from "../helpers/builders.ts";
import { policyTester } from "../helpers/policy-tester.ts";
import { sampleTaskDefinition } from "../helpers/samples.ts";
import { fromSamples } from "../helpers/shared-data.ts";

const DRIVER = "/containerDefinitions/0/logConfiguration/logDriver";
const LOG = "/containerDefinitions/0/logConfiguration";

/** A task definition that can run on EC2 whose only container logs as configured. */
const logging = (logConfiguration: unknown, requiresCompatibilities: unknown = ["EC2"]) =>
  taskDefinition({
    requiresCompatibilities,
    containerDefinitions: [containerDefinition({ logConfiguration })],
  });

const localDrivers = ["json-file", "local", "journald", "etwlogs"];
const remoteDrivers = ["awslogs", "awsfirelens", "splunk", "fluentd", "gelf", "logentries"];

policyTester.run(remoteLogDriver, {
  valid: [
    ...remoteDrivers.map((logDriver) => ({ name: `${logDriver} on EC2`, resource: logging({ logDriver }) })),
    {
      name: "syslog to a remote TCP endpoint",
      resource: logging({
        logDriver: "syslog",
        options: { "syslog-address": "tcp+tls://logs.example.com:6514" },
      }),
    },
    { name: "no log configuration (judged by the log-configuration check)", resource: logging(undefined) },
    { name: "awslogs on EC2 and Fargate", resource: logging({ logDriver: "awslogs" }, ["EC2", "FARGATE"]) },
    ...fromSamples("real sample cases", () => [
      {
        name: "awslogs docs example on EC2 (real sample)",
        resource: sampleTaskDefinition("awsdocs__amazon-ecs-developer-guide__using_awslogs-L115"),
      },
    ]),
  ],
  invalid: [
    ...localDrivers.map((logDriver) => ({
      name: `${logDriver} on EC2`,
      resource: logging({ logDriver }),
      violations: [
        { messageId: "localDriver" as const, path: DRIVER, data: { container: "app", driver: logDriver } },
      ],
    })),
    {
      name: "syslog to the instance's daemon",
      resource: logging({ logDriver: "syslog" }),
      violations: [{ messageId: "localDriver", path: DRIVER, data: { container: "app", driver: "syslog" } }],
    },
    {
      name: "syslog to a local socket",
      resource: logging({ logDriver: "syslog", options: { "syslog-address": "unix:///dev/log" } }),
      violations: [{ messageId: "localDriver", path: DRIVER }],
    },
    {
      name: "no compatibilities declared (EC2), local driver in the second container",
      resource: taskDefinition({
        requiresCompatibilities: undefined,
        containerDefinitions: [
          containerDefinition({ logConfiguration: { logDriver: "awslogs" } }),
          containerDefinition({ name: "sidecar", logConfiguration: { logDriver: "json-file" } }),
        ],
      }),
      violations: [
        {
          messageId: "localDriver",
          path: "/containerDefinitions/1/logConfiguration/logDriver",
          data: { container: "sidecar", driver: "json-file" },
        },
      ],
    },
    {
      name: "ECS Anywhere keeps logs on the server too",
      resource: logging({ logDriver: "json-file" }, ["EXTERNAL"]),
      violations: [{ messageId: "localDriver", path: DRIVER }],
    },
  ],
  unknown: [
    {
      name: "driver from an unresolved intrinsic",
      resource: logging({ logDriver: intrinsic(DRIVER) }),
      observations: [{ messageId: "unresolved", path: DRIVER }],
    },
    {
      name: "log configuration from an unresolved intrinsic",
      resource: logging(intrinsic(LOG)),
      observations: [{ messageId: "unresolved", path: LOG }],
    },
    {
      name: "syslog address from an unresolved intrinsic",
      resource: logging({
        logDriver: "syslog",
        options: { "syslog-address": intrinsic(`${LOG}/options/syslog-address`) },
      }),
      observations: [{ messageId: "unresolved", path: `${LOG}/options/syslog-address` }],
    },
    {
      name: "compatibilities from an unresolved intrinsic",
      resource: logging({ logDriver: "json-file" }, intrinsic("/requiresCompatibilities")),
      observations: [{ messageId: "unresolved", path: "/requiresCompatibilities" }],
    },
  ],
  notApplicable: [
    {
      name: "Fargate only",
      resource: logging({ logDriver: "awslogs" }, ["FARGATE"]),
      messageId: "fargateOnly",
    },
    {
      name: "no container definitions",
      resource: taskDefinition({ requiresCompatibilities: ["EC2"], containerDefinitions: [] }),
      messageId: "noContainers",
    },
    ...fromSamples("real sample cases", () => [
      {
        name: "Fargate docs example (real sample)",
        resource: sampleTaskDefinition("awsdocs__amazon-ecs-developer-guide__AWS_Fargate-L136"),
        messageId: "fargateOnly" as const,
      },
    ]),
  ],
});
