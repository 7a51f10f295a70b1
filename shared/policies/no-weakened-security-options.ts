import { isUnresolved } from "../model/resolvable.ts";
import { definePolicy, undecided, violation } from "./define-policy.ts";
import { onLinux } from "./utils/container-platform.ts";
import { securityOptions } from "./utils/container-security-options.ts";
import { containerLabel, eachContainer } from "./utils/containers.ts";

/** Options that switch off the instance's mandatory access control for a container, by what each does. */
export const WEAKENING_OPTIONS: ReadonlyMap<string, string> = new Map([
  ["apparmor unconfined", "runs it without an AppArmor profile"],
  ["label disable", "turns off SELinux labelling"],
  ["label type:spc_t", "runs it as an SELinux super-privileged container"],
  ["label type:unconfined_t", "runs it in the unconfined SELinux domain"],
]);

export default definePolicy({
  id: "no-weakened-security-options",
  title: "ECS containers keep AppArmor and SELinux confinement",
  severity: "MEDIUM",
  resource: "TaskDefinition",
  controls: [],
  practice: "N6: Do not weaken AppArmor or SELinux through dockerSecurityOptions",
  rationale:
    "On instances that enforce AppArmor or SELinux, the profile is what stops a compromised container from " +
    "writing to /proc and /sys, mounting file systems or reaching host files even as root. An unconfined " +
    "container loses that layer and relies on capabilities and namespaces alone.",
  deviations:
    "Beyond Security Hub. Besides the catalog's apparmor:unconfined and label:disable, the SELinux types " +
    "spc_t and unconfined_t fail, and options are read as Docker reads them (key=value or key:value). " +
    "seccomp:unconfined is not checked: ECS does not accept seccomp options (aws/containers-roadmap#356).",
  messages: {
    weakened: 'container "{{container}}" sets {{option}}, which {{effect}}',
    windows: "Windows containers do not use AppArmor or SELinux options",
    noContainers: "the task definition has no container definitions",
  },
  remediation: {
    recommendation:
      "Remove the option from dockerSecurityOptions so the instance's default AppArmor profile or SELinux " +
      "policy applies, or reference a custom profile that allows only what the container needs.",
    url: "https://docs.aws.amazon.com/AmazonECS/latest/developerguide/task_definition_parameters.html#container_definition_security",
    fixable: false,
  },
  evaluate: (taskDefinition) =>
    onLinux(taskDefinition, "windows", () =>
      eachContainer(
        taskDefinition,
        (container, index) => {
          const options = securityOptions(container, index);
          if (isUnresolved(options)) return [undecided(options)];
          return options.flatMap((option) => {
            if (isUnresolved(option)) return [undecided(option)];
            const effect = WEAKENING_OPTIONS.get(`${option.key} ${option.value}`);
            if (effect === undefined) return [];
            const data = { container: containerLabel(container, index), option: option.written, effect };
            return [violation("weakened", option.path, data)];
          });
        },
        "noContainers",
      ),
    ),
});
