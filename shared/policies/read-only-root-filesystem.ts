import { isUnresolved } from "../model/resolvable.ts";
import { definePolicy, notApplicable, undecided, violation } from "./define-policy.ts";
import { containerLabel, containerPath, eachContainer } from "./utils/containers.ts";
import { operatingSystemOf } from "./utils/operating-system.ts";

export default definePolicy({
  id: "read-only-root-filesystem",
  title: "Linux containers mount their root filesystem read-only",
  severity: "HIGH",
  resource: "TaskDefinition",
  controls: ["ECS.5"],
  practice: "N3: Use a read-only root filesystem",
  rationale:
    "A writable root filesystem lets an attacker who gains code execution drop tools, replace binaries or " +
    "persist changes for the life of the task. Read-only root filesystems confine writes to declared volumes, " +
    "which are easier to monitor.",
  deviations:
    "Severity HIGH as in Security Hub (the catalog rates it LOW, MEDIUM for internet-facing services). As in " +
    "Security Hub, an absent readonlyRootFilesystem fails and Windows task definitions are not applicable; a " +
    "task definition without an operating system family is judged as Linux. A boolean written as a string " +
    '(`"true"`) is read as CloudFormation reads it, as true; AWS\'s Control Tower rule CT.ECS.PR.6 fails it, ' +
    "because it compares with the boolean true.",
  messages: {
    notSet:
      'container "{{container}}" does not set readonlyRootFilesystem, so its root filesystem is writable',
    writable: 'container "{{container}}" sets readonlyRootFilesystem to false',
    windows: "Windows containers do not support readonlyRootFilesystem",
    noContainers: "the task definition has no container definitions",
  },
  remediation: {
    recommendation:
      "Set readonlyRootFilesystem to true in every container definition and mount a volume (or a tmpfs on " +
      "EC2) at each path the application must write to, such as /tmp.",
    url: "https://docs.aws.amazon.com/AmazonECS/latest/developerguide/task_definition_parameters.html#container_definition_storage",
    fixable: true,
  },
  evaluate: (taskDefinition) => {
    const operatingSystem = operatingSystemOf(taskDefinition);
    if (isUnresolved(operatingSystem)) return [undecided(operatingSystem)];
    if (operatingSystem === "windows") return [notApplicable("windows")];
    return eachContainer(
      taskDefinition,
      (container, index) => {
        const readOnly = container.readonlyRootFilesystem;
        if (isUnresolved(readOnly)) return [undecided(readOnly)];
        if (readOnly === true) return [];
        const path = containerPath(index, "readonlyRootFilesystem");
        const data = { container: containerLabel(container, index) };
        return [violation(readOnly === undefined ? "notSet" : "writable", path, data)];
      },
      "noContainers",
    );
  },
});
