import { isUnresolved } from "../../model/resolvable.ts";
import type { Container, TaskDefinition } from "../../model/types.ts";
import { notApplicable, type Observation, undecided } from "../define-policy.ts";
import { compatibilitiesOf, isFargateOnly } from "./container-platform.ts";
import { eachContainer } from "./containers.ts";
import { operatingSystemOf } from "./operating-system.ts";

/**
 * A resource limit on EC2 and ECS Anywhere (C1): on Linux a task-level limit covers every container, so the
 * containers' own findings stand only without it; ECS ignores task-level limits for Windows containers.
 * Fargate requires the task-level limit, so Fargate-only task definitions are not applicable.
 */
export function limitObservations<MessageId extends string>(
  taskDefinition: TaskDefinition,
  taskLimit: "cpu" | "memory",
  unlimited: (container: Container, index: number, windows: boolean) => readonly Observation<MessageId>[],
): readonly Observation<MessageId | "fargateOnly" | "noContainers">[] {
  const compatibilities = compatibilitiesOf(taskDefinition);
  if (isUnresolved(compatibilities)) return [undecided(compatibilities)];
  if (isFargateOnly(compatibilities)) return [notApplicable("fargateOnly")];
  const operatingSystem = operatingSystemOf(taskDefinition);
  const windows = operatingSystem === "windows";
  const observations = eachContainer<MessageId | "noContainers">(
    taskDefinition,
    (container, index) => unlimited(container, index, windows),
    "noContainers",
  );
  if (windows || !observations.some(({ outcome }) => outcome === "violation")) return observations;
  const limit = taskDefinition[taskLimit];
  if (isUnresolved(limit)) return [undecided(limit)];
  if (limit === undefined || limit.trim() === "") return observations;
  return isUnresolved(operatingSystem) ? [undecided(operatingSystem)] : [];
}
