/**
 * Real CloudFormation templates (../shared/data/cfn, read in place): cfn-guard's verdicts with the twelve
 * Control Tower ECS rules against ours, resource by resource. cfn-guard judges a file; the resources a
 * failing rule points into (`/Resources/<id>/…` in its structured output) are the ones it fails, and the
 * others of the same type it does not.
 */
import { existsSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { scanPaths } from "../../cli/scan/scan.ts";
import { EMPTY_CONFIG } from "../../shared/engine/config.ts";
import type { Status } from "../../shared/engine/evaluate.ts";
import { ASFF_RESOURCE_TYPES } from "../../shared/findings/details.ts";
import { SHARED_DATA_DIRECTORY, sharedDataAvailable } from "../helpers/shared-data.ts";
import {
  controlTowerEcsRule,
  type GuardResults,
  locateCfnGuard,
  runCfnGuard,
  warnCfnGuardUnavailable,
} from "./cfn-guard.ts";
import { type Control, documentedIn, knownDifference, RULE_NUMBERS } from "./known-differences.ts";
import { CONTROL_TOWER_POLICIES, POLICIES_UNDER_TEST, type PolicyId, policyNamed } from "./verdicts.ts";

const CFN_DIRECTORY = join(SHARED_DATA_DIRECTORY, "cfn");
const dataAvailable = sharedDataAvailable && existsSync(CFN_DIRECTORY);
if (!dataAvailable) {
  console.warn(
    `NOTICE: ${CFN_DIRECTORY} is absent; skipping the comparison on real CloudFormation templates.`,
  );
}
const guard = locateCfnGuard();
warnCfnGuardUnavailable(guard, "the comparison on real CloudFormation templates");

const PAIRS: readonly { readonly control: Control; readonly policy: PolicyId; readonly type: string }[] =
  Object.entries(CONTROL_TOWER_POLICIES).map(([control, policy]) => ({
    control: control as Control,
    policy,
    type: ASFF_RESOURCE_TYPES[policyNamed(policy).resource],
  }));

type GuardVerdict = "FAIL" | "not FAIL";

/**
 * Why cfn-guard and we disagree on a resource:
 * - `intrinsic`: an intrinsic function decides; cfn-guard compares the function's object as a value and we
 *   answer UNKNOWN, by design;
 * - `parameterDefault`: cfn-guard compares a `Ref` to a template parameter as an object, and we read the
 *   parameter's Default, which a deployment without overrides uses;
 * - `difference`: a known difference of the rule (known-differences.ts), which the generated templates of
 *   control-tower.test.ts also meet.
 */
type Because =
  | { readonly intrinsic: string }
  | { readonly parameterDefault: string }
  | { readonly difference: string };

interface ExplainedCase {
  readonly file: string;
  readonly logicalId: string;
  readonly control: Control;
  readonly guard: GuardVerdict;
  readonly ours: Status;
  readonly because: Because;
}

const IF_CONDITION = "bridgecrewio__checkov__graph-complex_jsonpath_if_condition.yaml";
const IDENTICAL_DEFAULTS = "bridgecrewio__checkov__graph-params-identical-defaults.yaml";

/** The only container is `!If [Condition, {container}, !Ref AWS::NoValue]`: whether it is deployed depends on it. */
const CONTAINER_BEHIND_IF =
  "the only container is behind Fn::If; cfn-guard reads the Fn::If object as a container without the property";

/** `cases(file, [ids], control, guard, ours, because)`: one case per logical id. */
function cases(
  file: string,
  logicalIds: readonly string[],
  control: Control,
  guardVerdict: GuardVerdict,
  ours: Status,
  because: Because,
): ExplainedCase[] {
  return logicalIds.map((logicalId) => ({ file, logicalId, control, guard: guardVerdict, ours, because }));
}

/** Every resource whose verdicts differ, with why. */
const EXPLAINED_CASES: readonly ExplainedCase[] = [
  // PR.3 fails the Fn::If object (no User); PR.11 finds no Privileged in it and passes it.
  ...cases(IF_CONDITION, ["PassingExample", "FailingExample"], "CT.ECS.PR.3", "FAIL", "UNKNOWN", {
    intrinsic: CONTAINER_BEHIND_IF,
  }),
  ...cases(IF_CONDITION, ["PassingExample", "FailingExample"], "CT.ECS.PR.11", "not FAIL", "UNKNOWN", {
    intrinsic: CONTAINER_BEHIND_IF,
  }),
  // PR.5 and PR.6 fail the Fn::If object (no LogConfiguration, no ReadonlyRootFilesystem); PR.12 skips it (no Environment).
  ...cases(IF_CONDITION, ["PassingExample", "FailingExample"], "CT.ECS.PR.5", "FAIL", "UNKNOWN", {
    intrinsic: CONTAINER_BEHIND_IF,
  }),
  ...cases(IF_CONDITION, ["PassingExample", "FailingExample"], "CT.ECS.PR.6", "FAIL", "UNKNOWN", {
    intrinsic: CONTAINER_BEHIND_IF,
  }),
  ...cases(IF_CONDITION, ["PassingExample", "FailingExample"], "CT.ECS.PR.12", "not FAIL", "UNKNOWN", {
    intrinsic: CONTAINER_BEHIND_IF,
  }),
  ...cases(IF_CONDITION, ["PassingExample", "FailingExample"], "CT.ECS.PR.7", "FAIL", "NOT_APPLICABLE", {
    difference: "Fargate-only task definitions (memory)",
  }),
  // LogConfiguration: !If [Check, {LogDriver: awslogs, …}, !Ref AWS::NoValue]: PR.5 finds no LogDriver in the object.
  ...cases(IDENTICAL_DEFAULTS, ["Pass", "Fail"], "CT.ECS.PR.5", "FAIL", "UNKNOWN", {
    intrinsic:
      "LogConfiguration is behind Fn::If; cfn-guard reads the Fn::If object as a configuration without LogDriver",
  }),
  // NetworkMode bridge with RequiresCompatibilities [FARGATE] (which ECS would reject).
  ...cases(IDENTICAL_DEFAULTS, ["Pass", "Fail"], "CT.ECS.PR.4", "FAIL", "NOT_APPLICABLE", {
    difference: "Fargate-only task definitions (awsvpc)",
  }),
  ...cases(
    "aws-cloudformation__aws-cloudformation-templates__EC2LaunchType-private-service.json",
    ["TaskDefinition"],
    "CT.ECS.PR.7",
    "FAIL",
    "PASSED",
    { parameterDefault: "Memory: {Ref: ContainerMemory}, a Number parameter with Default 512" },
  ),
  ...cases(
    "aws-cloudformation__aws-cloudformation-templates__ECS_Schedule_Example.yaml",
    ["TaskDefinition"],
    "CT.ECS.PR.7",
    "FAIL",
    "PASSED",
    // Memory: "300" in one container.
    { difference: "Memory written as a string" },
  ),
  ...cases(
    "aws-cloudformation__aws-cloudformation-templates__FargateLaunchType-public-service.yaml",
    ["TaskDefinition"],
    "CT.ECS.PR.7",
    "FAIL",
    "NOT_APPLICABLE",
    { difference: "Fargate-only task definitions (memory)" },
  ),
  ...cases(
    "aws-samples__amazon-cloudwatch-container-insights__cwagent-ecs-instance-metric-cfn.json",
    ["ECSTaskDefinition"],
    "CT.ECS.PR.7",
    "FAIL",
    "PASSED",
    // Memory "64" on the task, none on its container, RequiresCompatibilities [EC2].
    { difference: "task-level memory on Linux" },
  ),
  ...cases(
    "prowler-cloud__prowler__CF-Prowler-ECS.yml",
    ["ProwlerECSTaskDefinition"],
    "CT.ECS.PR.7",
    "FAIL",
    "NOT_APPLICABLE",
    {
      difference: "Fargate-only task definitions (memory)",
    },
  ),
];

interface Row {
  readonly file: string;
  readonly logicalId: string;
  readonly control: Control;
  readonly guard: GuardVerdict;
  readonly ours: Status;
}

const sameResource = (left: Omit<Row, "guard" | "ours">, right: Omit<Row, "guard" | "ours">) =>
  left.file === right.file && left.logicalId === right.logicalId && left.control === right.control;

describe.skipIf(!dataAvailable || "unavailable" in guard)("real CloudFormation templates", () => {
  let rows: Row[];
  let results: GuardResults;

  beforeAll(async () => {
    if (!("binary" in guard)) return;
    const [guardRun, report] = await Promise.all([
      runCfnGuard(guard.binary, CFN_DIRECTORY, RULE_NUMBERS.map(controlTowerEcsRule)),
      scanPaths([CFN_DIRECTORY], { policies: POLICIES_UNDER_TEST, config: EMPTY_CONFIG }),
    ]);
    expect(report.errors).toEqual([]);
    results = guardRun;
    rows = report.entries.flatMap(({ result }) => {
      const pair = PAIRS.find(
        ({ policy, type }) => policy === result.policy && type === result.resource.type,
      );
      const logicalId = /#\/Resources\/([^/]+)$/.exec(result.resource.id)?.[1];
      if (pair === undefined || logicalId === undefined) return [];
      const outcome = guardOutcome(results, result.file, pair.control);
      const verdict = outcome.failing.has(logicalId) ? "FAIL" : "not FAIL";
      const file = result.file.slice(CFN_DIRECTORY.length).replace(/^\//, "");
      return [{ file, logicalId, control: pair.control, guard: verdict, ours: result.status }];
    });
  });

  it("judges every resource cfn-guard fails, in every template", () => {
    const files = new Set(rows.map((row) => row.file));
    expect(files.size).toBe(results.size);
    for (const [file, outcomes] of results) {
      for (const [control, outcome] of outcomes) {
        for (const logicalId of outcome.failing) {
          const name = file.slice(CFN_DIRECTORY.length).replace(/^\//, "");
          expect(rows, `${control} ${name}#${logicalId}`).toContainEqual(
            expect.objectContaining({ file: name, logicalId, control, guard: "FAIL" }),
          );
        }
      }
    }
    const count = (control: Control) => rows.filter((row) => row.control === control).length;
    const failed = (control: Control) =>
      rows.filter((row) => row.control === control && row.guard === "FAIL").length;
    console.info(
      `Real templates: ${results.size} files; resources compared (of which cfn-guard fails): ` +
        `${PAIRS.map(({ control }) => `${control} ${count(control)} (${failed(control)})`).join(", ")}; ` +
        `disagreements explained: ${EXPLAINED_CASES.length}`,
    );
  });

  it("fails what cfn-guard fails and nothing else, but for the cases explained", () => {
    const mismatches = rows.filter((row) =>
      row.guard === "FAIL" ? row.ours !== "FAILED" : row.ours !== "PASSED" && row.ours !== "NOT_APPLICABLE",
    );
    const unexplained = mismatches.filter(
      (row) => !EXPLAINED_CASES.some((known) => sameResource(known, row)),
    );
    expect(unexplained).toEqual([]);
    // Each case explained is still a disagreement, with the verdicts it states.
    const stated = EXPLAINED_CASES.map(({ because: _, ...row }) => row);
    expect(mismatches).toEqual(expect.arrayContaining(stated));
    expect(mismatches).toHaveLength(stated.length);
  });

  it("answers UNKNOWN exactly where an intrinsic function decides", () => {
    const unknown = rows.filter((row) => row.ours === "UNKNOWN");
    const intrinsic = EXPLAINED_CASES.filter(({ because }) => "intrinsic" in because);
    expect(intrinsic.every(({ ours }) => ours === "UNKNOWN")).toBe(true);
    expect(unknown).toHaveLength(intrinsic.length);
  });

  it("explains every other disagreement by a parameter's Default or a documented difference of the rule", () => {
    for (const { control, because } of EXPLAINED_CASES) {
      if (!("difference" in because)) continue;
      const known = knownDifference(control, because.difference);
      expect(documentedIn(known.documented), known.id).toBe(true);
    }
  });
});

function guardOutcome(results: GuardResults, file: string, control: Control) {
  const outcome = results.get(file)?.get(control);
  if (outcome === undefined) throw new Error(`cfn-guard reported no ${control} verdict on ${file}`);
  return outcome;
}
