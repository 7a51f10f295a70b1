import noHostDevices from "../../shared/policies/no-host-devices.ts";
import {
  containerDefinition,
  intrinsic,
  taskDefinition,
  taskDefinitionWithContainer,
} from "../helpers/builders.ts";
import { policyTester } from "../helpers/policy-tester.ts";
import { sampleTaskDefinition } from "../helpers/samples.ts";
import { fromSamples } from "../helpers/shared-data.ts";

const DEVICES = "/containerDefinitions/0/linuxParameters/devices";

const withDevices = (devices: unknown) => taskDefinitionWithContainer({ linuxParameters: { devices } });

policyTester.run(noHostDevices, {
  valid: [
    { name: "no linuxParameters", resource: taskDefinition() },
    { name: "empty device list", resource: withDevices([]) },
    {
      name: "linuxParameters without devices",
      resource: taskDefinitionWithContainer({ linuxParameters: { initProcessEnabled: true } }),
    },
    ...fromSamples("real sample cases", () => [
      {
        name: "GPU docs example requests GPUs without devices (real sample)",
        resource: sampleTaskDefinition("awsdocs__amazon-ecs-developer-guide__ecs-gpu-L102"),
      },
    ]),
  ],
  invalid: [
    {
      name: "one host device",
      resource: withDevices([{ hostPath: "/dev/sda", containerPath: "/dev/xvda", permissions: ["read"] }]),
      violations: [
        { messageId: "hostDevice", path: `${DEVICES}/0`, data: { container: "app", hostPath: "/dev/sda" } },
      ],
    },
    {
      name: "one violation per device",
      resource: withDevices([{ hostPath: "/dev/mem" }, { hostPath: "/dev/kmsg" }]),
      violations: [
        { messageId: "hostDevice", path: `${DEVICES}/0`, data: { container: "app", hostPath: "/dev/mem" } },
        { messageId: "hostDevice", path: `${DEVICES}/1`, data: { container: "app", hostPath: "/dev/kmsg" } },
      ],
    },
    {
      name: "a device whose host path cannot be decided is still a device",
      resource: withDevices([{ hostPath: intrinsic(`${DEVICES}/0/hostPath`) }]),
      violations: [
        {
          messageId: "hostDevice",
          path: `${DEVICES}/0`,
          data: { container: "app", hostPath: "(unresolved)" },
        },
      ],
    },
    {
      name: "a device without a host path",
      resource: withDevices([{ containerPath: "/dev/fuse" }]),
      violations: [
        { messageId: "hostDevice", path: `${DEVICES}/0`, data: { container: "app", hostPath: "(none)" } },
      ],
    },
    {
      name: "only the container with devices",
      resource: taskDefinition({
        containerDefinitions: [
          containerDefinition(),
          containerDefinition({
            name: "encoder",
            linuxParameters: { devices: [{ hostPath: "/dev/dri/renderD128" }] },
          }),
        ],
      }),
      violations: [
        {
          messageId: "hostDevice",
          path: "/containerDefinitions/1/linuxParameters/devices/0",
          data: { container: "encoder", hostPath: "/dev/dri/renderD128" },
        },
      ],
    },
    {
      name: "a device fails next to an undecided one",
      resource: withDevices([intrinsic(`${DEVICES}/0`), { hostPath: "/dev/fuse" }]),
      violations: [
        { messageId: "unresolved", path: `${DEVICES}/0` },
        { messageId: "hostDevice", path: `${DEVICES}/1` },
      ],
    },
    ...fromSamples("real sample cases", () => [
      {
        name: "VT1 docs example maps two render devices (real sample)",
        resource: sampleTaskDefinition("awsdocs__amazon-ecs-developer-guide__ecs-vt1-L57"),
        violations: [
          {
            messageId: "hostDevice" as const,
            path: `${DEVICES}/0`,
            data: { container: "xilinix-xffmpeg", hostPath: "/dev/dri/renderD128" },
          },
          {
            messageId: "hostDevice" as const,
            path: `${DEVICES}/1`,
            data: { container: "xilinix-xffmpeg", hostPath: "/dev/dri/renderD129" },
          },
        ],
      },
    ]),
  ],
  unknown: [
    {
      name: "device list from an unresolved intrinsic",
      resource: withDevices(intrinsic(DEVICES)),
      observations: [{ messageId: "unresolved", path: DEVICES }],
    },
    {
      name: "linuxParameters from an unresolved intrinsic",
      resource: taskDefinitionWithContainer({
        linuxParameters: intrinsic("/containerDefinitions/0/linuxParameters"),
      }),
      observations: [{ messageId: "unresolved", path: "/containerDefinitions/0/linuxParameters" }],
    },
    {
      name: "operating system undecided while a device is mapped",
      resource: taskDefinition({
        runtimePlatform: { operatingSystemFamily: intrinsic("/runtimePlatform/operatingSystemFamily") },
        containerDefinitions: [
          containerDefinition({ linuxParameters: { devices: [{ hostPath: "/dev/sda" }] } }),
        ],
      }),
      observations: [{ messageId: "unresolved", path: "/runtimePlatform/operatingSystemFamily" }],
    },
  ],
  notApplicable: [
    {
      name: "Windows task definition",
      resource: taskDefinition({
        runtimePlatform: { operatingSystemFamily: "WINDOWS_SERVER_2022_CORE" },
        containerDefinitions: [
          containerDefinition({ linuxParameters: { devices: [{ hostPath: "/dev/sda" }] } }),
        ],
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
