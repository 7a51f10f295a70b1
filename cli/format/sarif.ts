import { createHash } from "node:crypto";
import { relative, sep } from "node:path";
import type { Log, ReportingDescriptor, Result } from "sarif";
import type { Status } from "../../shared/engine/evaluate.ts";
import type { Policy, Severity } from "../../shared/policies/define-policy.ts";
import type { ScanEntry, ScanReport } from "../scan/scan.ts";

/** GitHub code scanning ranks security results by this 0–10 score. */
const SECURITY_SEVERITY: Readonly<Record<Severity, string>> = {
  CRITICAL: "9.5",
  HIGH: "8.0",
  MEDIUM: "5.5",
  LOW: "3.0",
  INFORMATIONAL: "0.0",
};

const LEVEL: Readonly<Record<Severity, "error" | "warning" | "note">> = {
  CRITICAL: "error",
  HIGH: "error",
  MEDIUM: "warning",
  LOW: "note",
  INFORMATIONAL: "note",
};

/** Exempted results are reported as suppressed failures, so code scanning shows them dismissed with the reason. */
const REPORTED: ReadonlySet<Status> = new Set(["FAILED", "UNKNOWN", "EXEMPTED"]);

/**
 * SARIF 2.1.0 for code-scanning tools: every policy as a rule, FAILED results as `fail` and undecidable
 * ones as `review`, located at the line of the evidence in the file.
 */
export function formatSarif(report: ScanReport, policies: readonly Policy[], version: string): string {
  const sarif: Log = {
    $schema: "https://json.schemastore.org/sarif-2.1.0.json",
    version: "2.1.0",
    runs: [
      {
        tool: {
          driver: {
            name: "ecs-guardrails",
            version,
            informationUri: "https://github.com/ecs-guardrails/ecs-guardrails",
            rules: policies.map(ruleOf),
          },
        },
        results: report.entries.filter((entry) => REPORTED.has(entry.result.status)).map(resultOf),
        invocations: [
          {
            executionSuccessful: report.errors.length === 0,
            toolExecutionNotifications: report.errors.map((error) => ({
              level: "error",
              message: { text: error.message },
              locations: [{ physicalLocation: { artifactLocation: { uri: uriOf(error.file) } } }],
            })),
          },
        ],
      },
    ],
  };
  return `${JSON.stringify(sarif, null, 2)}\n`;
}

function ruleOf(policy: Policy): ReportingDescriptor {
  return {
    id: policy.id,
    name: policy.id,
    shortDescription: { text: policy.title },
    fullDescription: { text: policy.rationale },
    help: { text: policy.remediation.recommendation },
    ...(policy.remediation.url === undefined ? {} : { helpUri: policy.remediation.url }),
    defaultConfiguration: { level: LEVEL[policy.severity] },
    properties: {
      tags: ["security", "ecs", ...policy.controls],
      "security-severity": SECURITY_SEVERITY[policy.severity],
    },
  };
}

function resultOf(entry: ScanEntry): Result {
  const { result } = entry;
  const evidence = result.evidence[0];
  const at = `${entry.scanned.pointer}${evidence?.path ?? ""}`;
  const position = entry.document.positionOf(at);
  return {
    ruleId: result.policy,
    kind: result.status === "UNKNOWN" ? "review" : "fail",
    level: result.status === "UNKNOWN" ? "note" : LEVEL[result.severity],
    ...(entry.verdict.exemption === undefined
      ? {}
      : {
          suppressions: [
            { kind: "external", status: "accepted", justification: entry.verdict.exemption.reason },
          ],
        }),
    message: {
      text: `${result.resource.id}: ${result.evidence.map((item) => `${item.path || "/"}: ${item.message}`).join("; ") || result.title}`,
    },
    locations: [
      {
        physicalLocation: {
          artifactLocation: { uri: uriOf(result.file) },
          ...(position === undefined
            ? {}
            : { region: { startLine: position.line, startColumn: position.column } }),
        },
        logicalLocations: [{ fullyQualifiedName: result.resource.id, kind: "resource" }],
      },
    ],
    partialFingerprints: {
      "ecsGuardrails/v1": createHash("sha256")
        .update(`${result.policy}\n${result.resource.id}\n${at}`)
        .digest("hex"),
    },
  };
}

function uriOf(file: string): string {
  return relative(process.cwd(), file).split(sep).join("/");
}
