import { isUnresolved } from "../model/resolvable.ts";
import { isWindowsAdministrator } from "../model/users.ts";
import { definePolicy, notApplicable, undecided, violation } from "./define-policy.ts";
import { containerLabel, containerPath, eachContainer } from "./utils/containers.ts";
import { operatingSystemOf } from "./utils/operating-system.ts";

export default definePolicy({
  id: "no-windows-admin-user",
  title: "Windows containers run as a non-administrator user",
  severity: "MEDIUM",
  resource: "TaskDefinition",
  controls: ["ECS.21"],
  practice: "N2: Run containers as a non-root user",
  rationale:
    "ContainerAdministrator is the Windows equivalent of root: a compromised process running as it can " +
    "change the container's system configuration and reach what is mounted from the host.",
  deviations:
    "Security Hub evaluates task definitions without an operating system family under both ECS.20 and ECS.21, " +
    "so a task definition with no runtimePlatform and no user gets two FAILED findings. ECS runs such task " +
    "definitions as Linux, so ECS Guardrails judges them only under no-root-user (ECS.20); here they are not applicable.",
  messages: {
    userNotSet: 'container "{{container}}" sets no user, so it runs as ContainerAdministrator',
    administrator: 'container "{{container}}" runs as the administrator (user "{{user}}")',
    notWindows: "the task definition runs Linux containers (no Windows operating system family)",
    noContainers: "the task definition has no container definitions",
  },
  remediation: {
    recommendation:
      'Set "user" in every container definition to a non-administrator account such as "ContainerUser".',
    url: "https://docs.aws.amazon.com/AmazonECS/latest/developerguide/task_definition_parameters.html#container_definition_security",
    fixable: false,
  },
  evaluate: (taskDefinition) => {
    const operatingSystem = operatingSystemOf(taskDefinition);
    if (isUnresolved(operatingSystem)) return [undecided(operatingSystem)];
    if (operatingSystem !== "windows") return [notApplicable("notWindows")];
    return eachContainer(
      taskDefinition,
      (container, index) => {
        const { user } = container;
        const path = containerPath(index, "user");
        const label = containerLabel(container, index);
        if (isUnresolved(user)) return [undecided(user)];
        if (user === undefined || user.trim() === "")
          return [violation("userNotSet", path, { container: label })];
        return isWindowsAdministrator(user)
          ? [violation("administrator", path, { container: label, user })]
          : [];
      },
      "noContainers",
    );
  },
});
