import noWindowsAdminUser from "../../shared/policies/no-windows-admin-user.ts";
import { containerDefinition, intrinsic, taskDefinition } from "../helpers/builders.ts";
import { policyTester } from "../helpers/policy-tester.ts";
import { sampleTaskDefinition } from "../helpers/samples.ts";
import { fromSamples } from "../helpers/shared-data.ts";

const USER = "/containerDefinitions/0/user";

function windows(user: unknown, operatingSystemFamily = "WINDOWS_SERVER_2019_FULL") {
  return taskDefinition({
    runtimePlatform: { operatingSystemFamily },
    containerDefinitions: [containerDefinition({ user })],
  });
}

policyTester.run(noWindowsAdminUser, {
  valid: [
    { name: "ContainerUser", resource: windows("ContainerUser") },
    { name: "a named service account", resource: windows("svc-web", "WINDOWS_SERVER_2022_CORE") },
    {
      name: "Administrator is not ContainerAdministrator",
      resource: windows("Administrator", "WINDOWS_SERVER_2016_FULL"),
    },
  ],
  invalid: [
    {
      name: "ContainerAdministrator",
      resource: windows("ContainerAdministrator"),
      violations: [
        {
          messageId: "administrator",
          path: USER,
          data: { container: "app", user: "ContainerAdministrator" },
        },
      ],
    },
    {
      name: "ContainerAdministrator in another case",
      resource: windows("containeradministrator", "WINDOWS_SERVER_2022_FULL"),
      violations: [{ messageId: "administrator", path: USER }],
    },
    {
      name: "user not set",
      resource: windows(undefined),
      violations: [{ messageId: "userNotSet", path: USER, data: { container: "app" } }],
    },
    ...fromSamples("real sample cases", () => [
      {
        name: "Windows IIS on Fargate without a user (real sample)",
        resource: sampleTaskDefinition("awsdocs__amazon-ecs-developer-guide__AWS_Fargate-L185"),
        violations: [
          { messageId: "userNotSet" as const, path: USER, data: { container: "sample_windows_app" } },
        ],
      },
    ]),
  ],
  unknown: [
    {
      name: "user from an unresolved intrinsic",
      resource: windows(intrinsic(USER)),
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
      name: "no operating system family: Linux, judged by no-root-user (Security Hub judges it under both)",
      resource: taskDefinition({ containerDefinitions: [containerDefinition({ user: undefined })] }),
      messageId: "notWindows",
    },
    {
      name: "LINUX",
      resource: taskDefinition({ runtimePlatform: { operatingSystemFamily: "LINUX" } }),
      messageId: "notWindows",
    },
    {
      name: "Windows without container definitions",
      resource: taskDefinition({
        runtimePlatform: { operatingSystemFamily: "WINDOWS_SERVER_2019_CORE" },
        containerDefinitions: [],
      }),
      messageId: "noContainers",
    },
  ],
});
