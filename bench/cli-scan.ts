/**
 * Issue 7, item 5: the same CloudFormation corpus scanned by `ecs-guardrails scan` (the real CLI, started as a
 * user starts it) and by AWS's cfn-guard with AWS Control Tower's twelve proactive ECS rules, in the same run;
 * plus task definition files (which cfn-guard's rules do not read) and one 500-resource template.
 */
import { copyFile, mkdir, mkdtemp, readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import type { ScanResult } from "../cli/scan/scan.ts";
import { policies } from "../shared/policies/index.ts";
import {
  cfnGuardArguments,
  controlTowerEcsRule,
  type GuardResults,
  locateCfnGuard,
  readCfnGuardOutput,
} from "../test/conformance/cfn-guard.ts";
import { RULE_NUMBERS } from "../test/conformance/known-differences.ts";
import { CONTROL_TOWER_POLICIES } from "../test/conformance/verdicts.ts";
import { CORPUS_SIZES, type Corpus, type CorpusSet, writeCorpus } from "./cli-scan-corpus.ts";
import { measureProcess, type ProcessRun, peakMemoryProbe } from "./measure-process.ts";
import type { Benchmark, BenchmarkRow } from "./result.ts";
import {
  formatBytes,
  formatCount,
  formatMilliseconds,
  formatRate,
  formatRatio,
  median,
} from "./statistics.ts";

const CLI = fileURLToPath(new URL("../bin/ecs-guardrails.js", import.meta.url));
const GUARD_RULES = RULE_NUMBERS.map(controlTowerEcsRule);
const TARGET_RATIO = 2;

/** The Control Tower rules that judge Fargate-only task definitions and task-level memory, both common here. */
const DIFFERENT_BY_DESIGN: ReadonlySet<string> = new Set(["CT.ECS.PR.4", "CT.ECS.PR.7"]);

/**
 * The Control Tower rules whose verdicts the corpus lets us compare with our policies', file by file. Left out:
 * those whose verdicts differ by design (documented differences, test/conformance/known-differences.ts).
 */
export const SHARED_RULES: Readonly<Record<string, string>> = Object.fromEntries(
  Object.entries(CONTROL_TOWER_POLICIES).filter(([control]) => !DIFFERENT_BY_DESIGN.has(control)),
);

/** Exit codes of a scan that read every input: no failure, or some FAILED result. */
const SCANNED = new Set([0, 1]);

/**
 * `ecs-guardrails scan --format json DIRECTORY`: every result of the whole catalog, with its evidence. It runs
 * in the scanned directory, so that no `ecs-guardrails.config.json` of ours turns a policy off.
 */
export async function scanWithEcsGuardrails(directory: string): Promise<ProcessRun> {
  const run = await measureProcess(process.execPath, [CLI, "scan", "--format", "json", directory], directory);
  if (run.exitCode === null || !SCANNED.has(run.exitCode)) {
    throw new Error(`ecs-guardrails scan exited with ${run.exitCode}: ${run.stderr.trim()}`);
  }
  return run;
}

/** The JSON report's results; throws unless every file of `directory` was read and has results. */
export async function readEcsGuardrailsOutput(run: ProcessRun, directory: string): Promise<ScanResult[]> {
  const report = JSON.parse(run.stdout) as { results: ScanResult[]; errors: readonly unknown[] };
  if (report.errors.length > 0)
    throw new Error(`ecs-guardrails reported errors: ${JSON.stringify(report.errors)}`);
  const scanned = new Set(report.results.map((result) => result.file));
  const missing = (await filesIn(directory)).filter((file) => !scanned.has(file));
  if (missing.length > 0) throw new Error(`ecs-guardrails reported nothing for ${missing.join(", ")}`);
  return report.results;
}

/** `cfn-guard validate` with the twelve Control Tower ECS rules, structured JSON output. */
export async function scanWithCfnGuard(binary: string, directory: string): Promise<ProcessRun> {
  return measureProcess(binary, cfnGuardArguments(directory, GUARD_RULES));
}

/** cfn-guard's verdicts; throws unless it evaluated every file (see readCfnGuardOutput). */
export function readCfnGuardResults(run: ProcessRun, directory: string): GuardResults {
  return readCfnGuardOutput(run, directory, GUARD_RULES);
}

export interface RuleComparison {
  readonly control: string;
  readonly policy: string;
  /** Files where our policy FAILED a resource, and files where the rule FAILED. */
  readonly ours: ReadonlySet<string>;
  readonly guard: ReadonlySet<string>;
}

/** For each shared rule, the files each tool failed. */
export function compareSharedRules(ours: readonly ScanResult[], guard: GuardResults): RuleComparison[] {
  return Object.entries(SHARED_RULES).map(([control, policy]) => ({
    control,
    policy,
    ours: new Set(
      ours
        .filter((result) => result.policy === policy && result.status === "FAILED")
        .map((result) => result.file),
    ),
    guard: new Set(
      [...guard].filter(([, outcomes]) => outcomes.get(control)?.status === "FAIL").map(([file]) => file),
    ),
  }));
}

export const benchmark: Benchmark = async ({ scale }) => {
  const repetitions = scale === "full" ? 5 : 1;
  const root = await mkdtemp(join(tmpdir(), "ecs-guardrails-cli-scan-"));
  try {
    const corpus = await writeCorpus(root, CORPUS_SIZES[scale]);
    const oneTemplate = await singleTemplate(root, corpus);
    const guard = locateCfnGuard();
    const binary = "binary" in guard ? guard.binary : undefined;

    // The first run warms the page cache and checks that both tools read every file; its timings are dropped.
    const check = await checkedFirstRun(corpus, binary);
    const sets: Record<SetName, string> = {
      templates: corpus.templates.directory,
      taskDefinitions: corpus.taskDefinitions.directory,
      largeTemplate: corpus.largeTemplate.directory,
      oneTemplate,
    };
    const ours = noSamples();
    const theirs = noSamples();
    for (let repetition = 0; repetition < repetitions; repetition++) {
      process.stderr.write(`cli-scan: repetition ${repetition + 1} of ${repetitions}\n`);
      // The tools alternate, so that a slow moment of this shared machine falls on both.
      for (const [set, directory] of Object.entries(sets) as [SetName, string][]) {
        ours[set].push(await scanWithEcsGuardrails(directory));
        if (binary !== undefined && set !== "taskDefinitions")
          theirs[set].push(await scanWithCfnGuard(binary, directory));
      }
    }

    const guardUnavailable = "unavailable" in guard ? `not measured: ${guard.unavailable}` : undefined;
    const templateRate = (runs: readonly ProcessRun[]) => corpus.templates.files / seconds(runs);
    const largeRate = (runs: readonly ProcessRun[]) => corpus.largeTemplate.resources / seconds(runs);
    const templatesRatio =
      binary === undefined ? undefined : templateRate(ours.templates) / templateRate(theirs.templates);
    const rows: BenchmarkRow[] = [
      {
        measure: `CloudFormation templates per second (${formatCount(corpus.templates.files)} templates, ${formatCount(corpus.templates.resources)} resources)`,
        value: formatRate(templateRate(ours.templates), "files"),
        baseline: guardUnavailable ?? `cfn-guard: ${formatRate(templateRate(theirs.templates), "files")}`,
        ...(templatesRatio === undefined ? {} : { ratio: templatesRatio }),
        target: {
          text: `≥ ${TARGET_RATIO}× cfn-guard`,
          met: templatesRatio !== undefined && templatesRatio >= TARGET_RATIO,
        },
      },
      memoryRow(
        `Peak RSS, ${formatCount(corpus.templates.files)} templates`,
        ours.templates,
        theirs.templates,
        guardUnavailable,
      ),
      {
        measure: `Resources per second, one template of ${formatCount(corpus.largeTemplate.resources)} resources`,
        value: formatRate(largeRate(ours.largeTemplate), "resources"),
        baseline:
          guardUnavailable ?? `cfn-guard: ${formatRate(largeRate(theirs.largeTemplate), "resources")}`,
        ...(binary === undefined
          ? {}
          : { ratio: largeRate(ours.largeTemplate) / largeRate(theirs.largeTemplate) }),
      },
      memoryRow(
        `Peak RSS, one template of ${formatCount(corpus.largeTemplate.resources)} resources`,
        ours.largeTemplate,
        theirs.largeTemplate,
        guardUnavailable,
      ),
      {
        measure: `Task definition files per second (${formatCount(corpus.taskDefinitions.files)} describe-task-definition files)`,
        value: formatRate(corpus.taskDefinitions.files / seconds(ours.taskDefinitions), "files"),
        baseline: "none: cfn-guard's rules read CloudFormation only",
      },
      memoryRow(
        `Peak RSS, ${formatCount(corpus.taskDefinitions.files)} task definition files`,
        ours.taskDefinitions,
        [],
        "none: cfn-guard's rules read CloudFormation only",
      ),
      {
        measure: "Wall time to scan one template (start-up included)",
        value: formatMilliseconds(wallMilliseconds(ours.oneTemplate)),
        baseline:
          guardUnavailable ?? `cfn-guard: ${formatMilliseconds(wallMilliseconds(theirs.oneTemplate))}`,
        ...(binary === undefined
          ? {}
          : { ratio: wallMilliseconds(ours.oneTemplate) / wallMilliseconds(theirs.oneTemplate) }),
      },
    ];
    return {
      id: "cli-scan",
      title: "CLI scan against cfn-guard",
      rows,
      notes: notes({ corpus, repetitions, check, templatesRatio }),
    };
  } finally {
    await rm(root, { recursive: true, force: true });
  }
};

type SetName = "templates" | "taskDefinitions" | "largeTemplate" | "oneTemplate";

function noSamples(): Record<SetName, ProcessRun[]> {
  return { templates: [], taskDefinitions: [], largeTemplate: [], oneTemplate: [] };
}

/** Runs each tool once over every set, checking that it read every file; returns how the shared rules compare. */
async function checkedFirstRun(
  corpus: Corpus,
  binary: string | undefined,
): Promise<RuleComparison[] | undefined> {
  process.stderr.write("cli-scan: first run (warm-up, checks that every file is scanned)\n");
  const ourResults = await readEcsGuardrailsOutput(
    await scanWithEcsGuardrails(corpus.templates.directory),
    corpus.templates.directory,
  );
  for (const directory of [corpus.taskDefinitions.directory, corpus.largeTemplate.directory]) {
    await readEcsGuardrailsOutput(await scanWithEcsGuardrails(directory), directory);
  }
  if (binary === undefined) return undefined;
  const guardResults = readCfnGuardResults(
    await scanWithCfnGuard(binary, corpus.templates.directory),
    corpus.templates.directory,
  );
  readCfnGuardResults(
    await scanWithCfnGuard(binary, corpus.largeTemplate.directory),
    corpus.largeTemplate.directory,
  );
  return compareSharedRules(ourResults, guardResults);
}

/** A directory holding a copy of the corpus's first template alone, to time start-up. */
async function singleTemplate(root: string, corpus: Corpus): Promise<string> {
  const directory = join(root, "one-template");
  await mkdir(directory);
  const [first] = await filesIn(corpus.templates.directory);
  if (first === undefined) throw new Error("the template corpus is empty");
  await copyFile(first, join(directory, "stack.yaml"));
  return directory;
}

function memoryRow(
  measure: string,
  ours: readonly ProcessRun[],
  theirs: readonly ProcessRun[],
  noBaseline: string | undefined,
): BenchmarkRow {
  const ourPeak = peak(ours);
  const theirPeak = peak(theirs);
  return {
    measure,
    value: ourPeak === undefined ? peakMemoryProbe.description : formatBytes(ourPeak),
    baseline:
      noBaseline ?? (theirPeak === undefined ? "not measured" : `cfn-guard: ${formatBytes(theirPeak)}`),
    ...(ourPeak === undefined || theirPeak === undefined || noBaseline !== undefined
      ? {}
      : { ratio: ourPeak / theirPeak }),
  };
}

/** The median of the runs' peak RSS; undefined when it was not measured. */
function peak(runs: readonly ProcessRun[]): number | undefined {
  const peaks = runs.flatMap((run) => (run.peakResidentBytes === undefined ? [] : [run.peakResidentBytes]));
  return peaks.length === 0 ? undefined : median(peaks);
}

/** The median wall time of the runs. */
function wallMilliseconds(runs: readonly ProcessRun[]): number {
  return median(runs.map((run) => run.wallMilliseconds));
}

function seconds(runs: readonly ProcessRun[]): number {
  return wallMilliseconds(runs) / 1000;
}

async function filesIn(directory: string): Promise<string[]> {
  return (await readdir(directory)).sort().map((name) => join(directory, name));
}

function notes({
  corpus,
  repetitions,
  check,
  templatesRatio,
}: {
  readonly corpus: Corpus;
  readonly repetitions: number;
  readonly check: readonly RuleComparison[] | undefined;
  readonly templatesRatio: number | undefined;
}): string[] {
  const notes = [
    `Corpus, generated the same on every run (bench/cli-scan-corpus.ts): ${formatCount(corpus.templates.files)} CloudFormation service stacks, half YAML and half JSON, ${averageSize(corpus.templates)} on average (${formatCount(corpus.templates.resources)} resources: task definitions with one to four containers, services, clusters, capacity providers, IAM roles, log groups, security groups); ${formatCount(corpus.taskDefinitions.files)} task definition files as \`aws ecs describe-task-definition --include TAGS\` prints them, ${averageSize(corpus.taskDefinitions)} on average; one YAML template of ${formatCount(corpus.largeTemplate.resources)} resources (${formatBytes(corpus.largeTemplate.bytes)}, many service stacks in one).`,
    `Method: each tool is given a directory and started as a user starts it, one process per scan: \`node bin/ecs-guardrails.js scan --format json DIR\` (the default configuration: the whole catalog of ${policies.length} policies, each resource judged by every policy of its kind, every result printed with its evidence) and \`cfn-guard validate\` with the ${GUARD_RULES.length} AWS Control Tower ECS rules shipped in @cdklabs/cdk-validator-cfnguard (\`--structured --output-format json\`). Files per second = files ÷ wall time from start to exit, start-up included. One warm-up run, then the median of ${repetitions} run(s), the tools alternating. Memory: ${peakMemoryProbe.description}.`,
    "cfn-guard's Control Tower rules read CloudFormation templates only, so the task definition files have no baseline.",
    "A scan of one template is mostly start-up, Node loading the CLI's TypeScript sources, where cfn-guard is a native binary; each rate above includes one start-up.",
    "ecs-guardrails keeps every result, with the parsed document it points into, until it prints the report sorted, so its peak memory grows with what one scan reads.",
  ];
  if (check === undefined) {
    notes.push("cfn-guard could not run here, so nothing is compared with it and the target is not met.");
  } else {
    const disagreements = check.filter(({ ours, guard }) => !sameFiles(ours, guard));
    notes.push(
      disagreements.length === 0
        ? `Both tools failed the same templates for each of the ${check.length} Control Tower rules our catalog shares without a documented difference (${check.map(({ control, guard }) => `${control}: ${guard.size}`).join(", ")} templates).`
        : `The tools failed different templates for ${disagreements.map(({ control, policy, ours, guard }) => `${control}/${policy} (ours ${ours.size}, cfn-guard ${guard.size})`).join(", ")}.`,
    );
  }
  if (templatesRatio !== undefined && templatesRatio < TARGET_RATIO) {
    notes.push(
      `Target missed: ${formatRatio(templatesRatio)} cfn-guard's files per second, where ${TARGET_RATIO}× was the target.`,
    );
  }
  return notes;
}

function averageSize(set: CorpusSet): string {
  return formatBytes(set.bytes / set.files);
}

function sameFiles(left: ReadonlySet<string>, right: ReadonlySet<string>): boolean {
  return left.size === right.size && [...left].every((file) => right.has(file));
}
