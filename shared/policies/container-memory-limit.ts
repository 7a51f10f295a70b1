import { isUnresolved } from "../model/resolvable.ts";
import type { Container } from "../model/types.ts";
import { definePolicy, type Observation, undecided, violation } from "./define-policy.ts";
import { limitObservations } from "./utils/container-limits.ts";
import { containerLabel, containerPath } from "./utils/containers.ts";

export default definePolicy({
  id: "container-memory-limit",
  title: "ECS task definitions for EC2 cap the memory of every container",
  severity: "MEDIUM",
  resource: "TaskDefinition",
  controls: [],
  practice: "C1: Configure tasks with CPU and memory limits (EC2)",
  rationale:
    "On EC2 and ECS Anywhere a container without a hard memory limit, in a task without task-level memory, " +
    "can take all of the instance's memory: a leak or a memory-exhaustion attack then gets other tasks and " +
    "the ECS agent killed by the kernel, not just the container. memoryReservation is only a soft limit.",
  deviations:
    "AWS Control Tower's CT.ECS.PR.7 requires Memory >= 4 in every container definition, on every launch " +
    "type. Here task-level memory is enough on Linux (the task's cgroup caps all its containers), Fargate-only " +
    "task definitions are not applicable (Fargate requires task-level memory), and tiny limits are not " +
    "checked (Docker refuses containers below 6 MiB). ECS ignores task-level memory for Windows containers, " +
    'so there every container needs its own. A number written as a string (`Memory: "512"`) is a limit, as ' +
    "CloudFormation converts it; CT.ECS.PR.7 fails it, because it compares with a number.",
  messages: {
    noMemory:
      'container "{{container}}" sets no memory limit and the task sets no task-level memory: nothing limits ' +
      "its memory",
    reservationOnly:
      'container "{{container}}" sets only memoryReservation ({{reservation}} MiB), a soft limit, and the task ' +
      "sets no task-level memory: nothing caps its memory",
    windowsNoMemory:
      'Windows container "{{container}}" sets no hard memory limit, and ECS ignores task-level memory for ' +
      "Windows containers",
    fargateOnly: "Fargate requires task-level memory, which caps every container",
    noContainers: "the task definition has no container definitions",
  },
  remediation: {
    recommendation:
      "Set task-level memory (Linux) or a hard memory limit in every container definition, sized from load " +
      "tests; keep memoryReservation below it for bursts.",
    url: "https://docs.aws.amazon.com/AmazonECS/latest/developerguide/task_definition_parameters.html#container_definition_memory",
    fixable: false,
  },
  evaluate: (taskDefinition) => limitObservations(taskDefinition, "memory", unlimited),
});

function unlimited(
  container: Container,
  index: number,
  windows: boolean,
): readonly Observation<"noMemory" | "reservationOnly" | "windowsNoMemory">[] {
  const { memory, memoryReservation } = container;
  if (isUnresolved(memory)) return [undecided(memory)];
  if (memory !== undefined && memory > 0) return [];
  const path = containerPath(index, "memory");
  const label = containerLabel(container, index);
  if (windows) return [violation("windowsNoMemory", path, { container: label })];
  if (typeof memoryReservation === "number" && memoryReservation > 0)
    return [violation("reservationOnly", path, { container: label, reservation: memoryReservation })];
  return [violation("noMemory", path, { container: label })];
}
