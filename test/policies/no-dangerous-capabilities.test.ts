import noDangerousCapabilities from "../../shared/policies/no-dangerous-capabilities.ts";
import {
  containerDefinition,
  intrinsic,
  taskDefinition,
  taskDefinitionWithContainer,
} from "../helpers/builders.ts";
import { policyTester } from "../helpers/policy-tester.ts";
import { sampleTaskDefinition } from "../helpers/samples.ts";
import { fromSamples } from "../helpers/shared-data.ts";

const ADDED = "/containerDefinitions/0/linuxParameters/capabilities/add";

const adding = (add: unknown) => taskDefinitionWithContainer({ linuxParameters: { capabilities: { add } } });

const dangerous = [
  "ALL",
  "SYS_ADMIN",
  "NET_ADMIN",
  "SYS_MODULE",
  "SYS_RAWIO",
  "DAC_READ_SEARCH",
  "SYS_BOOT",
  "SYS_TIME",
  "MAC_ADMIN",
  "MAC_OVERRIDE",
  "BPF",
  "PERFMON",
];
/** How Docker also accepts them: any case, with the CAP_ prefix. */
const spellings = ["CAP_SYS_ADMIN", "sys_admin", "cap_net_admin", "Sys_Module", " SYS_ADMIN "];
const harmless = ["NET_BIND_SERVICE", "CHOWN", "SYS_PTRACE", "SYS_NICE", "KILL", "SYS_ADMINISTRATOR"];

policyTester.run(noDangerousCapabilities, {
  valid: [
    { name: "no linuxParameters", resource: taskDefinition() },
    { name: "empty add list", resource: adding([]) },
    { name: "capabilities without add", resource: adding(undefined) },
    ...harmless.map((capability) => ({ name: `adds ${capability}`, resource: adding([capability]) })),
    {
      name: "dropping dangerous capabilities is fine",
      resource: taskDefinitionWithContainer({
        linuxParameters: { capabilities: { drop: ["SYS_ADMIN", "ALL"] } },
      }),
    },
    {
      name: "undecided operating system with nothing to report",
      resource: taskDefinition({
        runtimePlatform: { operatingSystemFamily: intrinsic("/runtimePlatform/operatingSystemFamily") },
      }),
    },
    ...fromSamples("real sample cases", () => [
      {
        name: "ECS agent init-process test without capabilities (real sample)",
        resource: sampleTaskDefinition("aws__amazon-ecs-agent__functional-tests-init-process"),
      },
    ]),
  ],
  invalid: [
    ...dangerous.map((capability) => ({
      name: `adds ${capability}`,
      resource: adding([capability]),
      violations: [{ messageId: "dangerousCapability" as const, path: `${ADDED}/0` }],
    })),
    ...spellings.map((capability) => ({
      name: `adds "${capability}" as Docker reads it`,
      resource: adding([capability]),
      violations: [{ messageId: "dangerousCapability" as const, path: `${ADDED}/0` }],
    })),
    {
      name: "the finding names the capability as written and what it grants",
      resource: adding(["cap_sys_time"]),
      violations: [
        {
          messageId: "dangerousCapability",
          path: `${ADDED}/0`,
          data: { container: "app", capability: "cap_sys_time", grants: "setting the host's clock" },
        },
      ],
    },
    {
      name: "one violation per dangerous capability, pointing at each",
      resource: adding(["NET_BIND_SERVICE", "SYS_ADMIN", "CHOWN", "NET_ADMIN"]),
      violations: [
        { messageId: "dangerousCapability", path: `${ADDED}/1` },
        { messageId: "dangerousCapability", path: `${ADDED}/3` },
      ],
    },
    {
      name: "every container is checked",
      resource: taskDefinition({
        containerDefinitions: [
          containerDefinition(),
          containerDefinition({ name: "agent", linuxParameters: { capabilities: { add: ["BPF"] } } }),
        ],
      }),
      violations: [
        {
          messageId: "dangerousCapability",
          path: "/containerDefinitions/1/linuxParameters/capabilities/add/0",
          data: {
            container: "agent",
            capability: "BPF",
            grants: "loading eBPF programs into the host's kernel",
          },
        },
      ],
    },
    {
      name: "a dangerous capability fails next to an undecided one",
      resource: adding([intrinsic(`${ADDED}/0`), "SYS_MODULE"]),
      violations: [
        { messageId: "unresolved", path: `${ADDED}/0` },
        { messageId: "dangerousCapability", path: `${ADDED}/1` },
      ],
    },
    {
      name: "explicit LINUX operating system family",
      resource: taskDefinition({
        runtimePlatform: { operatingSystemFamily: "LINUX" },
        containerDefinitions: [
          containerDefinition({ linuxParameters: { capabilities: { add: ["SYS_ADMIN"] } } }),
        ],
      }),
      violations: [{ messageId: "dangerousCapability", path: `${ADDED}/0` }],
    },
    ...fromSamples("real sample cases", () => [
      {
        name: "ECS agent add-drop-capabilities test adds SYS_ADMIN (real sample)",
        resource: sampleTaskDefinition("aws__amazon-ecs-agent__functional-tests-add-drop-capabilities"),
        violations: [
          {
            messageId: "dangerousCapability" as const,
            path: `${ADDED}/0`,
            data: {
              container: "exit",
              capability: "SYS_ADMIN",
              grants:
                "mounts, namespaces and most of root's administrative power, the usual container escape",
            },
          },
        ],
      },
    ]),
  ],
  unknown: [
    {
      name: "add list from an unresolved intrinsic",
      resource: adding(intrinsic(ADDED)),
      observations: [{ messageId: "unresolved", path: ADDED }],
    },
    {
      name: "one capability unresolved",
      resource: adding(["CHOWN", intrinsic(`${ADDED}/1`)]),
      observations: [{ messageId: "unresolved", path: `${ADDED}/1` }],
    },
    {
      name: "linuxParameters from an unresolved intrinsic",
      resource: taskDefinitionWithContainer({
        linuxParameters: intrinsic("/containerDefinitions/0/linuxParameters"),
      }),
      observations: [{ messageId: "unresolved", path: "/containerDefinitions/0/linuxParameters" }],
    },
    {
      name: "capabilities from an unresolved intrinsic",
      resource: taskDefinitionWithContainer({
        linuxParameters: { capabilities: intrinsic("/containerDefinitions/0/linuxParameters/capabilities") },
      }),
      observations: [
        { messageId: "unresolved", path: "/containerDefinitions/0/linuxParameters/capabilities" },
      ],
    },
    {
      name: "operating system undecided while a capability is dangerous on Linux",
      resource: taskDefinition({
        runtimePlatform: { operatingSystemFamily: intrinsic("/runtimePlatform/operatingSystemFamily") },
        containerDefinitions: [containerDefinition({ linuxParameters: { capabilities: { add: ["ALL"] } } })],
      }),
      observations: [{ messageId: "unresolved", path: "/runtimePlatform/operatingSystemFamily" }],
    },
  ],
  notApplicable: [
    {
      name: "Windows task definition",
      resource: taskDefinition({
        runtimePlatform: { operatingSystemFamily: "WINDOWS_SERVER_2022_CORE" },
        containerDefinitions: [containerDefinition({ linuxParameters: { capabilities: { add: ["ALL"] } } })],
      }),
      messageId: "windows",
    },
    {
      name: "no container definitions",
      resource: taskDefinition({ containerDefinitions: [] }),
      messageId: "noContainers",
    },
  ],
});
