import { isUnresolved, type Resolvable } from "../../model/resolvable.ts";
import type { NetworkConfiguration } from "../../model/types.ts";
import { notApplicable, type Observation, undecided, violation } from "../define-policy.ts";

export const SECURITY_GROUPS_PATH = "/networkConfiguration/awsvpcConfiguration/securityGroups";

/**
 * A12: an awsvpc launch without security groups gets the VPC's default security group, which is shared by
 * everything else that names none. A group the input cannot resolve (an imported or referenced id) still
 * names a group of the launch's own, so only the list itself must be known. Without an awsvpc configuration
 * (bridge and host network modes) the tasks use their container instance's groups: not applicable.
 */
export function securityGroupObservations(
  networkConfiguration: Resolvable<NetworkConfiguration | undefined>,
): readonly Observation<"defaultSecurityGroup" | "noAwsvpc">[] {
  if (isUnresolved(networkConfiguration)) return [undecided(networkConfiguration)];
  const awsvpc = networkConfiguration?.awsvpcConfiguration;
  if (isUnresolved(awsvpc)) return [undecided(awsvpc)];
  if (awsvpc === undefined) return [notApplicable("noAwsvpc")];
  const { securityGroups } = awsvpc;
  if (isUnresolved(securityGroups)) return [undecided(securityGroups)];
  if (securityGroups === undefined || securityGroups.length === 0)
    return [violation("defaultSecurityGroup", SECURITY_GROUPS_PATH)];
  return [];
}
