import containerLoggingConfigured from "../../shared/policies/container-logging-configured.ts";
import {
  containerDefinition,
  intrinsic,
  taskDefinition,
  taskDefinitionWithContainer,
} from "../helpers/builders.ts";
import { policyTester } from "../helpers/policy-tester.ts";
import { sampleTaskDefinition } from "../helpers/samples.ts";
import { fromSamples } from "../helpers/shared-data.ts";

const LOG_CONFIGURATION = "/containerDefinitions/0/logConfiguration";
const LOG_DRIVER = `${LOG_CONFIGURATION}/logDriver`;

const awslogs = {
  logDriver: "awslogs",
  options: { "awslogs-group": "/ecs/web", "awslogs-region": "eu-west-1" },
};

policyTester.run(containerLoggingConfigured, {
  valid: [
    { name: "awslogs", resource: taskDefinitionWithContainer({ logConfiguration: awslogs }) },
    {
      name: "the driver does not matter, even none",
      resource: taskDefinitionWithContainer({ logConfiguration: { logDriver: "none" } }),
    },
    {
      name: "Windows containers are judged too",
      resource: taskDefinition({
        runtimePlatform: { operatingSystemFamily: "WINDOWS_SERVER_2022_CORE" },
        containerDefinitions: [containerDefinition({ logConfiguration: { logDriver: "awslogs" } })],
      }),
    },
    ...fromSamples("real sample cases", () => [
      {
        name: "FireLens EFS example: awsfirelens and awslogs (real sample)",
        resource: sampleTaskDefinition("aws-samples__amazon-ecs-firelens-examples__efs"),
      },
      {
        name: "Windows IIS on Fargate with awslogs (real sample)",
        resource: sampleTaskDefinition("awsdocs__amazon-ecs-developer-guide__AWS_Fargate-L185"),
      },
    ]),
  ],
  invalid: [
    {
      name: "no logConfiguration",
      resource: taskDefinition(),
      violations: [{ messageId: "noLogConfiguration", path: LOG_CONFIGURATION, data: { container: "app" } }],
    },
    {
      name: "logConfiguration without a logDriver",
      resource: taskDefinitionWithContainer({
        logConfiguration: { options: { "awslogs-group": "/ecs/web" } },
      }),
      violations: [{ messageId: "noLogDriver", path: LOG_DRIVER, data: { container: "app" } }],
    },
    {
      name: "empty logDriver",
      resource: taskDefinitionWithContainer({ logConfiguration: { logDriver: "" } }),
      violations: [{ messageId: "noLogDriver", path: LOG_DRIVER }],
    },
    {
      name: "non-essential containers are judged too",
      resource: taskDefinition({
        containerDefinitions: [
          containerDefinition({ logConfiguration: awslogs }),
          containerDefinition({ name: "init", essential: false }),
        ],
      }),
      violations: [
        {
          messageId: "noLogConfiguration",
          path: "/containerDefinitions/1/logConfiguration",
          data: { container: "init" },
        },
      ],
    },
    ...fromSamples("real sample cases", () => [
      {
        name: "EFS tutorial without logging (real sample)",
        resource: sampleTaskDefinition("awsdocs__amazon-ecs-developer-guide__tutorial-efs-volumes-L186"),
        violations: [
          { messageId: "noLogConfiguration" as const, path: LOG_CONFIGURATION, data: { container: "nginx" } },
        ],
      },
    ]),
  ],
  unknown: [
    {
      name: "logConfiguration from an unresolved intrinsic",
      resource: taskDefinitionWithContainer({ logConfiguration: intrinsic(LOG_CONFIGURATION) }),
      observations: [{ messageId: "unresolved", path: LOG_CONFIGURATION }],
    },
    {
      name: "logDriver from an unresolved intrinsic",
      resource: taskDefinitionWithContainer({ logConfiguration: { logDriver: intrinsic(LOG_DRIVER) } }),
      observations: [{ messageId: "unresolved", path: LOG_DRIVER }],
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
