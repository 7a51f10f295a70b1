import * as z from "zod/mini";
import { isUnresolved } from "../model/resolvable.ts";
import { definePolicy, type ParameterSpec, undecided, violation } from "./define-policy.ts";
import { compatibilitiesOf } from "./utils/container-platform.ts";
import { containerLabel, containerPath, eachContainer } from "./utils/containers.ts";

/** What ECS waits when stopTimeout is absent (and the EC2 agent's ECS_CONTAINER_STOP_TIMEOUT is unset). */
export const DEFAULT_SECONDS = 30;
export const FARGATE_MAXIMUM_SECONDS = 120;

const minimumSeconds: ParameterSpec<number> = {
  description:
    "The shortest stop timeout, in seconds, that gives the applications time to drain after SIGTERM " +
    "(2–120). An absent stopTimeout counts as ECS's default of 30 seconds.",
  schema: z.int().check(z.gte(2), z.lte(FARGATE_MAXIMUM_SECONDS)),
  default: DEFAULT_SECONDS,
};

export default definePolicy({
  id: "stop-timeout",
  title: "ECS containers get enough time to shut down after SIGTERM",
  severity: "INFORMATIONAL",
  resource: "TaskDefinition",
  controls: [],
  practice: "A6: Give containers a stop timeout that fits their SIGTERM handling",
  rationale:
    "When a task stops (deployments, scale-in, Spot interruptions) ECS sends SIGTERM and kills the " +
    "container with SIGKILL after stopTimeout. Too short a timeout cuts off in-flight requests and jobs; " +
    "on Fargate a value above 120 seconds is not honoured.",
  deviations:
    "Beyond Security Hub. The catalog compares with a drain time declared per workload; here the minimum " +
    "is the minimumSeconds parameter. An absent stopTimeout is judged as 30 seconds, though on EC2 the " +
    "agent's ECS_CONTAINER_STOP_TIMEOUT may set another default.",
  messages: {
    belowMinimum:
      'container "{{container}}" has stopTimeout {{seconds}} s, below the minimum of {{minimum}} s',
    defaultBelowMinimum:
      'container "{{container}}" sets no stopTimeout, so it gets the default of 30 s, below the minimum of ' +
      "{{minimum}} s",
    aboveFargateMaximum:
      'container "{{container}}" has stopTimeout {{seconds}} s, above Fargate\'s maximum of 120 s',
    noContainers: "the task definition has no container definitions",
  },
  remediation: {
    recommendation:
      "Set stopTimeout in each container definition to the time its SIGTERM handler needs to drain (at most " +
      "120 seconds on Fargate), or lower the policy's minimumSeconds where a shorter shutdown is intended.",
    url: "https://docs.aws.amazon.com/AmazonECS/latest/developerguide/task_definition_parameters.html#container_definition_timeout",
    fixable: false,
  },
  parameters: { minimumSeconds },
  evaluate: (taskDefinition, { parameters }) => {
    const minimum = parameters.minimumSeconds;
    return eachContainer(
      taskDefinition,
      (container, index) => {
        const { stopTimeout } = container;
        if (isUnresolved(stopTimeout)) return [undecided(stopTimeout)];
        const path = containerPath(index, "stopTimeout");
        const label = containerLabel(container, index);
        if (stopTimeout === undefined)
          return DEFAULT_SECONDS < minimum
            ? [violation("defaultBelowMinimum", path, { container: label, minimum })]
            : [];
        if (stopTimeout < minimum)
          return [violation("belowMinimum", path, { container: label, seconds: stopTimeout, minimum })];
        if (stopTimeout <= FARGATE_MAXIMUM_SECONDS) return [];
        const compatibilities = compatibilitiesOf(taskDefinition);
        if (isUnresolved(compatibilities)) return [undecided(compatibilities)];
        if (!compatibilities.includes("FARGATE")) return [];
        return [violation("aboveFargateMaximum", path, { container: label, seconds: stopTimeout })];
      },
      "noContainers",
    );
  },
});
