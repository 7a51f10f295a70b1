import { parseArgs } from "node:util";
import packageJson from "../package.json" with { type: "json" };
import { SEVERITIES, type Severity } from "../shared/policies/define-policy.ts";
import { policies } from "../shared/policies/index.ts";
import { formatAsff } from "./format/asff.ts";
import { formatJson } from "./format/json.ts";
import { formatPoliciesJson, formatPoliciesText } from "./format/policies.ts";
import { formatReplayText } from "./format/replay-text.ts";
import { formatSarif } from "./format/sarif.ts";
import { formatText } from "./format/text.ts";
import { loadConfig } from "./load-config.ts";
import { type FindingsStore, loadStore, saveStore } from "./replay/findings-store.ts";
import { type ScanReport, scanPaths } from "./scan/scan.ts";

const USAGE = `Usage:
  ecs-guardrails scan [options] PATH...     scan task definitions, services, task sets and CloudFormation templates
      --format text|json|asff|sarif         output format (default: text)
      --fail-on SEVERITY                    exit 1 only for FAILED results at or above SEVERITY
                                            (INFORMATIONAL, LOW, MEDIUM, HIGH, CRITICAL; default: any FAILED)
      --soft-fail                           report FAILED results but exit 0 for them
      --account ID, --region REGION         for ASFF output when the input holds no ARN
                                            (defaults: account 000000000000, region $AWS_REGION or us-east-1)
      --verbose                             text output also lists passed and not applicable results
      --config FILE                         policy switches, parameters and exemptions
                                            (default: ecs-guardrails.config.json where it exists)
  ecs-guardrails replay [options] FILE...   run EventBridge events through the guardrail pipeline offline
      --format text|json                    output format (default: text)
      --store PATH                          keep findings in this store between runs (default: none)
      --config FILE                         as for scan
  ecs-guardrails policies [--format text|json] list the policies, their Security Hub controls and parameters
  ecs-guardrails --version | --help

Exit codes: 0 no failure, 1 a FAILED result at or above --fail-on, 2 an input could not be read or recognized.`;

/** Where the CLI prints; the process's streams, or a capture in tests. */
interface Output {
  write(text: string): unknown;
}

class UsageError extends Error {
  override readonly name = "UsageError";
}

/** Runs the CLI; returns the exit code. Output goes to the given streams so tests can capture it. */
export async function main(
  argv: readonly string[],
  output: Output = process.stdout,
  errorOutput: Output = process.stderr,
): Promise<number> {
  try {
    const [command, ...rest] = argv;
    switch (command) {
      case "scan":
        return await scan(rest, output, errorOutput);
      case "replay":
        return await replay(rest, output, errorOutput);
      case "policies":
        return listPolicies(rest, output);
      case "--version":
        output.write(`${packageJson.version}\n`);
        return 0;
      case "--help":
      case "-h":
      case "help":
        output.write(`${USAGE}\n`);
        return 0;
      default:
        throw new UsageError(
          command === undefined ? "a command is required" : `unknown command "${command}"`,
        );
    }
  } catch (error) {
    if (error instanceof UsageError || (error as { code?: string }).code?.startsWith("ERR_PARSE_ARGS")) {
      errorOutput.write(`ecs-guardrails: ${(error as Error).message}\n\n${USAGE}\n`);
      return 2;
    }
    errorOutput.write(`ecs-guardrails: ${(error as Error).message}\n`);
    return 2;
  }
}

async function scan(args: readonly string[], output: Output, errorOutput: Output) {
  const { values, positionals } = parseArgs({
    args: [...args],
    allowPositionals: true,
    options: {
      format: { type: "string", default: "text" },
      "fail-on": { type: "string" },
      "soft-fail": { type: "boolean", default: false },
      account: { type: "string", default: "000000000000" },
      region: { type: "string", default: process.env.AWS_REGION ?? "us-east-1" },
      verbose: { type: "boolean", default: false },
      config: { type: "string" },
    },
  });
  if (positionals.length === 0) throw new UsageError("scan needs at least one PATH");
  const failOn = severityOption(values["fail-on"]);
  if (!/^\d{12}$/.test(values.account))
    throw new UsageError(`--account must be a 12-digit AWS account id, not "${values.account}"`);

  const config = await loadConfig(values.config, policies);
  const report = await scanPaths(positionals, { policies, config });
  output.write(render(report, values.format, values));
  if (values.format !== "text")
    for (const error of report.errors) errorOutput.write(`error: ${error.file}: ${error.message}\n`);

  if (report.errors.length > 0) return 2;
  const threshold = SEVERITIES.indexOf(failOn);
  const failing = report.entries.some(
    (entry) => entry.result.status === "FAILED" && SEVERITIES.indexOf(entry.result.severity) >= threshold,
  );
  return failing && !values["soft-fail"] ? 1 : 0;
}

function render(
  report: ScanReport,
  format: string,
  values: { account: string; region: string; verbose: boolean },
): string {
  switch (format) {
    case "text":
      return formatText(report, { verbose: values.verbose });
    case "json":
      return formatJson(report);
    case "asff":
      return formatAsff(report, {
        account: values.account,
        region: values.region,
        observedAt: new Date().toISOString(),
      });
    case "sarif":
      return formatSarif(report, policies, packageJson.version);
    default:
      throw new UsageError(`unknown --format "${format}" (text, json, asff or sarif)`);
  }
}

function severityOption(value: string | undefined): Severity {
  if (value === undefined) return "INFORMATIONAL";
  const severity = value.toUpperCase() as Severity;
  if (!SEVERITIES.includes(severity))
    throw new UsageError(`--fail-on must be one of ${SEVERITIES.join(", ")}, not "${value}"`);
  return severity;
}

function listPolicies(args: readonly string[], output: Output): number {
  const { values } = parseArgs({ args: [...args], options: { format: { type: "string", default: "text" } } });
  if (values.format !== "text" && values.format !== "json") {
    throw new UsageError(`unknown --format "${values.format}" (text or json)`);
  }
  output.write(values.format === "json" ? formatPoliciesJson(policies) : formatPoliciesText(policies));
  return 0;
}

async function replay(args: readonly string[], output: Output, errorOutput: Output) {
  const { values, positionals } = parseArgs({
    args: [...args],
    allowPositionals: true,
    options: {
      format: { type: "string", default: "text" },
      store: { type: "string" },
      config: { type: "string" },
    },
  });
  if (positionals.length === 0) throw new UsageError("replay needs at least one FILE");
  if (values.format !== "text" && values.format !== "json")
    throw new UsageError(`unknown --format "${values.format}" (text or json)`);

  const store: FindingsStore = values.store === undefined ? new Map() : await loadStore(values.store);
  // Only replay runs the pipeline, and with it the AWS SDK: a scan does not load them.
  const { replayFiles } = await import("./replay/replay.ts");
  const report = await replayFiles(positionals, store, await loadConfig(values.config, policies));
  if (values.store !== undefined) await saveStore(values.store, store);

  if (values.format === "json") {
    output.write(
      `${JSON.stringify({ findings: report.findings, skipped: report.skipped, unrouted: report.unrouted }, null, 2)}\n`,
    );
    for (const error of report.errors) errorOutput.write(`error: ${error.source}: ${error.message}\n`);
  } else {
    output.write(formatReplayText(report));
  }
  return report.errors.length > 0 ? 2 : 0;
}
