import type { AwsSecurityFinding } from "@aws-sdk/client-securityhub";
import { toAsffFinding } from "../../shared/findings/to-asff.ts";
import { partitionOf } from "../../shared/model/arns.ts";
import type { ScanReport } from "../scan/scan.ts";

export interface AsffOptions {
  readonly account: string;
  readonly region: string;
  /** ISO 8601 time of the scan. */
  readonly observedAt: string;
}

/** The scan as a JSON array of ASFF findings, ready for `aws securityhub batch-import-findings --findings file://…`. */
export function formatAsff(report: ScanReport, options: AsffOptions): string {
  const context = {
    partition: partitionOf(options.region),
    region: options.region,
    account: options.account,
    observedAt: options.observedAt,
  };
  const findings = report.entries
    .map((entry) =>
      toAsffFinding(
        entry.verdict,
        { resourceId: entry.result.resource.id, document: entry.scanned.document },
        context,
      ),
    )
    .filter((finding): finding is AwsSecurityFinding => finding !== undefined);
  return `${JSON.stringify(findings, null, 2)}\n`;
}
