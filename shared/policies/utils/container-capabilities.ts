import { normalizeCapability } from "../../model/capabilities.ts";
import { isUnresolved, type Resolvable } from "../../model/resolvable.ts";
import type { Container } from "../../model/types.ts";
import { containerPath } from "./containers.ts";

/** One element of `linuxParameters.capabilities.add` or `.drop`. */
export interface CapabilityEntry {
  /** The capability as Docker reads it: upper case, without the optional `CAP_` prefix. */
  readonly capability: string;
  /** The value as written, for evidence. */
  readonly written: string;
  readonly path: string;
}

/**
 * The capabilities a container adds or drops, each with its JSON pointer; an absent list is empty.
 * An unresolved list is Unresolved, an unresolved element stays in place.
 */
export function capabilityEntries(
  container: Container,
  index: number,
  which: "add" | "drop",
): Resolvable<readonly Resolvable<CapabilityEntry>[]> {
  const { linuxParameters } = container;
  if (isUnresolved(linuxParameters)) return linuxParameters;
  const capabilities = linuxParameters?.capabilities;
  if (isUnresolved(capabilities)) return capabilities;
  const entries = capabilities?.[which];
  if (isUnresolved(entries)) return entries;
  return (entries ?? []).map((entry, position) =>
    isUnresolved(entry)
      ? entry
      : {
          capability: normalizeCapability(entry),
          written: entry,
          path: containerPath(index, "linuxParameters", "capabilities", which, position),
        },
  );
}
