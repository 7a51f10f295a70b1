import * as z from "zod/mini";
import { nameOf } from "../model/arns.ts";
import { isUnresolved } from "../model/resolvable.ts";
import { definePolicy, undecided, unknown, violation } from "./define-policy.ts";
import { ATTRIBUTES, registersAttribute } from "./utils/agent-attributes.ts";

/** Registered unless ECS_DISABLE_PRIVILEGED=true (amazon-ecs-agent agent_capability.go). */
const PRIVILEGED_CONTAINER = "com.amazonaws.ecs.capability.privileged-container";

export default definePolicy({
  id: "container-instance-privileged-disabled",
  title: "Container instances refuse privileged containers",
  severity: "MEDIUM",
  resource: "ContainerInstance",
  controls: [],
  practice:
    "J4: Disable privileged containers on instances that do not need them (ECS_DISABLE_PRIVILEGED=true)",
  rationale:
    "A privileged container holds every capability of root on its host and reaches the host's devices: whoever " +
    "controls it controls the instance, the other tasks on it and the credentials they hold. Unless the agent " +
    "sets ECS_DISABLE_PRIVILEGED=true, it starts any task definition that asks for privileged mode, so the " +
    "host's safety rests on every task definition placed on it.",
  deviations:
    "The setting is read from the attributes the agent registers: it registers " +
    "com.amazonaws.ecs.capability.privileged-container unless ECS_DISABLE_PRIVILEGED is true. The catalog lowers " +
    "the severity when no task definition of the account is privileged; the guardrail judges the instance " +
    "alone, so it is MEDIUM. Instances that legitimately run privileged containers (CI runners with Docker in " +
    "Docker, security agents) pass when their cluster is in allowedClusters.",
  messages: {
    privilegedAllowed:
      "the agent registers com.amazonaws.ecs.capability.privileged-container: ECS_DISABLE_PRIVILEGED is not true",
    attributesNotReported: "the event lists none of the attributes the agent registered",
  },
  remediation: {
    recommendation:
      "Set ECS_DISABLE_PRIVILEGED=true in /etc/ecs/ecs.config through the launch template's user data and replace " +
      "the instances; run the tasks that need privileged mode in a cluster of their own, listed in allowedClusters.",
    url: "https://docs.aws.amazon.com/AmazonECS/latest/developerguide/ecs-agent-config.html",
    fixable: false,
  },
  parameters: {
    allowedClusters: {
      description:
        "Clusters (names or ARNs) whose container instances may run privileged containers, such as a CI cluster " +
        "running Docker in Docker.",
      schema: z.array(z.string().check(z.minLength(1))),
      default: [],
    },
  },
  evaluate: (instance, { parameters: { allowedClusters } }) => {
    const { cluster } = instance;
    if (
      typeof cluster === "string" &&
      allowedClusters.some((allowed) => nameOf(allowed) === nameOf(cluster))
    ) {
      return [];
    }
    const privileged = registersAttribute(instance, PRIVILEGED_CONTAINER);
    if (privileged === undefined) return [unknown("attributesNotReported", ATTRIBUTES)];
    if (isUnresolved(privileged)) return [undecided(privileged)];
    return privileged ? [violation("privilegedAllowed", ATTRIBUTES)] : [];
  },
});
