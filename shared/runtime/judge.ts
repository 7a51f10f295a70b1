import type { AwsSecurityFinding } from "@aws-sdk/client-securityhub";
import { type EvaluationOptions, evaluatePolicies, type Verdict } from "../engine/evaluate.ts";
import { type FindingContext, type FindingSubject, toAsffFinding } from "../findings/to-asff.ts";
import type { Resource } from "../model/types.ts";
import type { Rulebook } from "./event-evaluator.ts";

export interface Judgement {
  readonly verdicts: readonly Verdict[];
  /** One per verdict, except the policies that do not apply. */
  readonly findings: readonly AwsSecurityFinding[];
}

/**
 * Every enabled policy's verdict on a resource and the findings that report them, as every route makes them:
 * exemptions are judged on the day the resource was observed, and config exemptions match the finding's resource id.
 */
export function judge(
  resource: Resource,
  subject: FindingSubject,
  { policies, config }: Rulebook,
  context: FindingContext,
  options: Pick<EvaluationOptions, "lookups" | "exemptionTagsSetBy"> = {},
): Judgement {
  const verdicts = evaluatePolicies(policies, resource, {
    ...options,
    config,
    today: context.observedAt.slice(0, 10),
    resourceId: subject.resourceId,
  });
  return {
    verdicts,
    findings: verdicts.flatMap((verdict) => toAsffFinding(verdict, subject, context) ?? []),
  };
}
