import dropDefaultCapabilities from "../../shared/policies/drop-default-capabilities.ts";
import {
  containerDefinition,
  intrinsic,
  taskDefinition,
  taskDefinitionWithContainer,
} from "../helpers/builders.ts";
import { policyTester } from "../helpers/policy-tester.ts";
import { sampleTaskDefinition } from "../helpers/samples.ts";
import { fromSamples } from "../helpers/shared-data.ts";

const DROPPED = "/containerDefinitions/0/linuxParameters/capabilities/drop";
const ALL_KEPT = "NET_RAW, MKNOD, SYS_CHROOT, SETPCAP, SETFCAP, DAC_OVERRIDE, FOWNER, FSETID, AUDIT_WRITE";
const RISKY = ALL_KEPT.split(", ");

const dropping = (drop: unknown) =>
  taskDefinitionWithContainer({ linuxParameters: { capabilities: { drop } } });

policyTester.run(dropDefaultCapabilities, {
  valid: [
    { name: "drop ALL", resource: dropping(["ALL"]) },
    { name: "drop all, as Docker also reads it", resource: dropping(["cap_all"]) },
    {
      name: "drop ALL and add back what is needed",
      resource: taskDefinitionWithContainer({
        linuxParameters: { capabilities: { drop: ["ALL"], add: ["NET_BIND_SERVICE"] } },
      }),
    },
    { name: "drop each riskier default", resource: dropping(RISKY) },
    {
      name: "drop each riskier default, with CAP_ and in lower case, among others",
      resource: dropping([...RISKY.map((capability) => `cap_${capability.toLowerCase()}`), "KILL"]),
    },
    { name: "an undecided entry next to ALL", resource: dropping([intrinsic(`${DROPPED}/0`), "ALL"]) },
    {
      name: "undecided operating system with nothing to report",
      resource: taskDefinition({
        runtimePlatform: { operatingSystemFamily: intrinsic("/runtimePlatform/operatingSystemFamily") },
        containerDefinitions: [containerDefinition({ linuxParameters: { capabilities: { drop: ["ALL"] } } })],
      }),
    },
  ],
  invalid: [
    {
      name: "no linuxParameters",
      resource: taskDefinition(),
      violations: [
        { messageId: "riskyDefaultsKept", path: DROPPED, data: { container: "app", kept: ALL_KEPT } },
      ],
    },
    {
      name: "empty drop list",
      resource: dropping([]),
      violations: [{ messageId: "riskyDefaultsKept", path: DROPPED }],
    },
    {
      name: "dropping some names those still kept",
      resource: dropping(["NET_RAW", "CAP_MKNOD", "sys_chroot", "SETPCAP", "SETFCAP", "DAC_OVERRIDE"]),
      violations: [
        {
          messageId: "riskyDefaultsKept",
          path: DROPPED,
          data: { container: "app", kept: "FOWNER, FSETID, AUDIT_WRITE" },
        },
      ],
    },
    {
      name: "every container is checked",
      resource: taskDefinition({
        containerDefinitions: [
          containerDefinition({ linuxParameters: { capabilities: { drop: ["ALL"] } } }),
          containerDefinition({ name: "sidecar", linuxParameters: { initProcessEnabled: true } }),
        ],
      }),
      violations: [
        {
          messageId: "riskyDefaultsKept",
          path: "/containerDefinitions/1/linuxParameters/capabilities/drop",
          data: { container: "sidecar", kept: ALL_KEPT },
        },
      ],
    },
    ...fromSamples("real sample cases", () => [
      {
        name: "ECS agent add-drop-capabilities test drops only MKNOD (real sample)",
        resource: sampleTaskDefinition("aws__amazon-ecs-agent__functional-tests-add-drop-capabilities"),
        violations: [
          {
            messageId: "riskyDefaultsKept" as const,
            path: DROPPED,
            data: {
              container: "exit",
              kept: "NET_RAW, SYS_CHROOT, SETPCAP, SETFCAP, DAC_OVERRIDE, FOWNER, FSETID, AUDIT_WRITE",
            },
          },
        ],
      },
    ]),
  ],
  unknown: [
    {
      name: "drop list from an unresolved intrinsic",
      resource: dropping(intrinsic(DROPPED)),
      observations: [{ messageId: "unresolved", path: DROPPED }],
    },
    {
      name: "an undecided entry could be ALL",
      resource: dropping(["NET_RAW", intrinsic(`${DROPPED}/1`)]),
      observations: [{ messageId: "unresolved", path: `${DROPPED}/1` }],
    },
    {
      name: "operating system undecided while defaults are kept",
      resource: taskDefinition({
        runtimePlatform: { operatingSystemFamily: intrinsic("/runtimePlatform/operatingSystemFamily") },
      }),
      observations: [{ messageId: "unresolved", path: "/runtimePlatform/operatingSystemFamily" }],
    },
  ],
  notApplicable: [
    {
      name: "Windows task definition",
      resource: taskDefinition({ runtimePlatform: { operatingSystemFamily: "WINDOWS_SERVER_2019_FULL" } }),
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
