import { isUnresolved } from "../model/resolvable.ts";
import { isLinuxRootUser } from "../model/users.ts";
import { definePolicy, notApplicable, undecided, violation } from "./define-policy.ts";
import { containerLabel, containerPath, eachContainer } from "./utils/containers.ts";
import { operatingSystemOf } from "./utils/operating-system.ts";

export default definePolicy({
  id: "no-root-user",
  title: "Linux containers run as a non-root user",
  severity: "MEDIUM",
  resource: "TaskDefinition",
  controls: ["ECS.20"],
  practice: "N2: Run containers as a non-root user",
  rationale:
    "A process running as root inside the container is root on the host's kernel: any escape, mounted " +
    "host path or added capability then acts with full privileges. Without a user, the image's default " +
    "user applies, which is root for most images.",
  deviations:
    "Like Security Hub, a task definition without an operating system family is judged as Linux. Only the " +
    "user part of `user:group` decides (`0:0` and `root:wheel` are root, `1000:0` is not), as AWS's Control " +
    "Tower rule CT.ECS.PR.3 reads it. Unlike that rule, the user part is read without surrounding spaces " +
    '(` root` is root) and an empty user part (`""`, `:`, `:1000`) means the image\'s default user, so both count as root.',
  messages: {
    userNotSet:
      'container "{{container}}" sets no user, so it runs as the image\'s default user (usually root)',
    rootUser: 'container "{{container}}" runs as root (user "{{user}}")',
    windows: "Windows task definitions are judged by no-windows-admin-user",
    noContainers: "the task definition has no container definitions",
  },
  remediation: {
    recommendation:
      'Set "user" in every container definition to a non-root user or UID (for example "1000" or "app:app"), ' +
      "and make sure the image's files are readable by that user.",
    url: "https://docs.aws.amazon.com/AmazonECS/latest/developerguide/task_definition_parameters.html#container_definition_security",
    fixable: true,
  },
  evaluate: (taskDefinition) => {
    const operatingSystem = operatingSystemOf(taskDefinition);
    if (isUnresolved(operatingSystem)) return [undecided(operatingSystem)];
    if (operatingSystem === "windows") return [notApplicable("windows")];
    return eachContainer(
      taskDefinition,
      (container, index) => {
        const { user } = container;
        const path = containerPath(index, "user");
        const label = containerLabel(container, index);
        if (isUnresolved(user)) return [undecided(user)];
        if (user === undefined || user.trim() === "")
          return [violation("userNotSet", path, { container: label })];
        return isLinuxRootUser(user) ? [violation("rootUser", path, { container: label, user })] : [];
      },
      "noContainers",
    );
  },
});
