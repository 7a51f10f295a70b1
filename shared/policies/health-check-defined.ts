import { isUnresolved } from "../model/resolvable.ts";
import type { Container } from "../model/types.ts";
import { definePolicy, type Observation, undecided, violation } from "./define-policy.ts";
import { containerLabel, containerPath, eachContainer } from "./utils/containers.ts";

type MessageId = "missing" | "disabled" | "notACommand";

export default definePolicy({
  id: "health-check-defined",
  title: "Essential ECS containers define a container health check",
  severity: "LOW",
  resource: "TaskDefinition",
  controls: [],
  practice:
    "Health checks (platform brief, beyond the catalog): Give every essential container a health check",
  rationale:
    "Without a container health check ECS knows only whether the process runs: a hung or broken essential " +
    "container keeps its task RUNNING, is never replaced, and dependsOn HEALTHY conditions cannot wait for it. " +
    "ECS does not use a HEALTHCHECK baked into the image unless the task definition declares one.",
  deviations:
    "Beyond Security Hub. Containers marked essential false are not checked; an absent essential means " +
    'true. A command ["NONE"] disables the check and fails; a command must start with CMD or CMD-SHELL.',
  messages: {
    missing: 'essential container "{{container}}" has no healthCheck command',
    disabled: 'essential container "{{container}}" disables its health check (command NONE)',
    notACommand:
      'essential container "{{container}}" has a healthCheck command starting with "{{first}}", not CMD or ' +
      "CMD-SHELL",
    noContainers: "the task definition has no container definitions",
  },
  remediation: {
    recommendation:
      'Add healthCheck to every essential container, for example {"command": ["CMD-SHELL", "curl -f ' +
      "http://localhost:8080/health || exit 1\"]}, with a startPeriod that covers the application's start-up.",
    url: "https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_HealthCheck.html",
    fixable: false,
  },
  evaluate: (taskDefinition) => eachContainer(taskDefinition, healthCheckObservations, "noContainers"),
});

function healthCheckObservations(container: Container, index: number): readonly Observation<MessageId>[] {
  const { essential, healthCheck } = container;
  if (isUnresolved(essential)) return [undecided(essential)];
  if (essential === false) return [];
  if (isUnresolved(healthCheck)) return [undecided(healthCheck)];
  const command = healthCheck?.command;
  if (isUnresolved(command)) return [undecided(command)];
  const first = command?.[0];
  if (isUnresolved(first)) return [undecided(first)];
  const path = containerPath(index, "healthCheck", "command");
  const label = containerLabel(container, index);
  if (first === undefined) return [violation("missing", path, { container: label })];
  if (first.trim() === "NONE") return [violation("disabled", path, { container: label })];
  if (first.trim() === "CMD" || first.trim() === "CMD-SHELL") return [];
  return [violation("notACommand", path, { container: label, first })];
}
