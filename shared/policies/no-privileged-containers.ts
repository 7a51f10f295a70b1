import { isUnresolved } from "../model/resolvable.ts";
import { definePolicy, undecided, violation } from "./define-policy.ts";
import { containerLabel, containerPath, eachContainer } from "./utils/containers.ts";

export default definePolicy({
  id: "no-privileged-containers",
  title: "ECS containers run without privileged mode",
  severity: "HIGH",
  resource: "TaskDefinition",
  controls: ["ECS.4"],
  practice: "N1: Avoid running containers as privileged (EC2)",
  rationale:
    "A privileged container gets every Linux capability and access to the host's devices: a process " +
    "that escapes it owns the container instance and every task on it.",
  deviations:
    'Booleans written as strings are read as CloudFormation and the ECS API read them: `"false"` is not ' +
    "privileged. AWS's Control Tower rule CT.ECS.PR.11 fails it, because it cannot compare a string with false.",
  messages: {
    privileged: 'container "{{container}}" runs in privileged mode',
    noContainers: "the task definition has no container definitions",
  },
  remediation: {
    recommendation:
      "Register a new task definition revision with privileged set to false (or omitted) in every container " +
      "definition; grant only the Linux capabilities the container needs with linuxParameters.capabilities.add.",
    url: "https://docs.aws.amazon.com/AmazonECS/latest/developerguide/task_definition_parameters.html#container_definition_security",
    fixable: true,
  },
  evaluate: (taskDefinition) =>
    eachContainer(
      taskDefinition,
      (container, index) => {
        if (isUnresolved(container.privileged)) return [undecided(container.privileged)];
        if (container.privileged !== true) return [];
        const path = containerPath(index, "privileged");
        return [violation("privileged", path, { container: containerLabel(container, index) })];
      },
      "noContainers",
    ),
});
