import { isUnresolved } from "../model/resolvable.ts";
import { definePolicy, undecided, violation } from "./define-policy.ts";
import { capabilityEntries } from "./utils/container-capabilities.ts";
import { onLinux } from "./utils/container-platform.ts";
import { containerLabel, eachContainer } from "./utils/containers.ts";

/** Capabilities that hand a container the host, with what each one grants. */
export const DANGEROUS_CAPABILITIES: ReadonlyMap<string, string> = new Map([
  ["ALL", "every capability, as good as privileged mode"],
  ["SYS_ADMIN", "mounts, namespaces and most of root's administrative power, the usual container escape"],
  ["NET_ADMIN", "reconfiguring interfaces, routes and firewall rules"],
  ["SYS_MODULE", "loading modules into the host's kernel"],
  ["SYS_RAWIO", "raw access to I/O ports and devices"],
  ["DAC_READ_SEARCH", "reading any file regardless of permissions, and open_by_handle_at escapes"],
  ["SYS_BOOT", "rebooting and loading a new kernel with kexec"],
  ["SYS_TIME", "setting the host's clock"],
  ["MAC_ADMIN", "changing the AppArmor or SELinux policy"],
  ["MAC_OVERRIDE", "bypassing AppArmor or SELinux"],
  ["BPF", "loading eBPF programs into the host's kernel"],
  ["PERFMON", "tracing and profiling the host's kernel"],
]);

export default definePolicy({
  id: "no-dangerous-capabilities",
  title: "ECS containers add no dangerous Linux capabilities",
  severity: "HIGH",
  resource: "TaskDefinition",
  controls: [],
  practice: "N5: Add no dangerous Linux capabilities",
  rationale:
    "Capabilities such as SYS_ADMIN, SYS_MODULE or DAC_READ_SEARCH give a container root's power over the " +
    "shared kernel: known container escapes need nothing more. A container that adds them is one bug away " +
    "from owning the container instance and every task on it.",
  deviations:
    "Names are read as Docker reads them, in any case and with or without CAP_. SYS_PTRACE is judged by " +
    "no-sys-ptrace. The catalog rates ALL and SYS_ADMIN CRITICAL; a policy has one severity, so all are HIGH.",
  messages: {
    dangerousCapability: 'container "{{container}}" adds {{capability}}: {{grants}}',
    windows: "Windows containers have no Linux capabilities",
    noContainers: "the task definition has no container definitions",
  },
  remediation: {
    recommendation:
      "Remove the capability from linuxParameters.capabilities.add and grant the container only what it needs; " +
      "run tools that need such power on dedicated, isolated instances.",
    url: "https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_KernelCapabilities.html",
    fixable: true,
  },
  evaluate: (taskDefinition) =>
    onLinux(taskDefinition, "windows", () =>
      eachContainer(
        taskDefinition,
        (container, index) => {
          const added = capabilityEntries(container, index, "add");
          if (isUnresolved(added)) return [undecided(added)];
          return added.flatMap((entry) => {
            if (isUnresolved(entry)) return [undecided(entry)];
            const grants = DANGEROUS_CAPABILITIES.get(entry.capability);
            if (grants === undefined) return [];
            const data = { container: containerLabel(container, index), capability: entry.written, grants };
            return [violation("dangerousCapability", entry.path, data)];
          });
        },
        "noContainers",
      ),
    ),
});
