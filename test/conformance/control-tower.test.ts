/**
 * Our verdicts against AWS Control Tower's proactive ECS controls, run by AWS's own cfn-guard (one run, all
 * twelve rules) on the same generated CloudFormation templates:
 *
 *   CT.ECS.PR.1  ↔ fargate-platform-version-latest (ECS.10)     on the service
 *   CT.ECS.PR.2  ↔ cluster-container-insights (ECS.12)          on the cluster
 *   CT.ECS.PR.3  ↔ no-root-user (ECS.20), for task definitions without a Windows OS family (ECS.21 judges those)
 *   CT.ECS.PR.4  ↔ awsvpc-network-mode (beyond Security Hub)
 *   CT.ECS.PR.5  ↔ container-logging-configured (ECS.9)
 *   CT.ECS.PR.6  ↔ read-only-root-filesystem (ECS.5)
 *   CT.ECS.PR.7  ↔ container-memory-limit (beyond Security Hub)
 *   CT.ECS.PR.8  ↔ no-host-network-root-user (ECS.1)
 *   CT.ECS.PR.9  ↔ no-service-public-ip (ECS.2)                 on the service
 *   CT.ECS.PR.10 ↔ no-host-pid-mode (ECS.3)
 *   CT.ECS.PR.11 ↔ no-privileged-containers (ECS.4)
 *   CT.ECS.PR.12 ↔ no-aws-credentials-in-environment (ECS.8)
 *
 * FAIL ⇔ FAILED and PASS ⇔ PASSED. SKIP ⇔ NOT_APPLICABLE, except where our policy judges what the rule skips
 * and passes it: PR.9 skips a service without an awsvpc configuration, which ECS.2 passes; PR.8 skips task
 * definitions in other network modes, which ECS.1 passes; PR.12 skips containers without environment
 * variables, which ECS.8 passes. Each template holds at most one task definition, one service and one
 * cluster, so cfn-guard's verdict on the file is its verdict on that resource.
 *
 * Values the two read differently are listed in KNOWN_DIFFERENCES, each with the phrase of the policy's
 * `deviations` that documents it (or none, reported as a documentation gap). A resource holding one is also
 * compared through its "twin" for that rule: the same resource with each such value replaced by one that
 * both tools read the way cfn-guard reads the original. So cfn-guard's verdict on the original must equal
 * ours on the twin, and ours on the original differs exactly where a difference decides; every known
 * difference must decide at least one verdict on its own.
 *
 * Intrinsic functions are left out of the generator: cfn-guard compares `{"Fn::If": …}` as an object
 * (so `Privileged: !If […]` fails PR.11 and `User: !Ref P` passes PR.3) where we answer UNKNOWN, by design.
 * The real templates test covers them; semantics.test.ts checks our UNKNOWN verdicts.
 */
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type ScanReport, scanPaths } from "../../cli/scan/scan.ts";
import { EMPTY_CONFIG } from "../../shared/engine/config.ts";
import type { Status } from "../../shared/engine/evaluate.ts";
import {
  controlTowerEcsRule,
  type GuardResults,
  type GuardStatus,
  locateCfnGuard,
  runCfnGuard,
  warnCfnGuardUnavailable,
} from "./cfn-guard.ts";
import {
  CONTROLS,
  type Control,
  isKind,
  isWindows,
  KNOWN_DIFFERENCES,
  type KnownDifference,
  RULE_NUMBERS,
  twinFor,
} from "./known-differences.ts";
import {
  clusterArbitrary,
  type ResourceSpec,
  renderTemplate,
  serviceArbitrary,
  type TaskDefinitionSpec,
  type TemplateSpec,
  taskDefinitionArbitrary,
  templateStyleArbitrary,
} from "./resources.ts";
import {
  CONTROL_TOWER_POLICIES,
  POLICIES_UNDER_TEST,
  type PolicyId,
  policyNamed,
  verdictsOf,
} from "./verdicts.ts";

const SEED = Number(process.env.CONFORMANCE_SEED ?? 20_260_611);
const TEMPLATES = Number(process.env.CONFORMANCE_TEMPLATES ?? 500);

const guard = locateCfnGuard();
warnCfnGuardUnavailable(guard, "the comparison with AWS Control Tower's cfn-guard rules");

const TASK_DEFINITION = "TaskDefinition";
const SERVICE = "Service";
const CLUSTER = "Cluster";

interface Pair {
  readonly control: Control;
  readonly policy: PolicyId;
  readonly logicalId: typeof TASK_DEFINITION | typeof SERVICE | typeof CLUSTER;
  /** Our verdict where the rule skips the resource. */
  readonly skip: (spec: ResourceSpec) => Status;
}

const notApplicable = () => "NOT_APPLICABLE" as const;

/** Our verdict where a rule skips the resource, where that is not NOT_APPLICABLE. */
const SKIPPED: Partial<Record<Control, Pair["skip"]>> = {
  // PR.8 skips other network modes, which ECS.1 passes; a host-mode one without containers is not applicable.
  "CT.ECS.PR.8": (spec) =>
    isKind(spec, "TaskDefinition") && spec.networkMode === "host" && !hasContainers(spec)
      ? "NOT_APPLICABLE"
      : "PASSED",
  // PR.9 skips a service without an awsvpc configuration; ECS.2 passes it.
  "CT.ECS.PR.9": () => "PASSED",
  // PR.12 skips containers without environment variables, which ECS.8 passes.
  "CT.ECS.PR.12": (spec) =>
    isKind(spec, "TaskDefinition") && !hasContainers(spec) ? "NOT_APPLICABLE" : "PASSED",
};

const PAIRS: readonly Pair[] = Object.entries(CONTROL_TOWER_POLICIES).map(([name, policy]) => {
  const control = name as Control;
  // The templates name each resource by its kind.
  const logicalId = policyNamed(policy).resource as Pair["logicalId"];
  return { control, policy, logicalId, skip: SKIPPED[control] ?? notApplicable };
});

/** Where our policies document how they pass what a rule skips, in their own words. */
const SKIPS_DOCUMENTED: readonly { readonly policy: PolicyId; readonly phrase: string }[] = [
  { policy: "no-service-public-ip", phrase: "without an awsvpc configuration passes" },
  { policy: "no-host-network-root-user", phrase: "Task definitions in other network modes pass" },
];

function hasContainers(spec: TaskDefinitionSpec): boolean {
  return (spec.containers ?? []).length > 0;
}

/** Whether a cfn-guard verdict and ours say the same. */
function correspond(
  pair: Pair,
  spec: ResourceSpec,
  guardStatus: GuardStatus,
  ours: Status | undefined,
): boolean {
  switch (guardStatus) {
    case "FAIL":
      return ours === "FAILED";
    case "PASS":
      return ours === "PASSED";
    case "SKIP":
      return ours === pair.skip(spec);
  }
}

// ---------------------------------------------------------------------------------------------------

/** Plain values only (see the header); one task definition, one service and one cluster at most. */
const PLAIN = { intrinsics: false } as const;
const generatedTemplate = fc
  .record({
    style: templateStyleArbitrary(),
    taskDefinition: fc.option(taskDefinitionArbitrary(TASK_DEFINITION, PLAIN), { nil: undefined, freq: 10 }),
    service: fc.option(serviceArbitrary(SERVICE, PLAIN), { nil: undefined, freq: 3 }),
    cluster: fc.option(clusterArbitrary(CLUSTER, PLAIN), { nil: undefined, freq: 3 }),
  })
  .filter(({ taskDefinition, service, cluster }) => [taskDefinition, service, cluster].some(Boolean));

interface Twin {
  readonly file: string;
  readonly differences: readonly KnownDifference[];
}

interface Generated {
  readonly file: string;
  readonly text: string;
  /** By logical id. */
  readonly resources: ReadonlyMap<string, ResourceSpec>;
  /** The twin of the resource a control judges, where it holds a known difference of that control. */
  readonly twins: ReadonlyMap<Control, Twin>;
}

describe.skipIf("unavailable" in guard)("agreement with AWS Control Tower's proactive ECS controls", () => {
  let directory: string;
  let generated: Generated[];
  let guardResults: GuardResults;
  /** Our verdicts on the original templates and on the twins. */
  let ours: Map<string, Map<string, Status>>;

  beforeAll(async () => {
    if (!("binary" in guard)) return;
    directory = await mkdtemp(join(tmpdir(), "conformance-control-tower-"));
    const originals = join(directory, "templates");
    const twins = join(directory, "twins");
    await Promise.all([mkdir(originals), mkdir(twins)]);
    const samples = fc.sample(generatedTemplate, { seed: SEED, numRuns: TEMPLATES });
    generated = await Promise.all(
      samples.map(async ({ style, taskDefinition, service, cluster }, index) => {
        const resources = [taskDefinition, service, cluster].filter((resource) => resource !== undefined);
        const { text, extension } = renderTemplate({ ...style, resources });
        const name = `template-${String(index).padStart(3, "0")}`;
        const file = join(originals, `${name}${extension}`);
        await writeFile(file, text);
        const byId = new Map(resources.map((resource) => [resource.logicalId, resource]));
        const templateTwins = new Map<Control, Twin>();
        for (const pair of PAIRS) {
          const spec = byId.get(pair.logicalId);
          if (spec === undefined) continue;
          const { differences, twin } = twinFor(pair.control, spec);
          if (differences.length === 0) continue;
          const twinSpec: TemplateSpec = { ...style, resources: [twin] };
          const twinFile = join(twins, `${name}.${pair.control}${extension}`);
          await writeFile(twinFile, renderTemplate(twinSpec).text);
          templateTwins.set(pair.control, { file: twinFile, differences });
        }
        return { file, text, resources: byId, twins: templateTwins };
      }),
    );
    const [guardRun, scan] = await Promise.all([
      runCfnGuard(guard.binary, originals, RULE_NUMBERS.map(controlTowerEcsRule)),
      scanPaths([originals, twins], { policies: POLICIES_UNDER_TEST, config: EMPTY_CONFIG }),
    ]);
    guardResults = guardRun;
    ours = verdictsOf(checked(scan));
  });

  afterAll(async () => {
    if (directory !== undefined) await rm(directory, { recursive: true, force: true });
  });

  it("documents every known difference in the policy's own words", () => {
    for (const documented of [...KNOWN_DIFFERENCES.map((known) => known.documented), ...SKIPS_DOCUMENTED]) {
      expect(policyNamed(documented.policy).deviations, documented.policy).toContain(documented.phrase);
    }
  });

  it("gives cfn-guard's verdict on every generated resource, explained where it is not ours", () => {
    const mismatches: string[] = [];
    const compared = new Map<Control, number>();
    const decisive = new Map<KnownDifference, number>(KNOWN_DIFFERENCES.map((difference) => [difference, 0]));
    const disagreements = new Map<string, number>();

    for (const template of generated) {
      const outcomes = guardResults.get(template.file);
      const report = (message: string) =>
        mismatches.push(`${template.file}: ${message}\n--- template (seed ${SEED}) ---\n${template.text}`);
      if (outcomes === undefined) {
        report("cfn-guard reported nothing");
        continue;
      }
      for (const pair of PAIRS) {
        const outcome = outcomes.get(pair.control);
        const spec = template.resources.get(pair.logicalId);
        if (outcome === undefined) {
          report(`no ${pair.control} verdict`);
          continue;
        }
        if (spec === undefined) {
          if (outcome.status !== "SKIP")
            report(`${pair.control} is ${outcome.status} on a template without the resource`);
          continue;
        }
        if (outcome.status === "FAIL" && [...outcome.failing].join() !== pair.logicalId) {
          report(`${pair.control} failed resources ${[...outcome.failing].join()}`);
        }
        const original = ours.get(`${template.file}#/Resources/${pair.logicalId}`)?.get(pair.policy);
        if (pair.control === "CT.ECS.PR.3" && isKind(spec, "TaskDefinition") && isWindows(spec)) {
          // ECS.20 judges Linux task definitions only; Windows ones are no-windows-admin-user's (ECS.21).
          if (original !== "NOT_APPLICABLE")
            report(`no-root-user is ${original} on a Windows task definition`);
          continue;
        }
        compared.set(pair.control, (compared.get(pair.control) ?? 0) + 1);
        const twin = template.twins.get(pair.control);
        const twinVerdict =
          twin === undefined
            ? original
            : ours.get(`${twin.file}#/Resources/${pair.logicalId}`)?.get(pair.policy);
        if (!correspond(pair, spec, outcome.status, twinVerdict)) {
          const differences = (twin?.differences ?? []).map(({ id }) => id);
          report(
            `${pair.control} is ${outcome.status} but ${pair.policy} is ${twinVerdict}` +
              (differences.length > 0 ? ` on the twin (known differences: ${differences.join(", ")})` : ""),
          );
        }
        if (!correspond(pair, spec, outcome.status, original)) {
          const key = `${pair.control} ${outcome.status} / ${pair.policy} ${original}`;
          disagreements.set(key, (disagreements.get(key) ?? 0) + 1);
        }
        // A difference decides a verdict when it is the only one the resource holds and the twin's verdict differs.
        const [only, other] = twin?.differences ?? [];
        if (only !== undefined && other === undefined && original !== twinVerdict) {
          decisive.set(only, (decisive.get(only) ?? 0) + 1);
        }
      }
    }

    console.info(
      `Control Tower conformance (seed ${SEED}): ${generated.length} templates; resources compared: ` +
        `${[...compared].map(([control, count]) => `${control} ${count}`).join(", ")}; ` +
        `disagreements with cfn-guard on the original templates: ${
          [...disagreements].map(([key, count]) => `${key} ×${count}`).join("; ") || "none"
        }; verdicts each known difference decided alone: ${[...decisive]
          .map(([difference, count]) => `${difference.control} ${difference.id} ×${count}`)
          .join("; ")}`,
    );
    expect(mismatches.slice(0, 5), `${mismatches.length} mismatches`).toEqual([]);
    // Every known difference is exercised, and decides at least one verdict: each is asserted, not assumed.
    for (const [difference, count] of decisive) {
      expect(count, `"${difference.control} ${difference.id}" never decided a verdict`).toBeGreaterThan(0);
    }
    for (const control of CONTROLS) {
      expect(compared.get(control) ?? 0, control).toBeGreaterThan(TEMPLATES / 4);
    }
  });

  it("sees every verdict of each rule in the generated templates", () => {
    const seen = new Map<string, Set<GuardStatus>>();
    for (const template of generated) {
      for (const [control, outcome] of guardResults.get(template.file) ?? []) {
        seen.set(control, new Set([...(seen.get(control) ?? []), outcome.status]));
      }
    }
    for (const control of CONTROLS) {
      expect([...(seen.get(control) ?? [])].sort(), control).toEqual(["FAIL", "PASS", "SKIP"]);
    }
  });
});

function checked(report: ScanReport): ScanReport {
  if (report.errors.length > 0) throw new Error(`scan errors: ${JSON.stringify(report.errors)}`);
  return report;
}
