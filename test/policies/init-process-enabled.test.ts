import initProcessEnabled from "../../shared/policies/init-process-enabled.ts";
import {
  containerDefinition,
  intrinsic,
  taskDefinition,
  taskDefinitionWithContainer,
} from "../helpers/builders.ts";
import { policyTester } from "../helpers/policy-tester.ts";
import { sampleTaskDefinition } from "../helpers/samples.ts";
import { fromSamples } from "../helpers/shared-data.ts";

const INIT = "/containerDefinitions/0/linuxParameters/initProcessEnabled";

const withInit = (initProcessEnabled: unknown) =>
  taskDefinitionWithContainer({ linuxParameters: { initProcessEnabled } });

policyTester.run(initProcessEnabled, {
  valid: [
    { name: "initProcessEnabled true", resource: withInit(true) },
    {
      name: "undecided operating system with nothing to report",
      resource: taskDefinition({
        runtimePlatform: { operatingSystemFamily: intrinsic("/runtimePlatform/operatingSystemFamily") },
        containerDefinitions: [containerDefinition({ linuxParameters: { initProcessEnabled: true } })],
      }),
    },
    ...fromSamples("real sample cases", () => [
      {
        name: "ECS agent init-process test (real sample)",
        resource: sampleTaskDefinition("aws__amazon-ecs-agent__functional-tests-init-process"),
      },
      {
        name: "ECS Exec docs example (real sample)",
        resource: sampleTaskDefinition("awsdocs__amazon-ecs-developer-guide__ecs-exec-L80"),
      },
    ]),
  ],
  invalid: [
    {
      name: "no linuxParameters",
      resource: taskDefinition(),
      violations: [{ messageId: "initProcessDisabled", path: INIT, data: { container: "app" } }],
    },
    {
      name: "initProcessEnabled false",
      resource: withInit(false),
      violations: [{ messageId: "initProcessDisabled", path: INIT }],
    },
    {
      name: "linuxParameters without initProcessEnabled",
      resource: taskDefinitionWithContainer({ linuxParameters: { capabilities: { drop: ["ALL"] } } }),
      violations: [{ messageId: "initProcessDisabled", path: INIT }],
    },
    {
      name: "every container is checked",
      resource: taskDefinition({
        containerDefinitions: [
          containerDefinition({ linuxParameters: { initProcessEnabled: true } }),
          containerDefinition({ name: "sidecar" }),
        ],
      }),
      violations: [
        {
          messageId: "initProcessDisabled",
          path: "/containerDefinitions/1/linuxParameters/initProcessEnabled",
          data: { container: "sidecar" },
        },
      ],
    },
    ...fromSamples("real sample cases", () => [
      {
        name: "ECS agent add-drop-capabilities test without init (real sample)",
        resource: sampleTaskDefinition("aws__amazon-ecs-agent__functional-tests-add-drop-capabilities"),
        violations: [{ messageId: "initProcessDisabled" as const, path: INIT, data: { container: "exit" } }],
      },
    ]),
  ],
  unknown: [
    {
      name: "initProcessEnabled from an unresolved intrinsic",
      resource: withInit(intrinsic(INIT)),
      observations: [{ messageId: "unresolved", path: INIT }],
    },
    {
      name: "linuxParameters from an unresolved intrinsic",
      resource: taskDefinitionWithContainer({
        linuxParameters: intrinsic("/containerDefinitions/0/linuxParameters"),
      }),
      observations: [{ messageId: "unresolved", path: "/containerDefinitions/0/linuxParameters" }],
    },
    {
      name: "operating system undecided while init is off",
      resource: taskDefinition({
        runtimePlatform: { operatingSystemFamily: intrinsic("/runtimePlatform/operatingSystemFamily") },
      }),
      observations: [{ messageId: "unresolved", path: "/runtimePlatform/operatingSystemFamily" }],
    },
  ],
  notApplicable: [
    {
      name: "Windows task definition",
      resource: taskDefinition({ runtimePlatform: { operatingSystemFamily: "WINDOWS_SERVER_2022_CORE" } }),
      messageId: "windows",
    },
    {
      name: "no container definitions",
      resource: taskDefinition({ containerDefinitions: [] }),
      messageId: "noContainers",
    },
    ...fromSamples("real sample cases", () => [
      {
        name: "Windows IIS on Fargate (real sample)",
        resource: sampleTaskDefinition("awsdocs__amazon-ecs-developer-guide__AWS_Fargate-L185"),
        messageId: "windows" as const,
      },
    ]),
  ],
});
