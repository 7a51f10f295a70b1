import noRootUser from "../../shared/policies/no-root-user.ts";
import {
  containerDefinition,
  intrinsic,
  taskDefinition,
  taskDefinitionWithContainer,
} from "../helpers/builders.ts";
import { policyTester } from "../helpers/policy-tester.ts";
import { sampleTaskDefinition } from "../helpers/samples.ts";
import { fromSamples } from "../helpers/shared-data.ts";

const USER = "/containerDefinitions/0/user";

/** The semantics table: each `user` value decided deliberately (AWS Control Tower reading: the user part decides). */
const nonRootUsers = ["1000", "1000:0", "1000:root", "app", "app:root", "ROOT", "rootless", "10", "01"];
const rootUsers = ["root", "0", "0:0", "root:wheel", "root:root", "0:1000", "root:", ":1000", " root "];

policyTester.run(noRootUser, {
  valid: [
    ...nonRootUsers.map((user) => ({
      name: `user "${user}"`,
      resource: taskDefinitionWithContainer({ user }),
    })),
    { name: "numeric UID as YAML writes it", resource: taskDefinitionWithContainer({ user: 1001 }) },
    {
      name: "explicit LINUX operating system family",
      resource: taskDefinition({ runtimePlatform: { operatingSystemFamily: "LINUX" } }),
    },
  ],
  invalid: [
    ...rootUsers.map((user) => ({
      name: `user "${user}"`,
      resource: taskDefinitionWithContainer({ user }),
      violations: [{ messageId: "rootUser" as const, path: USER, data: { container: "app", user } }],
    })),
    {
      name: "user not set",
      resource: taskDefinitionWithContainer({ user: undefined }),
      violations: [{ messageId: "userNotSet", path: USER, data: { container: "app" } }],
    },
    {
      name: "empty user",
      resource: taskDefinitionWithContainer({ user: "" }),
      violations: [{ messageId: "userNotSet", path: USER }],
    },
    {
      name: "no operating system family is Linux",
      resource: taskDefinition({
        runtimePlatform: { cpuArchitecture: "ARM64" },
        containerDefinitions: [containerDefinition({ user: "root" })],
      }),
      violations: [{ messageId: "rootUser", path: USER }],
    },
    {
      name: "every root container is reported",
      resource: taskDefinition({
        containerDefinitions: [
          containerDefinition({ user: undefined }),
          containerDefinition({ name: "ok" }),
          containerDefinition({ name: "agent", user: "0:0" }),
        ],
      }),
      violations: [
        { messageId: "userNotSet", path: USER },
        {
          messageId: "rootUser",
          path: "/containerDefinitions/2/user",
          data: { container: "agent", user: "0:0" },
        },
      ],
    },
    ...fromSamples("real sample cases", () => [
      {
        name: "FireLens EFS example: log router as user 0 (real sample)",
        resource: sampleTaskDefinition("aws-samples__amazon-ecs-firelens-examples__efs"),
        violations: [
          { messageId: "userNotSet" as const, path: USER, data: { container: "nginx" } },
          {
            messageId: "rootUser" as const,
            path: "/containerDefinitions/1/user",
            data: { container: "log_router", user: "0" },
          },
        ],
      },
      {
        name: "Fargate docs example on LINUX without a user (real sample)",
        resource: sampleTaskDefinition("awsdocs__amazon-ecs-developer-guide__AWS_Fargate-L136"),
        violations: [{ messageId: "userNotSet" as const, path: USER }],
      },
    ]),
  ],
  unknown: [
    {
      name: "user from an unresolved intrinsic",
      resource: taskDefinitionWithContainer({ user: intrinsic(USER) }),
      observations: [{ messageId: "unresolved", path: USER }],
    },
    {
      name: "operating system family from an unresolved intrinsic",
      resource: taskDefinition({
        runtimePlatform: { operatingSystemFamily: intrinsic("/runtimePlatform/operatingSystemFamily") },
      }),
      observations: [{ messageId: "unresolved", path: "/runtimePlatform/operatingSystemFamily" }],
    },
  ],
  notApplicable: [
    {
      name: "Windows task definition",
      resource: taskDefinition({
        runtimePlatform: { operatingSystemFamily: "WINDOWS_SERVER_2022_CORE" },
        containerDefinitions: [containerDefinition({ user: undefined })],
      }),
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
