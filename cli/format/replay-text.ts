import type { ReplayReport } from "../replay/replay.ts";

/** Human-readable replay output: the store's findings, then skipped reads, unrouted events and errors. */
export function formatReplayText(report: ReplayReport): string {
  const lines = report.findings.map((finding) => {
    // An archived finding (its resource is gone) carries the compliance of its last verdict, or none.
    const status =
      finding.RecordState === "ARCHIVED" ? "ARCHIVED" : (finding.Compliance?.Status ?? "UNKNOWN");
    const severity = finding.FindingProviderFields?.Severity?.Label ?? "";
    return `${status.padEnd(13)} ${severity.padEnd(13)} ${finding.GeneratorId}  ${finding.Resources?.[0]?.Id ?? ""}`;
  });
  for (const read of report.skipped) lines.push(`skipped: event ${read.event}: ${read.call}: ${read.reason}`);
  for (const event of report.unrouted) lines.push(`unrouted: event ${event} matches no rule`);
  for (const error of report.errors) lines.push(`error: ${error.source}: ${error.message}`);
  lines.push(
    `${report.findings.length} finding(s), ${report.skipped.length} skipped read(s), ${report.unrouted.length} unrouted event(s), ${report.errors.length} error(s)`,
  );
  return `${lines.join("\n")}\n`;
}
