import type { AwsSecurityFinding } from "@aws-sdk/client-securityhub";
import { type FindingContext, type FindingSubject, toArchivedFinding } from "../findings/to-asff.ts";
import type { ResourceKind } from "../model/types.ts";
import type { Policy } from "../policies/define-policy.ts";

/**
 * The findings of a resource that is gone, as every route archives them: those of every policy of the kinds whose
 * findings are published under its id, as of the event that says it is gone. Policies that are off are archived
 * too: they may have published before they were turned off.
 */
export function archive(
  policies: readonly Policy[],
  kinds: readonly ResourceKind[],
  subject: FindingSubject,
  context: FindingContext,
  reason: string,
): AwsSecurityFinding[] {
  return policies
    .filter((policy) => kinds.includes(policy.resource))
    .map((policy) => toArchivedFinding(policy, policy.resource, subject, context, reason));
}
