import { isUnresolved } from "../model/resolvable.ts";
import { definePolicy, undecided, violation } from "./define-policy.ts";
import { containerLabel, containerPath, eachContainer } from "./utils/containers.ts";

export default definePolicy({
  id: "container-logging-configured",
  title: "Every container sends its logs to a configured log driver",
  severity: "HIGH",
  resource: "TaskDefinition",
  controls: ["ECS.9"],
  practice: "A8: Send container logs to a log driver",
  rationale:
    "Without a log configuration a container's output stays on the instance (or is lost on Fargate): an " +
    "incident cannot be investigated, and the evidence of an intrusion disappears with the task.",
  deviations:
    "As in Security Hub, every container needs a log driver, and any driver passes, including none. The " +
    "catalog row A8 would judge only essential containers and fail the none driver; this policy follows " +
    "Security Hub so its verdicts match ECS.9 (severity HIGH, the catalog says MEDIUM).",
  messages: {
    noLogConfiguration: 'container "{{container}}" has no logConfiguration',
    noLogDriver: 'container "{{container}}" has a logConfiguration without a logDriver',
    noContainers: "the task definition has no container definitions",
  },
  remediation: {
    recommendation:
      "Add a logConfiguration with a logDriver to every container definition, for example awslogs with a " +
      "CloudWatch Logs group (the task execution role needs permission to write to it) or awsfirelens.",
    url: "https://docs.aws.amazon.com/AmazonECS/latest/developerguide/using_awslogs.html",
    fixable: true,
  },
  evaluate: (taskDefinition) =>
    eachContainer(
      taskDefinition,
      (container, index) => {
        const { logConfiguration } = container;
        const data = { container: containerLabel(container, index) };
        if (isUnresolved(logConfiguration)) return [undecided(logConfiguration)];
        if (logConfiguration === undefined)
          return [violation("noLogConfiguration", containerPath(index, "logConfiguration"), data)];
        const { logDriver } = logConfiguration;
        if (isUnresolved(logDriver)) return [undecided(logDriver)];
        if (logDriver !== undefined && logDriver.trim() !== "") return [];
        return [violation("noLogDriver", containerPath(index, "logConfiguration", "logDriver"), data)];
      },
      "noContainers",
    ),
});
