import type { AwsSecurityFinding } from "@aws-sdk/client-securityhub";
import { PRODUCT_FIELD_PREFIX } from "../findings/to-asff.ts";
import { joinWithin } from "../findings/trim.ts";

/** ASFF's documented limit of a ProductFields value. */
const PRODUCT_FIELD_VALUE_LIMIT = 2048;

export const SERVICES_RUNNING_FIELD = `${PRODUCT_FIELD_PREFIX}/services-running`;

/**
 * A revision's finding that says which services run it (their ARNs, as many as fit, then how many more), so a
 * FAILED revision leads to the services to redeploy. A revision no service runs says so.
 */
export function withServicesRunning(
  finding: AwsSecurityFinding,
  services: readonly string[],
): AwsSecurityFinding {
  const value =
    services.length === 0
      ? "none: the revision is its family's latest, or run by standalone tasks only"
      : joinWithin(services, ", ", PRODUCT_FIELD_VALUE_LIMIT, "service");
  return { ...finding, ProductFields: { ...finding.ProductFields, [SERVICES_RUNNING_FIELD]: value } };
}
