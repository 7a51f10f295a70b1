import { isUnresolved, type Resolvable } from "../../model/resolvable.ts";
import type { NetworkConfiguration } from "../../model/types.ts";
import { type Observation, undecided, violation } from "../define-policy.ts";

export const ASSIGN_PUBLIC_IP_PATH = "/networkConfiguration/awsvpcConfiguration/assignPublicIp";

/**
 * Security Hub's reading of `assignPublicIp` (ECS.2, ECS.16): `ENABLED` fails. Without an awsvpc
 * configuration nothing is assigned (bridge and host tasks use the instance's address), and an absent
 * `assignPublicIp` defaults to `DISABLED`. Any other value fails too, as AWS's Control Tower rule
 * reads it: only `DISABLED` is known to keep the task private.
 */
export function publicIpObservations(
  networkConfiguration: Resolvable<NetworkConfiguration | undefined>,
): readonly Observation<"publicIp">[] {
  if (isUnresolved(networkConfiguration)) return [undecided(networkConfiguration)];
  const awsvpc = networkConfiguration?.awsvpcConfiguration;
  if (isUnresolved(awsvpc)) return [undecided(awsvpc)];
  const assignPublicIp = awsvpc?.assignPublicIp;
  if (isUnresolved(assignPublicIp)) return [undecided(assignPublicIp)];
  if (assignPublicIp === undefined || assignPublicIp === "DISABLED") return [];
  return [violation("publicIp", ASSIGN_PUBLIC_IP_PATH, { value: assignPublicIp })];
}
