import { isUnresolved } from "../model/resolvable.ts";
import type { Container } from "../model/types.ts";
import { isLinuxRootUser } from "../model/users.ts";
import { definePolicy, type Observation, undecided, violation } from "./define-policy.ts";
import { containerLabel, containerPath, eachContainer } from "./utils/containers.ts";

export default definePolicy({
  id: "no-host-network-root-user",
  title: "Containers in host network mode run as a non-root user unless explicitly privileged",
  severity: "HIGH",
  resource: "TaskDefinition",
  controls: ["ECS.1"],
  practice: "B6/N1/N2: Secure network mode and user definitions (host mode with a root user)",
  rationale:
    "In host network mode a container shares the instance's network stack: a process running as root there " +
    "can bind privileged ports, sniff and spoof the host's traffic and reach every service listening on the " +
    "host's loopback, beyond what the container's own isolation would allow.",
  deviations:
    "Security Hub retired ECS.1 in March 2026; it is still evaluated in older standards. By the control's " +
    "design an explicitly privileged container passes, as a deliberate opt-in to elevated rights; " +
    "no-privileged-containers (ECS.4) judges those. Task definitions in other network modes pass. Unlike AWS's " +
    'Control Tower rule CT.ECS.PR.8, an empty user part ("", ":1000") means the image\'s default user and ' +
    'counts as root, and the user part is read without surrounding spaces (" root" is root). A `privileged` ' +
    'written as the string "true" is an opt-in, as CloudFormation reads it as true; CT.ECS.PR.8 accepts only ' +
    "the boolean true.",
  messages: {
    userNotSet:
      'container "{{container}}" in host network mode sets no user and is not explicitly privileged, so it ' +
      "runs as the image's default user (usually root)",
    rootUser: 'container "{{container}}" in host network mode runs as root (user "{{user}}")',
    noContainers: "the task definition has no container definitions",
  },
  remediation: {
    recommendation:
      'Set "user" to a non-root user or UID in every container definition of a host-mode task definition, or ' +
      "better, switch to awsvpc network mode.",
    url: "https://docs.aws.amazon.com/AmazonECS/latest/developerguide/task_definition_parameters.html#container_definition_security",
    fixable: false,
  },
  evaluate: (taskDefinition) => {
    const { networkMode } = taskDefinition;
    if (isUnresolved(networkMode)) return [undecided(networkMode)];
    if (networkMode !== "host") return [];
    return eachContainer(taskDefinition, hostContainerObservations, "noContainers");
  },
});

/** Either condition passes the container, so one decides even when the other is unresolved. */
function hostContainerObservations(
  container: Container,
  index: number,
): readonly Observation<"userNotSet" | "rootUser">[] {
  const { privileged, user } = container;
  if (privileged === true) return [];
  if (typeof user === "string" && !isLinuxRootUser(user)) return [];
  if (isUnresolved(privileged)) return [undecided(privileged)];
  if (isUnresolved(user)) return [undecided(user)];
  const path = containerPath(index, "user");
  const label = containerLabel(container, index);
  if (user === undefined || user.trim() === "") return [violation("userNotSet", path, { container: label })];
  return [violation("rootUser", path, { container: label, user })];
}
