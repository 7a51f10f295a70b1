/**
 * Runs AWS's cfn-guard binary (shipped in `@cdklabs/cdk-validator-cfnguard`) with AWS Control Tower's
 * proactive ECS rules over a directory of CloudFormation templates, once, and reads its structured output
 * into a verdict per (file, rule).
 */
import { spawnSync } from "node:child_process";
import { accessSync, constants, readdirSync, readFileSync, realpathSync } from "node:fs";
import { extname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { z } from "zod";
import { type ProcessOutput, runProcess } from "../helpers/child-process.ts";

const PACKAGE_DIRECTORY = fileURLToPath(
  new URL("../../node_modules/@cdklabs/cdk-validator-cfnguard/", import.meta.url),
);

const CONTROL_TOWER_ECS_RULES = join(PACKAGE_DIRECTORY, "rules", "control-tower", "cfn-guard", "ecs");

/** The package's binary directories by Node's platform and architecture names. */
const PLATFORM_DIRECTORIES: Readonly<Record<string, string>> = { linux: "ubuntu", darwin: "macos" };
const ARCHITECTURE_DIRECTORIES: Readonly<Record<string, string>> = { x64: "x86_64", arm64: "aarch64" };

/** The extensions cfn-guard reads from a data directory (`cfn-guard validate --help`). */
const DATA_EXTENSIONS = new Set([".yaml", ".yml", ".json", ".jsn", ".template"]);

/** cfn-guard's exit codes when it evaluated every file: all passed (or skipped), or some rule failed. */
const EXIT_EVALUATED = new Set([0, 19]);

export type GuardStatus = "PASS" | "FAIL" | "SKIP";

export type CfnGuard = { readonly binary: string } | { readonly unavailable: string };

/** A Control Tower rule file and the name its template rule reports under. */
export interface GuardRule {
  /** "CT.ECS.PR.3" */
  readonly control: string;
  readonly file: string;
  /** The rule cfn-guard reports, such as `ecs_task_definition_nonroot_user_check`. */
  readonly ruleName: string;
}

/** One rule's verdict on one file. */
export interface GuardOutcome {
  readonly status: GuardStatus;
  /** Logical ids of the resources that the failing checks point into (`/Resources/<id>/…`); empty unless FAIL. */
  readonly failing: ReadonlySet<string>;
}

/** Absolute file path → control ("CT.ECS.PR.3") → outcome. */
export type GuardResults = ReadonlyMap<string, ReadonlyMap<string, GuardOutcome>>;

/** The cfn-guard binary for this platform and architecture, or why there is none that runs here. */
export function locateCfnGuard(): CfnGuard {
  const platform = PLATFORM_DIRECTORIES[process.platform];
  const architecture = ARCHITECTURE_DIRECTORIES[process.arch];
  if (platform === undefined || architecture === undefined) {
    return { unavailable: `no cfn-guard binary is shipped for ${process.platform}/${process.arch}` };
  }
  const binary = join(PACKAGE_DIRECTORY, "bin", platform, architecture, "cfn-guard");
  try {
    accessSync(binary, constants.X_OK);
  } catch {
    return { unavailable: `${binary} is missing or not executable` };
  }
  const probe = spawnSync(binary, ["--version"], { encoding: "utf8" });
  if (probe.status !== 0 || !/^cfn-guard 3\./.test(probe.stdout)) {
    return { unavailable: `${binary} does not run here: ${probe.error?.message ?? probe.stderr.trim()}` };
  }
  return { binary };
}

const warned = new Set<string>();

/** Says once, visibly, that a comparison with cfn-guard is skipped. */
export function warnCfnGuardUnavailable(guard: CfnGuard, what: string): void {
  if (!("unavailable" in guard) || warned.has(what)) return;
  warned.add(what);
  console.warn(`NOTICE: ${guard.unavailable}; skipping ${what}.`);
}

/** Control Tower's rule CT.ECS.PR.<number>, with the rule name its results are reported under. */
export function controlTowerEcsRule(number: number): GuardRule {
  const file = join(CONTROL_TOWER_ECS_RULES, `ct-ecs-pr-${number}.guard`);
  const source = readFileSync(file, "utf8");
  const matches = source.matchAll(/^rule\s+(\w+)\s+when\s+is_cfn_template\b/gm);
  const names = new Set([...matches].flatMap((match) => (match[1] === undefined ? [] : [match[1]])));
  const [ruleName, other] = [...names];
  if (ruleName === undefined || other !== undefined) {
    throw new Error(`expected one template rule in ${file}, found ${[...names].join(", ") || "none"}`);
  }
  return { control: `CT.ECS.PR.${number}`, file, ruleName };
}

const failedRule = z.looseObject({ Rule: z.looseObject({ name: z.string() }) });

const structuredOutput = z.array(
  z.looseObject({
    name: z.string(),
    status: z.enum(["PASS", "FAIL", "SKIP"]),
    not_compliant: z.array(z.unknown()),
    not_applicable: z.array(z.string()),
    compliant: z.array(z.string()),
  }),
);

/**
 * Validates every data file of `dataDirectory` (flat; it must hold data files only) against `rules` in one
 * cfn-guard run. A file cfn-guard cannot parse makes the whole run fail, as cfn-guard itself does.
 */
export async function runCfnGuard(
  binary: string,
  dataDirectory: string,
  rules: readonly GuardRule[],
): Promise<GuardResults> {
  const output = await runProcess(binary, cfnGuardArguments(dataDirectory, rules));
  return readCfnGuardOutput(output, dataDirectory, rules);
}

/**
 * The arguments of one structured cfn-guard run over `dataDirectory` with `rules`, for a caller that starts the
 * binary its own way (the benchmarks run it under a memory probe); `readCfnGuardOutput` reads what it prints.
 */
export function cfnGuardArguments(dataDirectory: string, rules: readonly GuardRule[]): string[] {
  // cfn-guard reports files by their real path; results are keyed by the path the caller gave.
  const realDirectory = realpathSync(dataDirectory);
  return [
    "validate",
    ...rules.flatMap((rule) => ["-r", rule.file]),
    ...["-d", realDirectory, "--structured", "--show-summary", "none", "--output-format", "json"],
  ];
}

/** What one cfn-guard run (`cfnGuardArguments`) printed, as a verdict per (file, rule); throws on a failed run. */
export function readCfnGuardOutput(
  { exitCode, stdout, stderr }: ProcessOutput,
  dataDirectory: string,
  rules: readonly GuardRule[],
): GuardResults {
  const byName = new Map(rules.map((rule) => [rule.ruleName, rule]));
  if (byName.size !== rules.length) throw new Error("two rules report under the same name");
  if (exitCode === null || !EXIT_EVALUATED.has(exitCode)) {
    throw new Error(`cfn-guard exited with ${exitCode}: ${stderr.trim() || stdout.slice(0, 500)}`);
  }
  const realDirectory = realpathSync(dataDirectory);
  const parsed = structuredOutput.parse(JSON.parse(stdout));
  const results = new Map<string, Map<string, GuardOutcome>>();
  for (const report of parsed) {
    const failing = new Map<string, Set<string>>();
    for (const entry of report.not_compliant) {
      const { Rule } = failedRule.parse(entry);
      failing.set(Rule.name, new Set([...(failing.get(Rule.name) ?? []), ...failingResources(entry)]));
    }
    const outcomes = new Map<string, GuardOutcome>();
    for (const rule of rules) {
      const status = statusOf(rule.ruleName, failing, report);
      outcomes.set(rule.control, { status, failing: failing.get(rule.ruleName) ?? new Set() });
    }
    const unknownRule = [...failing.keys(), ...report.compliant].find((name) => !byName.has(name));
    if (unknownRule !== undefined) throw new Error(`cfn-guard reported an unexpected rule ${unknownRule}`);
    results.set(resolve(dataDirectory, relative(realDirectory, resolve(report.name))), outcomes);
  }
  const missing = dataFiles(dataDirectory).filter((file) => !results.has(file));
  if (missing.length > 0) throw new Error(`cfn-guard reported nothing for ${missing.join(", ")}`);
  return results;
}

/**
 * A template's rule appears in `not_compliant` when it failed, else in `compliant` when it passed; a skipped
 * rule only appears in `not_applicable`, where the same-named CloudFormation-hook variant always is.
 */
function statusOf(
  ruleName: string,
  failing: ReadonlyMap<string, unknown>,
  report: { readonly compliant: readonly string[]; readonly not_applicable: readonly string[] },
): GuardStatus {
  if (failing.has(ruleName)) return "FAIL";
  if (report.compliant.includes(ruleName)) return "PASS";
  if (report.not_applicable.includes(ruleName)) return "SKIP";
  throw new Error(`cfn-guard reported nothing for rule ${ruleName}`);
}

/** Logical ids in the `path` of every value a failed check compared (constants have an empty path). */
function failingResources(entry: unknown): Set<string> {
  const found = new Set<string>();
  const visit = (node: unknown): void => {
    if (Array.isArray(node)) {
      for (const item of node) visit(item);
    } else if (typeof node === "object" && node !== null) {
      for (const [key, value] of Object.entries(node)) {
        const match =
          key === "path" && typeof value === "string" ? /^\/Resources\/([^/]+)/.exec(value) : null;
        if (match?.[1] !== undefined) found.add(match[1]);
        else visit(value);
      }
    }
  };
  visit(entry);
  return found;
}

function dataFiles(directory: string): string[] {
  return readdirSync(directory, { withFileTypes: true })
    .filter((entry) => entry.isFile() && DATA_EXTENSIONS.has(extname(entry.name).toLowerCase()))
    .map((entry) => resolve(directory, entry.name));
}
