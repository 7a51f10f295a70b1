import { isUnresolved, type Resolvable } from "../../model/resolvable.ts";
import { type Observation, undecided, violation } from "../define-policy.ts";

/** The launch fields that decide how a new task is tagged (CreateService, RunTask, StartTask, schedules). */
interface TaggingSettings {
  readonly enableECSManagedTags: Resolvable<boolean | undefined>;
  readonly propagateTags: Resolvable<string | undefined>;
}

export type TaggingMessage = "managedTagsOff" | "tagsNotPropagated";

/**
 * A13: a task carries the `aws:ecs:clusterName` / `aws:ecs:serviceName` tags only with `enableECSManagedTags`
 * true, and its owner's tags only when `propagateTags` names one of `sources` (absent means NONE). Tags are
 * set when the task starts, so each field is judged as the launch states it.
 */
export function taggingObservations(
  settings: TaggingSettings,
  sources: readonly string[],
): readonly Observation<TaggingMessage>[] {
  const { enableECSManagedTags, propagateTags } = settings;
  const observations: Observation<TaggingMessage>[] = [];
  if (isUnresolved(enableECSManagedTags)) observations.push(undecided(enableECSManagedTags));
  else if (enableECSManagedTags !== true)
    observations.push(
      violation("managedTagsOff", "/enableECSManagedTags", {
        value: String(enableECSManagedTags ?? "not set"),
      }),
    );
  if (isUnresolved(propagateTags)) observations.push(undecided(propagateTags));
  else if (propagateTags === undefined || !sources.includes(propagateTags))
    observations.push(
      violation("tagsNotPropagated", "/propagateTags", { value: propagateTags ?? "not set (NONE)" }),
    );
  return observations;
}
