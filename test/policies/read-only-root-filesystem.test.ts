import readOnlyRootFilesystem from "../../shared/policies/read-only-root-filesystem.ts";
import {
  containerDefinition,
  intrinsic,
  taskDefinition,
  taskDefinitionWithContainer,
} from "../helpers/builders.ts";
import { policyTester } from "../helpers/policy-tester.ts";
import { sampleTaskDefinition } from "../helpers/samples.ts";
import { fromSamples } from "../helpers/shared-data.ts";

const READ_ONLY = "/containerDefinitions/0/readonlyRootFilesystem";

policyTester.run(readOnlyRootFilesystem, {
  valid: [
    {
      name: "read-only root filesystem",
      resource: taskDefinitionWithContainer({ readonlyRootFilesystem: true }),
    },
    {
      name: "explicit LINUX operating system family",
      resource: taskDefinition({
        runtimePlatform: { operatingSystemFamily: "LINUX" },
        containerDefinitions: [containerDefinition({ readonlyRootFilesystem: true })],
      }),
    },
    ...fromSamples("real sample cases", () => [
      {
        name: "docs example with a read-only root filesystem (real sample)",
        resource: sampleTaskDefinition("awsdocs__amazon-ecs-developer-guide__example_task_definitions-L217"),
      },
    ]),
  ],
  invalid: [
    {
      name: "readonlyRootFilesystem not set",
      resource: taskDefinition(),
      violations: [{ messageId: "notSet", path: READ_ONLY, data: { container: "app" } }],
    },
    {
      name: "readonlyRootFilesystem false",
      resource: taskDefinitionWithContainer({ readonlyRootFilesystem: false }),
      violations: [{ messageId: "writable", path: READ_ONLY, data: { container: "app" } }],
    },
    {
      name: "every writable container is reported",
      resource: taskDefinition({
        containerDefinitions: [
          containerDefinition({ readonlyRootFilesystem: true }),
          containerDefinition({ name: "sidecar", readonlyRootFilesystem: "false" }),
          containerDefinition({ name: undefined }),
        ],
      }),
      violations: [
        {
          messageId: "writable",
          path: "/containerDefinitions/1/readonlyRootFilesystem",
          data: { container: "sidecar" },
        },
        {
          messageId: "notSet",
          path: "/containerDefinitions/2/readonlyRootFilesystem",
          data: { container: "#2" },
        },
      ],
    },
    ...fromSamples("real sample cases", () => [
      {
        name: "FireLens EFS example without read-only root filesystems (real sample)",
        resource: sampleTaskDefinition("aws-samples__amazon-ecs-firelens-examples__efs"),
        violations: [
          { messageId: "notSet" as const, path: READ_ONLY, data: { container: "nginx" } },
          {
            messageId: "notSet" as const,
            path: "/containerDefinitions/1/readonlyRootFilesystem",
            data: { container: "log_router" },
          },
        ],
      },
    ]),
  ],
  unknown: [
    {
      name: "readonlyRootFilesystem from an unresolved intrinsic",
      resource: taskDefinitionWithContainer({ readonlyRootFilesystem: intrinsic(READ_ONLY) }),
      observations: [{ messageId: "unresolved", path: READ_ONLY }],
    },
    {
      name: "operating system family from an unresolved intrinsic",
      resource: taskDefinition({
        runtimePlatform: { operatingSystemFamily: intrinsic("/runtimePlatform/operatingSystemFamily") },
      }),
      observations: [{ messageId: "unresolved", path: "/runtimePlatform/operatingSystemFamily" }],
    },
    {
      name: "container definitions from an unresolved intrinsic",
      resource: taskDefinition({ containerDefinitions: intrinsic("/containerDefinitions") }),
      observations: [{ messageId: "unresolved", path: "/containerDefinitions" }],
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
