import { isUnresolved } from "../../model/resolvable.ts";
import type { Container, TaskDefinition } from "../../model/types.ts";
import { notApplicable, type Observation, undecided } from "../define-policy.ts";

/** How evidence names a container: by its name, or by position when unnamed. */
export function containerLabel(container: Container, index: number): string {
  return typeof container.name === "string" && container.name !== "" ? container.name : `#${index}`;
}

/** The JSON pointer of a container definition's field. */
export function containerPath(index: number, ...fields: readonly (string | number)[]): string {
  let path = `/containerDefinitions/${index}`;
  for (const field of fields) path += `/${field}`;
  return path;
}

/**
 * Applies a per-container check to every container definition. A task definition without container
 * definitions (allowed in CloudFormation) is not applicable; an unresolved list or element is unknown.
 */
export function eachContainer<MessageId extends string>(
  taskDefinition: TaskDefinition,
  check: (container: Container, index: number) => readonly Observation<MessageId>[],
  noContainers: MessageId,
): readonly Observation<MessageId>[] {
  const containers = taskDefinition.containerDefinitions;
  if (isUnresolved(containers)) return [undecided(containers)];
  if (containers === undefined || containers.length === 0) return [notApplicable(noContainers)];
  return containers.flatMap((container, index) =>
    isUnresolved(container) ? [undecided(container)] : check(container, index),
  );
}
