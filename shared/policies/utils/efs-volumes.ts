import { isUnresolved, type Resolvable, type Unresolved } from "../../model/resolvable.ts";
import type { Volume } from "../../model/types.ts";
import { notApplicable, type Observation, undecided } from "../define-policy.ts";

type EfsConfiguration = Exclude<Volume["efsVolumeConfiguration"], Unresolved | undefined>;

/** An EFS volume of a task definition: how evidence names it, where it is, and its configuration. */
export interface EfsVolume {
  readonly name: string;
  readonly path: string;
  readonly efs: EfsConfiguration;
}

/**
 * Applies a check to every EFS volume (D1–D3, ECS.18). A task definition without EFS volumes is not applicable;
 * an undecidable volume list, volume or EFS configuration is unknown.
 */
export function eachEfsVolume<MessageId extends string>(
  volumes: Resolvable<readonly Resolvable<Volume>[] | undefined>,
  check: (volume: EfsVolume) => readonly Observation<MessageId>[],
): readonly Observation<MessageId | "noEfsVolumes">[] {
  if (isUnresolved(volumes)) return [undecided(volumes)];
  const observations: Observation<MessageId>[] = [];
  let efsVolumes = 0;
  for (const [index, volume] of (volumes ?? []).entries()) {
    const efs = isUnresolved(volume) ? volume : volume.efsVolumeConfiguration;
    if (isUnresolved(efs)) {
      observations.push(undecided(efs));
      continue;
    }
    if (efs === undefined || isUnresolved(volume)) continue;
    efsVolumes += 1;
    const name = typeof volume.name === "string" && volume.name !== "" ? volume.name : `#${index}`;
    observations.push(...check({ name, path: `/volumes/${index}/efsVolumeConfiguration`, efs }));
  }
  return observations.length === 0 && efsVolumes === 0 ? [notApplicable("noEfsVolumes")] : observations;
}
