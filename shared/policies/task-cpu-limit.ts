import { isUnresolved } from "../model/resolvable.ts";
import type { Container } from "../model/types.ts";
import { definePolicy, type Observation, undecided, violation } from "./define-policy.ts";
import { limitObservations } from "./utils/container-limits.ts";
import { containerLabel, containerPath } from "./utils/containers.ts";

export default definePolicy({
  id: "task-cpu-limit",
  title: "ECS task definitions for EC2 size the CPU of the task or of every container",
  severity: "LOW",
  resource: "TaskDefinition",
  controls: [],
  practice: "C1: Configure tasks with CPU and memory limits (EC2)",
  rationale:
    "On EC2 and ECS Anywhere, task-level cpu caps what the task may use; without it only container cpu, a " +
    "relative share, says anything. A container with neither is placed without reserving CPU and gets the " +
    "minimum share (2 of 1024) when the instance is busy, while the task can take CPU from its neighbours.",
  deviations:
    "Beyond Security Hub. The catalog flags every EC2 task definition without task-level cpu; here one whose " +
    "containers all set cpu passes, since each then has a reserved share. ECS ignores task-level cpu for " +
    "Windows containers, so there every container needs its own.",
  messages: {
    noCpu:
      'container "{{container}}" sets no cpu and the task sets no task-level cpu: nothing reserves or caps ' +
      "its CPU",
    windowsNoCpu:
      'Windows container "{{container}}" sets no cpu, so Windows gives it 1% of one CPU; ECS ignores ' +
      "task-level cpu for Windows containers",
    fargateOnly: "Fargate requires task-level cpu",
    noContainers: "the task definition has no container definitions",
  },
  remediation: {
    recommendation:
      "Set task-level cpu (Linux), or cpu in every container definition, sized from load tests (1024 units " +
      "are one vCPU).",
    url: "https://docs.aws.amazon.com/AmazonECS/latest/developerguide/task_definition_parameters.html#task_size",
    fixable: false,
  },
  evaluate: (taskDefinition) => limitObservations(taskDefinition, "cpu", withoutCpu),
});

function withoutCpu(
  container: Container,
  index: number,
  windows: boolean,
): readonly Observation<"noCpu" | "windowsNoCpu">[] {
  const { cpu } = container;
  if (isUnresolved(cpu)) return [undecided(cpu)];
  if (cpu !== undefined && cpu > 0) return [];
  const data = { container: containerLabel(container, index) };
  return [violation(windows ? "windowsNoCpu" : "noCpu", containerPath(index, "cpu"), data)];
}
