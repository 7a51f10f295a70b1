import { RISKY_DEFAULT_CAPABILITIES } from "../model/capabilities.ts";
import { isUnresolved } from "../model/resolvable.ts";
import { definePolicy, undecided, violation } from "./define-policy.ts";
import { capabilityEntries } from "./utils/container-capabilities.ts";
import { onLinux } from "./utils/container-platform.ts";
import { containerLabel, containerPath, eachContainer } from "./utils/containers.ts";

export default definePolicy({
  id: "drop-default-capabilities",
  title: "ECS Linux containers drop the riskier default capabilities",
  severity: "LOW",
  resource: "TaskDefinition",
  controls: [],
  practice: "N4: Drop the default Linux capabilities a container does not need",
  rationale:
    "Docker gives every container 14 capabilities. Some are rarely needed and often abused: NET_RAW crafts " +
    "packets to spoof ARP or DNS on a shared bridge, MKNOD creates device nodes, DAC_OVERRIDE and FOWNER " +
    "ignore file permissions, SETFCAP and SETPCAP grant capabilities to other programs.",
  deviations:
    "Beyond Security Hub. Only the drop list counts: dropping ALL passes, and so does dropping each of " +
    "NET_RAW, MKNOD, SYS_CHROOT, SETPCAP, SETFCAP, DAC_OVERRIDE, FOWNER, FSETID and AUDIT_WRITE (in any case, " +
    "with or without CAP_).",
  messages: {
    riskyDefaultsKept: 'container "{{container}}" keeps default capabilities it rarely needs: {{kept}}',
    windows: "Windows containers have no Linux capabilities",
    noContainers: "the task definition has no container definitions",
  },
  remediation: {
    recommendation:
      'Set linuxParameters.capabilities.drop to ["ALL"] and add back only what the container needs (for ' +
      "example NET_BIND_SERVICE), or drop each default capability the finding lists.",
    url: "https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_KernelCapabilities.html",
    fixable: true,
  },
  evaluate: (taskDefinition) =>
    onLinux(taskDefinition, "windows", () =>
      eachContainer(
        taskDefinition,
        (container, index) => {
          const dropped = capabilityEntries(container, index, "drop");
          if (isUnresolved(dropped)) return [undecided(dropped)];
          const names = new Set(dropped.flatMap((entry) => (isUnresolved(entry) ? [] : [entry.capability])));
          const kept = RISKY_DEFAULT_CAPABILITIES.filter((capability) => !names.has(capability));
          if (names.has("ALL") || kept.length === 0) return [];
          const unresolvedEntry = dropped.find(isUnresolved);
          if (unresolvedEntry !== undefined) return [undecided(unresolvedEntry)];
          const path = containerPath(index, "linuxParameters", "capabilities", "drop");
          return [
            violation("riskyDefaultsKept", path, {
              container: containerLabel(container, index),
              kept: kept.join(", "),
            }),
          ];
        },
        "noContainers",
      ),
    ),
});
