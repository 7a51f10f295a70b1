import { createHash } from "node:crypto";

/** ASFF's documented maximum length of a finding `Id`. */
export const MAX_FINDING_ID_LENGTH = 512;

/**
 * The finding id for (account, region, policy, resource): deterministic, so a replayed or repeated
 * event updates the same finding. A resource id too long for ASFF is replaced by its SHA-256.
 */
export function findingId(region: string, account: string, policyId: string, resourceId: string): string {
  const id = `${region}/${account}/${policyId}/${resourceId}`;
  if (id.length <= MAX_FINDING_ID_LENGTH) return id;
  return `${region}/${account}/${policyId}/sha256:${createHash("sha256").update(resourceId).digest("hex")}`;
}
