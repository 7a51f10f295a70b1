import { isUnresolved, type Resolvable } from "../../model/resolvable.ts";
import type { Container } from "../../model/types.ts";
import { containerPath } from "./containers.ts";

/** One `dockerSecurityOptions` element, split as Docker splits `--security-opt`. */
export interface SecurityOption {
  readonly key: string;
  /** `undefined` for a bare option (`no-new-privileges`). */
  readonly value: string | undefined;
  readonly written: string;
  readonly path: string;
}

/**
 * Docker splits an option at the first `=`, or else at the first `:` (`label=type:spc_t` and
 * `label:type:spc_t` are both the label option with the value `type:spc_t`).
 */
export function parseSecurityOption(option: string): Pick<SecurityOption, "key" | "value"> {
  const trimmed = option.trim();
  const equals = trimmed.indexOf("=");
  const separator = equals === -1 ? trimmed.indexOf(":") : equals;
  if (separator === -1) return { key: trimmed, value: undefined };
  return { key: trimmed.slice(0, separator), value: trimmed.slice(separator + 1) };
}

/** A container's security options with their JSON pointers; an absent list is empty. */
export function securityOptions(
  container: Container,
  index: number,
): Resolvable<readonly Resolvable<SecurityOption>[]> {
  const options = container.dockerSecurityOptions;
  if (isUnresolved(options)) return options;
  return (options ?? []).map((option, position) =>
    isUnresolved(option)
      ? option
      : {
          ...parseSecurityOption(option),
          written: option,
          path: containerPath(index, "dockerSecurityOptions", position),
        },
  );
}
