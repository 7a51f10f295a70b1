import { isUnresolved } from "../model/resolvable.ts";
import { definePolicy, undecided, violation } from "./define-policy.ts";
import { onLinux } from "./utils/container-platform.ts";
import { containerLabel, containerPath, eachContainer } from "./utils/containers.ts";

export default definePolicy({
  id: "no-host-devices",
  title: "ECS containers are not given the container instance's devices",
  severity: "HIGH",
  resource: "TaskDefinition",
  controls: [],
  practice: "devices-mapped (catalog §8): Expose no host devices to containers",
  rationale:
    "A device in linuxParameters.devices is the instance's own device node, opened past the container's " +
    "isolation: a disk (/dev/sda, /dev/nvme0n1) gives raw access to the host's and other tasks' data, and " +
    "/dev/mem, /dev/kmsg or a GPU driver expose the kernel and other tenants directly.",
  deviations:
    "Beyond Security Hub. The catalog rates this MEDIUM; it is HIGH here because a mapped disk or memory device " +
    "is a direct path to the host. GPUs requested through resourceRequirements are not devices and pass.",
  messages: {
    hostDevice: 'container "{{container}}" is given the host device {{hostPath}}',
    windows: "Windows containers have no linuxParameters",
    noContainers: "the task definition has no container definitions",
  },
  remediation: {
    recommendation:
      "Remove linuxParameters.devices. For GPUs use resourceRequirements of type GPU; where a device is truly " +
      "needed, run the task on dedicated instances and exempt it with a reason.",
    url: "https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_Device.html",
    fixable: false,
  },
  evaluate: (taskDefinition) =>
    onLinux(taskDefinition, "windows", () =>
      eachContainer(
        taskDefinition,
        (container, index) => {
          const { linuxParameters } = container;
          if (isUnresolved(linuxParameters)) return [undecided(linuxParameters)];
          const devices = linuxParameters?.devices;
          if (isUnresolved(devices)) return [undecided(devices)];
          return (devices ?? []).map((device, position) => {
            if (isUnresolved(device)) return undecided(device);
            const { hostPath } = device;
            const data = {
              container: containerLabel(container, index),
              hostPath: isUnresolved(hostPath) ? "(unresolved)" : (hostPath ?? "(none)"),
            };
            return violation(
              "hostDevice",
              containerPath(index, "linuxParameters", "devices", position),
              data,
            );
          });
        },
        "noContainers",
      ),
    ),
});
