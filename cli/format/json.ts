import type { ScanReport } from "../scan/scan.ts";

/** The versioned JSON contract: `{"version":1,"results":[…],"errors":[…]}`. */
export function formatJson(report: ScanReport): string {
  return `${JSON.stringify({ version: 1, results: report.entries.map((entry) => entry.result), errors: report.errors }, null, 2)}\n`;
}
