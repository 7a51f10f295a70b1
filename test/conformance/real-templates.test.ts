/**
 * Real CloudFormation templates (../shared/data/cfn, read in place): cfn-guard's Control Tower verdicts
 * against ours, resource by resource. cfn-guard judges a file; the resources a failing rule points into
 * (`/Resources/<id>/…` in its structured output) are the ones it fails, and the others of the same type
 * it does not.
 */
import { existsSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { scanPaths } from "../../cli/scan/scan.ts";
import { EMPTY_CONFIG } from "../../shared/engine/config.ts";
import type { Status } from "../../shared/engine/evaluate.ts";
import { SHARED_DATA_DIRECTORY, sharedDataAvailable } from "../helpers/shared-data.ts";
import {
  controlTowerEcsRule,
  type GuardResults,
  locateCfnGuard,
  runCfnGuard,
  warnCfnGuardUnavailable,
} from "./cfn-guard.ts";
import { POLICIES_UNDER_TEST, type PolicyId } from "./verdicts.ts";

const CFN_DIRECTORY = join(SHARED_DATA_DIRECTORY, "cfn");
const dataAvailable = sharedDataAvailable && existsSync(CFN_DIRECTORY);
if (!dataAvailable) {
  console.warn(
    `NOTICE: ${CFN_DIRECTORY} is absent; skipping the comparison on real CloudFormation templates.`,
  );
}
const guard = locateCfnGuard();
warnCfnGuardUnavailable(guard, "the comparison on real CloudFormation templates");

type Control = "CT.ECS.PR.3" | "CT.ECS.PR.9" | "CT.ECS.PR.10" | "CT.ECS.PR.11";

const PAIRS: readonly { readonly control: Control; readonly policy: PolicyId; readonly type: string }[] = [
  { control: "CT.ECS.PR.3", policy: "no-root-user", type: "AwsEcsTaskDefinition" },
  { control: "CT.ECS.PR.10", policy: "no-host-pid-mode", type: "AwsEcsTaskDefinition" },
  { control: "CT.ECS.PR.11", policy: "no-privileged-containers", type: "AwsEcsTaskDefinition" },
  { control: "CT.ECS.PR.9", policy: "no-service-public-ip", type: "AwsEcsService" },
];

/**
 * Where a real template writes an intrinsic function that decides the verdict, cfn-guard compares the
 * function's object as a value and we answer UNKNOWN. Every such case, by file, resource and control:
 *
 * - bridgecrewio__checkov__graph-complex_jsonpath_if_condition.yaml, PassingExample and FailingExample:
 *   the only container is `!If [Condition, {container}, !Ref AWS::NoValue]`. PR.3 reads the `Fn::If` object
 *   as a container without `User` and fails it; PR.11 finds no `Privileged` in it and passes it. Whether a
 *   container is deployed at all depends on the condition, so we answer UNKNOWN to both.
 */
const INTRINSIC_CASES: readonly {
  readonly file: string;
  readonly logicalId: string;
  readonly control: Control;
  readonly guard: "FAIL" | "not FAIL";
}[] = [
  {
    file: "bridgecrewio__checkov__graph-complex_jsonpath_if_condition.yaml",
    logicalId: "PassingExample",
    control: "CT.ECS.PR.3",
    guard: "FAIL",
  },
  {
    file: "bridgecrewio__checkov__graph-complex_jsonpath_if_condition.yaml",
    logicalId: "FailingExample",
    control: "CT.ECS.PR.3",
    guard: "FAIL",
  },
  {
    file: "bridgecrewio__checkov__graph-complex_jsonpath_if_condition.yaml",
    logicalId: "PassingExample",
    control: "CT.ECS.PR.11",
    guard: "not FAIL",
  },
  {
    file: "bridgecrewio__checkov__graph-complex_jsonpath_if_condition.yaml",
    logicalId: "FailingExample",
    control: "CT.ECS.PR.11",
    guard: "not FAIL",
  },
];

interface Row {
  readonly file: string;
  readonly logicalId: string;
  readonly control: Control;
  readonly guard: "FAIL" | "not FAIL";
  readonly ours: Status;
}

describe.skipIf(!dataAvailable || "unavailable" in guard)("real CloudFormation templates", () => {
  let rows: Row[];
  let results: GuardResults;

  beforeAll(async () => {
    if (!("binary" in guard)) return;
    const rules = [3, 9, 10, 11].map(controlTowerEcsRule);
    const [guardRun, report] = await Promise.all([
      runCfnGuard(guard.binary, CFN_DIRECTORY, rules),
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
    console.info(
      `Real templates: ${results.size} files; resources compared: ` +
        `${PAIRS.map(({ control }) => `${control} ${count(control)}`).join(", ")}`,
    );
  });

  it("fails what cfn-guard fails and nothing else, but for the intrinsic functions listed", () => {
    const mismatches = rows.filter((row) => {
      const listed = INTRINSIC_CASES.some(
        (known) =>
          known.file === row.file && known.logicalId === row.logicalId && known.control === row.control,
      );
      if (listed) return false;
      return row.guard === "FAIL"
        ? row.ours !== "FAILED"
        : row.ours !== "PASSED" && row.ours !== "NOT_APPLICABLE";
    });
    expect(mismatches).toEqual([]);
  });

  it("answers UNKNOWN exactly where an intrinsic function decides, and cfn-guard reads it as listed", () => {
    const unknown = rows.filter((row) => row.ours === "UNKNOWN").map(({ ours: _, ...row }) => row);
    expect(unknown).toEqual(
      expect.arrayContaining(INTRINSIC_CASES.map((known) => expect.objectContaining(known))),
    );
    expect(unknown).toHaveLength(INTRINSIC_CASES.length);
  });
});

function guardOutcome(results: GuardResults, file: string, control: Control) {
  const outcome = results.get(file)?.get(control);
  if (outcome === undefined) throw new Error(`cfn-guard reported no ${control} verdict on ${file}`);
  return outcome;
}
