import { isUnresolved, type Resolvable } from "../../model/resolvable.ts";
import type { ContainerInstance } from "../../model/types.ts";

/** Where a container instance's agent attributes sit, for evidence. */
export const ATTRIBUTES = "/attributes";

/**
 * Whether the agent registered the attribute `name` (its capabilities, some of which reveal its settings):
 * `undefined` when the source lists no attributes, Unresolved when an attribute it cannot read might be it.
 */
export function registersAttribute(
  instance: ContainerInstance,
  name: string,
): Resolvable<boolean | undefined> {
  const { attributes } = instance;
  if (attributes === undefined || isUnresolved(attributes)) return attributes;
  const names = attributes.map((attribute) => (isUnresolved(attribute) ? attribute : attribute.name));
  if (names.includes(name)) return true;
  return names.find(isUnresolved) ?? false;
}
