import noPrivilegedContainers from "../../shared/policies/no-privileged-containers.ts";
import {
  containerDefinition,
  intrinsic,
  taskDefinition,
  taskDefinitionWithContainer,
} from "../helpers/builders.ts";
import { policyTester } from "../helpers/policy-tester.ts";
import { sampleTaskDefinition } from "../helpers/samples.ts";
import { fromSamples } from "../helpers/shared-data.ts";

policyTester.run(noPrivilegedContainers, {
  valid: [
    { name: "privileged not set", resource: taskDefinition() },
    { name: "privileged false", resource: taskDefinitionWithContainer({ privileged: false }) },
    ...fromSamples("real sample cases", () => [
      {
        name: "AWS docs Fargate sample",
        resource: sampleTaskDefinition("awsdocs__amazon-ecs-developer-guide__AWS_Fargate-L136"),
      },
    ]),
  ],
  invalid: [
    {
      name: "privileged true",
      resource: taskDefinitionWithContainer({ privileged: true }),
      violations: [
        { messageId: "privileged", path: "/containerDefinitions/0/privileged", data: { container: "app" } },
      ],
    },
    {
      name: "only the second of two containers",
      resource: taskDefinition({
        containerDefinitions: [
          containerDefinition(),
          containerDefinition({ name: "sidecar", privileged: true }),
        ],
      }),
      violations: [
        {
          messageId: "privileged",
          path: "/containerDefinitions/1/privileged",
          data: { container: "sidecar" },
        },
      ],
    },
    {
      name: "unnamed container is named by position",
      resource: taskDefinitionWithContainer({ name: "", privileged: true }),
      violations: [
        { messageId: "privileged", path: "/containerDefinitions/0/privileged", data: { container: "#0" } },
      ],
    },
    {
      name: "a privileged container fails even when another is undecided",
      resource: taskDefinition({
        containerDefinitions: [
          containerDefinition({ privileged: intrinsic("/containerDefinitions/0/privileged") }),
          containerDefinition({ name: "sidecar", privileged: true }),
        ],
      }),
      violations: [
        { messageId: "unresolved", path: "/containerDefinitions/0/privileged" },
        { messageId: "privileged", path: "/containerDefinitions/1/privileged" },
      ],
    },
    ...fromSamples("real sample cases", () => [
      {
        name: "ECS agent App Mesh validator (real sample)",
        resource: sampleTaskDefinition("aws__amazon-ecs-agent__functional-tests-appmesh-plugin-validator"),
        violations: [
          {
            messageId: "privileged" as const,
            path: "/containerDefinitions/0/privileged",
            data: { container: "app-mesh" },
          },
        ],
      },
    ]),
  ],
  unknown: [
    {
      name: "privileged from an unresolved intrinsic",
      resource: taskDefinitionWithContainer({ privileged: intrinsic("/containerDefinitions/0/privileged") }),
      observations: [{ messageId: "unresolved", path: "/containerDefinitions/0/privileged" }],
    },
    {
      name: "privileged of the wrong type",
      resource: taskDefinitionWithContainer({ privileged: "yes" }),
      observations: [
        {
          messageId: "unresolved",
          path: "/containerDefinitions/0/privileged",
          data: { reason: 'expected a boolean, found string "yes"' },
        },
      ],
    },
    {
      name: "container definitions from an unresolved intrinsic",
      resource: taskDefinition({ containerDefinitions: intrinsic("/containerDefinitions") }),
      observations: [{ messageId: "unresolved", path: "/containerDefinitions" }],
    },
    {
      name: "one container definition unresolved",
      resource: taskDefinition({ containerDefinitions: [intrinsic("/containerDefinitions/0")] }),
      observations: [{ messageId: "unresolved", path: "/containerDefinitions/0" }],
    },
  ],
  notApplicable: [
    {
      name: "no container definitions (CloudFormation allows it)",
      resource: taskDefinition({ containerDefinitions: undefined }),
      messageId: "noContainers",
    },
    {
      name: "empty container definitions",
      resource: taskDefinition({ containerDefinitions: [] }),
      messageId: "noContainers",
    },
  ],
});
