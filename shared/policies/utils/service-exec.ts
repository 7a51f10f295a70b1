import { isUnresolved, type Resolvable } from "../../model/resolvable.ts";
import { type Observation, undecided, violation } from "../define-policy.ts";

/** M5: ECS Exec is on for the tasks a launch starts only when `enableExecuteCommand` is true (default false). */
export function execObservations(
  enableExecuteCommand: Resolvable<boolean | undefined>,
): readonly Observation<"execEnabled">[] {
  if (isUnresolved(enableExecuteCommand)) return [undecided(enableExecuteCommand)];
  return enableExecuteCommand === true ? [violation("execEnabled", "/enableExecuteCommand")] : [];
}
