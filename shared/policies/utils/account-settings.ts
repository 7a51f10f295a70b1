import { isUnresolved } from "../../model/resolvable.ts";
import type { AccountSetting } from "../../model/types.ts";
import { notApplicable, type Observation, undecided, unknown, violation } from "../define-policy.ts";

/** Where an account setting's value sits, for evidence. */
const VALUE = "/value";

/**
 * A policy on some account settings judges only those: another setting is not applicable, so a call that changes
 * one setting publishes only the findings about it. The observations when the setting is none of `names` (or its
 * name cannot be read); `undefined` when it is one of them.
 */
export function otherSetting(
  { name }: AccountSetting,
  names: readonly string[],
): readonly Observation<"otherSetting">[] | undefined {
  if (isUnresolved(name)) return [undecided(name)];
  if (name !== undefined && names.includes(name)) return undefined;
  return [notApplicable("otherSetting")];
}

/** A value in `on` turns the setting on and passes; any other value fails; one that cannot be read is undecided. */
export function judgeValue(
  { name, value }: AccountSetting,
  on: readonly string[],
): readonly Observation<"noValue" | "off">[] {
  if (isUnresolved(value)) return [undecided(value)];
  const data = { name: typeof name === "string" ? name : "the setting" };
  if (value === undefined) return [unknown("noValue", VALUE, data)];
  return on.includes(value) ? [] : [violation("off", VALUE, { ...data, value })];
}
