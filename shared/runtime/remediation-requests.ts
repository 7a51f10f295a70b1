import type { AwsSecurityFinding } from "@aws-sdk/client-securityhub";
import { REMEDIATION_REQUEST_DETAIL_TYPE, REMEDIATION_SOURCE } from "../../events/schemas/remediation.ts";
import type { GuardrailsConfig } from "../engine/config.ts";
import { PRODUCT_FIELD_PREFIX } from "../findings/to-asff.ts";
import type { Policy } from "../policies/define-policy.ts";
import { remediationMode, requestsOnFinding } from "../remediation/mode.ts";
import type { FollowUp } from "./event-evaluator.ts";

/**
 * What asks for the repair of a published finding: a current FAILED finding of a policy whose mode in the stage
 * asks for more than a click. The request names the finding and its cause; the remediation reads the resource
 * again and decides.
 */
export function remediationRequester(
  policies: readonly Policy[],
  config: GuardrailsConfig,
  stage: string,
): (finding: AwsSecurityFinding) => FollowUp | undefined {
  const requesting = new Set(
    policies
      .filter((policy) => requestsOnFinding(remediationMode(policy, config, stage)))
      .map((policy) => policy.id),
  );
  return (finding) => {
    const resourceId = finding.Resources?.[0]?.Id;
    if (
      !requesting.has(finding.GeneratorId ?? "") ||
      finding.RecordState !== "ACTIVE" ||
      finding.Compliance?.Status !== "FAILED" ||
      finding.Id === undefined ||
      finding.ProductArn === undefined ||
      finding.UpdatedAt === undefined ||
      resourceId === undefined
    ) {
      return undefined;
    }
    const actor = finding.ProductFields?.[`${PRODUCT_FIELD_PREFIX}/actor`];
    return {
      source: REMEDIATION_SOURCE,
      detailType: REMEDIATION_REQUEST_DETAIL_TYPE,
      detail: {
        findingId: finding.Id,
        productArn: finding.ProductArn,
        policyId: finding.GeneratorId,
        resourceId,
        observedAt: finding.UpdatedAt,
        ...(actor === undefined ? {} : { actor }),
      },
    };
  };
}

/** Whether any policy's mode in the stage has published findings ask for their repair. */
export function requestsRemediation(
  policies: readonly Policy[],
  config: GuardrailsConfig,
  stage: string,
): boolean {
  return policies.some((policy) => requestsOnFinding(remediationMode(policy, config, stage)));
}
