import type { Status } from "../../shared/engine/evaluate.ts";
import type { ScanReport } from "../scan/scan.ts";

const STATUS_ORDER: readonly Status[] = ["FAILED", "UNKNOWN", "EXEMPTED", "PASSED", "NOT_APPLICABLE"];

/**
 * Human-readable output: one block per resource listing what failed or could not be decided (with the
 * evidence), a count of what passed, then the input errors and a summary line.
 */
export function formatText(report: ScanReport, options: { readonly verbose?: boolean } = {}): string {
  const lines: string[] = [];
  const byResource = Map.groupBy(report.entries, (entry) => entry.result.resource.id);
  for (const [resourceId, entries] of byResource) {
    const first = entries[0]?.result;
    if (first === undefined) continue;
    const where = resourceId.startsWith(`${first.file}#`) ? "" : ` in ${first.file}`;
    lines.push(`${resourceId} (${first.resource.type})${where}`);
    for (const { result } of entries) {
      if (!options.verbose && (result.status === "PASSED" || result.status === "NOT_APPLICABLE")) continue;
      const controls = result.controls.length === 0 ? "" : ` [${result.controls.join(", ")}]`;
      lines.push(
        `  ${result.status.padEnd(14)} ${result.severity.padEnd(13)} ${result.policy}${controls}: ${result.title}`,
      );
      for (const evidence of result.evidence)
        lines.push(`      ${evidence.path || "/"}: ${evidence.message}`);
    }
    const passed = entries.filter((entry) => entry.result.status === "PASSED").length;
    if (!options.verbose && passed > 0) lines.push(`  ${passed} passed`);
    lines.push("");
  }
  for (const error of report.errors) lines.push(`error: ${error.file}: ${error.message}`);
  const counts = STATUS_ORDER.map(
    (status) =>
      `${report.entries.filter((entry) => entry.result.status === status).length} ${status.toLowerCase().replace("_", " ")}`,
  );
  lines.push(`${byResource.size} resource(s): ${counts.join(", ")}; ${report.errors.length} input error(s)`);
  return `${lines.join("\n")}\n`;
}
