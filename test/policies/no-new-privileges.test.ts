import noNewPrivileges from "../../shared/policies/no-new-privileges.ts";
import { containerDefinition, intrinsic, taskDefinition } from "../helpers/builders.ts";
import { policyTester } from "../helpers/policy-tester.ts";
import { sampleTaskDefinition } from "../helpers/samples.ts";
import { fromSamples } from "../helpers/shared-data.ts";

const OPTIONS = "/containerDefinitions/0/dockerSecurityOptions";

/** An EC2 task definition whose containers carry the given overrides. */
const onEc2 = (...containers: Record<string, unknown>[]) =>
  taskDefinition({
    networkMode: "bridge",
    requiresCompatibilities: ["EC2"],
    containerDefinitions: containers.map((overrides) => containerDefinition(overrides)),
  });
const withOptions = (dockerSecurityOptions: unknown) => onEc2({ dockerSecurityOptions });

policyTester.run(noNewPrivileges, {
  valid: [
    { name: "no-new-privileges", resource: withOptions(["no-new-privileges"]) },
    { name: "no-new-privileges:true", resource: withOptions(["no-new-privileges:true"]) },
    {
      name: "no-new-privileges=true, as Docker also reads it",
      resource: withOptions(["no-new-privileges=true"]),
    },
    { name: "no-new-privileges:1", resource: withOptions(["no-new-privileges:1"]) },
    {
      name: "next to other options",
      resource: withOptions(["label:type:container_t", "no-new-privileges", "apparmor:docker-default"]),
    },
    {
      name: "re-enabled after being disabled: the last one wins",
      resource: withOptions(["no-new-privileges:false", "no-new-privileges"]),
    },
    {
      name: "an undecided option next to the setting",
      resource: withOptions([intrinsic(`${OPTIONS}/0`), "no-new-privileges"]),
    },
    {
      name: "EC2 and Fargate compatible with the setting",
      resource: taskDefinition({
        requiresCompatibilities: ["EC2", "FARGATE"],
        containerDefinitions: [containerDefinition({ dockerSecurityOptions: ["no-new-privileges"] })],
      }),
    },
  ],
  invalid: [
    {
      name: "no dockerSecurityOptions",
      resource: onEc2({}),
      violations: [{ messageId: "missing", path: OPTIONS, data: { container: "app" } }],
    },
    {
      name: "empty dockerSecurityOptions",
      resource: withOptions([]),
      violations: [{ messageId: "missing", path: OPTIONS }],
    },
    {
      name: "other options only",
      resource: withOptions(["apparmor:docker-default"]),
      violations: [{ messageId: "missing", path: OPTIONS }],
    },
    {
      name: "a value Docker does not read as a boolean",
      resource: withOptions(["no-new-privileges:yes"]),
      violations: [{ messageId: "missing", path: OPTIONS }],
    },
    {
      name: "no-new-privileges:false",
      resource: withOptions(["apparmor:docker-default", "no-new-privileges:false"]),
      violations: [
        {
          messageId: "disabled",
          path: `${OPTIONS}/1`,
          data: { container: "app", option: "no-new-privileges:false" },
        },
      ],
    },
    {
      name: "disabled after being set: the last one wins",
      resource: withOptions(["no-new-privileges", "no-new-privileges=0"]),
      violations: [{ messageId: "disabled", path: `${OPTIONS}/1` }],
    },
    {
      name: "every container is checked",
      resource: onEc2({ dockerSecurityOptions: ["no-new-privileges"] }, { name: "sidecar" }),
      violations: [
        {
          messageId: "missing",
          path: "/containerDefinitions/1/dockerSecurityOptions",
          data: { container: "sidecar" },
        },
      ],
    },
    {
      name: "no compatibilities declared: EC2",
      resource: taskDefinition({ requiresCompatibilities: undefined, networkMode: "bridge" }),
      violations: [{ messageId: "missing", path: OPTIONS }],
    },
    ...fromSamples("real sample cases", () => [
      {
        name: "ECS agent add-drop-capabilities test sets no security options (real sample)",
        resource: sampleTaskDefinition("aws__amazon-ecs-agent__functional-tests-add-drop-capabilities"),
        violations: [{ messageId: "missing" as const, path: OPTIONS, data: { container: "exit" } }],
      },
    ]),
  ],
  unknown: [
    {
      name: "options from an unresolved intrinsic",
      resource: withOptions(intrinsic(OPTIONS)),
      observations: [{ messageId: "unresolved", path: OPTIONS }],
    },
    {
      name: "an undecided option could be the setting",
      resource: withOptions(["label:type:container_t", intrinsic(`${OPTIONS}/1`)]),
      observations: [{ messageId: "unresolved", path: `${OPTIONS}/1` }],
    },
    {
      name: "compatibilities from an unresolved intrinsic",
      resource: taskDefinition({ requiresCompatibilities: [intrinsic("/requiresCompatibilities/0")] }),
      observations: [{ messageId: "unresolved", path: "/requiresCompatibilities/0" }],
    },
    {
      name: "operating system undecided while the setting is missing",
      resource: taskDefinition({
        requiresCompatibilities: ["EC2"],
        runtimePlatform: { operatingSystemFamily: intrinsic("/runtimePlatform/operatingSystemFamily") },
      }),
      observations: [{ messageId: "unresolved", path: "/runtimePlatform/operatingSystemFamily" }],
    },
  ],
  notApplicable: [
    { name: "Fargate only", resource: taskDefinition(), messageId: "fargateOnly" },
    {
      name: "Windows on EC2",
      resource: taskDefinition({
        requiresCompatibilities: ["EC2"],
        runtimePlatform: { operatingSystemFamily: "WINDOWS_SERVER_2022_CORE" },
      }),
      messageId: "windows",
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
