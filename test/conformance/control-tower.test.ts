/**
 * Our verdicts against AWS Control Tower's proactive ECS controls, run by AWS's own cfn-guard on the same
 * generated CloudFormation templates:
 *
 *   CT.ECS.PR.11 FAIL ⇔ no-privileged-containers (ECS.4) FAILED
 *   CT.ECS.PR.10 FAIL ⇔ no-host-pid-mode (ECS.3) FAILED
 *   CT.ECS.PR.9  FAIL ⇔ no-service-public-ip (ECS.2) FAILED
 *   CT.ECS.PR.3  FAIL ⇔ no-root-user (ECS.20) FAILED, for task definitions without a Windows OS family
 *
 * and PASS ⇔ PASSED, SKIP ⇔ NOT_APPLICABLE (PR.9 skips a service without an awsvpc configuration, which
 * ECS.2 passes). Each template holds at most one task definition and one service, so cfn-guard's verdict
 * on the file is its verdict on that resource.
 *
 * Values the two read differently on purpose are listed in KNOWN_DIFFERENCES. A resource holding one is
 * compared through its "twin": the same resource with each such value replaced by one that both tools
 * read the way cfn-guard reads the original. So cfn-guard's verdict on the original must equal ours on
 * the twin, and ours on the original differs exactly where the difference decides.
 *
 * The known differences: an empty user part ("", ":1000"), which we read as root (documented in no-root-user);
 * whitespace around the user part (" root"), which we trim; `Privileged: "false"`, which cfn-guard cannot
 * compare with false and fails; and a blank PidMode, which PR.10 fails. The last three are not documented in
 * the policies' `deviations`.
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
  type Field,
  type Plain,
  renderTemplate,
  serviceArbitrary,
  type TaskDefinitionSpec,
  type TemplateSpec,
  taskDefinitionArbitrary,
  templateStyleArbitrary,
} from "./resources.ts";
import { POLICIES_UNDER_TEST, type PolicyId, policyNamed, verdictsOf } from "./verdicts.ts";

const SEED = Number(process.env.CONFORMANCE_SEED ?? 20_260_611);
const TEMPLATES = Number(process.env.CONFORMANCE_TEMPLATES ?? 400);

const guard = locateCfnGuard();
warnCfnGuardUnavailable(guard, "the comparison with AWS Control Tower's cfn-guard rules");

const TASK_DEFINITION = "TaskDefinition";
const SERVICE = "Service";

type Control = "CT.ECS.PR.3" | "CT.ECS.PR.9" | "CT.ECS.PR.10" | "CT.ECS.PR.11";

interface Pair {
  readonly control: Control;
  readonly policy: PolicyId;
  readonly logicalId: string;
}

const PAIRS: readonly Pair[] = [
  { control: "CT.ECS.PR.11", policy: "no-privileged-containers", logicalId: TASK_DEFINITION },
  { control: "CT.ECS.PR.10", policy: "no-host-pid-mode", logicalId: TASK_DEFINITION },
  { control: "CT.ECS.PR.3", policy: "no-root-user", logicalId: TASK_DEFINITION },
  { control: "CT.ECS.PR.9", policy: "no-service-public-ip", logicalId: SERVICE },
];

/** Whether a cfn-guard verdict and ours say the same. */
function correspond(control: Control, guardStatus: GuardStatus, ours: Status | undefined): boolean {
  switch (guardStatus) {
    case "FAIL":
      return ours === "FAILED";
    case "PASS":
      return ours === "PASSED";
    case "SKIP":
      // PR.9 skips a service without an awsvpc configuration; ECS.2 passes it (documented in no-service-public-ip).
      return control === "CT.ECS.PR.9" ? ours === "PASSED" : ours === "NOT_APPLICABLE";
  }
}

interface KnownDifference {
  readonly id: string;
  readonly control: Control;
  readonly field: "user" | "privileged" | "pidMode";
  readonly applies: (value: Plain) => boolean;
  /** A value both tools read the way cfn-guard reads the ones this difference applies to. */
  readonly guardReadsAs: Plain;
  /** Where our policy documents the difference, by a phrase of its `deviations`; undefined when it does not. */
  readonly documented?: { readonly policy: PolicyId; readonly phrase: string };
}

const userPart = (value: Plain) => String(value).split(":")[0] ?? "";

const KNOWN_DIFFERENCES: readonly KnownDifference[] = [
  {
    // "", ":" and ":1000": PR.3 only asks that User exists and is not a root spelling; we read an empty
    // user part as the image's default user, which is root unless the image says otherwise.
    id: "empty user part",
    control: "CT.ECS.PR.3",
    field: "user",
    applies: (value) => typeof value === "string" && userPart(value) === "",
    guardReadsAs: "1000",
    documented: { policy: "no-root-user", phrase: "an empty user part" },
  },
  {
    // " root", "root ", " 0:0", "  ": PR.3 compares the value as written (" root" is not "root" and does
    // not match /^root:.*$/); we trim the user part (" root" is root, "  " is unset).
    id: "whitespace around the user part",
    control: "CT.ECS.PR.3",
    field: "user",
    applies: (value) =>
      typeof value === "string" && userPart(value) !== "" && userPart(value) !== userPart(value).trim(),
    guardReadsAs: "1000",
    documented: { policy: "no-root-user", phrase: "read without surrounding spaces" },
  },
  {
    // PR.11 requires `Privileged == false` as a boolean: cfn-guard cannot compare the string "false" with
    // false and fails it. CloudFormation and the ECS API read "false" as false, and so do we.
    id: 'Privileged "false" as a string',
    control: "CT.ECS.PR.11",
    field: "privileged",
    applies: (value) => value === "false",
    guardReadsAs: true,
    documented: { policy: "no-privileged-containers", phrase: "cannot compare a string with false" },
  },
  {
    // PR.10 fails an empty or blank PidMode (its scenario 2); we fail only "host" (ECS rejects "" anyway).
    id: "blank PidMode",
    control: "CT.ECS.PR.10",
    field: "pidMode",
    applies: (value) => typeof value === "string" && value.trim() === "",
    guardReadsAs: "host",
    documented: { policy: "no-host-pid-mode", phrase: "also fails a blank pidMode" },
  },
];

const UNDOCUMENTED = KNOWN_DIFFERENCES.filter(({ documented }) => documented === undefined)
  .map(({ id }) => id)
  .join("; ");

/** The known differences the values of a task definition fall under. */
function differencesIn(spec: TaskDefinitionSpec): Set<KnownDifference> {
  const found = new Set<KnownDifference>();
  const check = (field: KnownDifference["field"], value: Field) => {
    if (value === undefined || typeof value === "object") return;
    for (const difference of KNOWN_DIFFERENCES) {
      if (difference.field === field && difference.applies(value)) found.add(difference);
    }
  };
  check("pidMode", spec.pidMode);
  for (const element of spec.containers ?? []) {
    if (element.kind !== "container") continue;
    check("user", element.container.user);
    check("privileged", element.container.privileged);
  }
  return found;
}

/** The task definition with every value under a known difference replaced by how cfn-guard reads it. */
function twinOf(spec: TaskDefinitionSpec): TaskDefinitionSpec {
  const replace = (field: KnownDifference["field"], value: Field): Field => {
    if (value === undefined || typeof value === "object") return value;
    const difference = KNOWN_DIFFERENCES.find((known) => known.field === field && known.applies(value));
    return difference === undefined ? value : difference.guardReadsAs;
  };
  return {
    ...spec,
    pidMode: replace("pidMode", spec.pidMode),
    containers: spec.containers?.map((element) =>
      element.kind === "container"
        ? {
            kind: "container",
            container: {
              ...element.container,
              user: replace("user", element.container.user),
              privileged: replace("privileged", element.container.privileged),
            },
          }
        : element,
    ),
  };
}

function isWindows(spec: TaskDefinitionSpec): boolean {
  const family = spec.runtimePlatform?.operatingSystemFamily;
  return typeof family === "string" && family.startsWith("WINDOWS_SERVER");
}

/** Plain values only (see the header); one task definition and one service at most. */
const PLAIN = { intrinsics: false } as const;
const generatedTemplate = fc
  .record({
    style: templateStyleArbitrary(),
    taskDefinition: fc.option(taskDefinitionArbitrary(TASK_DEFINITION, PLAIN), { nil: undefined, freq: 10 }),
    service: fc.option(serviceArbitrary(SERVICE, PLAIN), { nil: undefined, freq: 4 }),
  })
  .filter(({ taskDefinition, service }) => taskDefinition !== undefined || service !== undefined);

interface Generated {
  readonly file: string;
  readonly twinFile: string;
  readonly text: string;
  readonly taskDefinition: TaskDefinitionSpec | undefined;
  readonly hasService: boolean;
}

describe.skipIf("unavailable" in guard)("agreement with AWS Control Tower's proactive ECS controls", () => {
  let directory: string;
  let generated: Generated[];
  let guardResults: GuardResults;
  /** Our verdicts on the original templates and on their twins. */
  let ours: Map<string, Map<string, Status>>;

  beforeAll(async () => {
    if (!("binary" in guard)) return;
    directory = await mkdtemp(join(tmpdir(), "conformance-control-tower-"));
    const originals = join(directory, "templates");
    const twins = join(directory, "twins");
    await Promise.all([mkdir(originals), mkdir(twins)]);
    const samples = fc.sample(generatedTemplate, { seed: SEED, numRuns: TEMPLATES });
    generated = await Promise.all(
      samples.map(async ({ style, taskDefinition, service }, index) => {
        const resources = [taskDefinition, service].filter((resource) => resource !== undefined);
        const spec: TemplateSpec = { ...style, resources };
        const twin: TemplateSpec = {
          ...style,
          resources: resources.map((resource) =>
            resource.kind === "TaskDefinition" ? twinOf(resource) : resource,
          ),
        };
        const { text, extension } = renderTemplate(spec);
        const name = `template-${String(index).padStart(3, "0")}${extension}`;
        const file = join(originals, name);
        const twinFile = join(twins, name);
        await writeFile(file, text);
        await writeFile(twinFile, renderTemplate(twin).text);
        return { file, twinFile, text, taskDefinition, hasService: service !== undefined };
      }),
    );
    const rules = [3, 9, 10, 11].map(controlTowerEcsRule);
    const [guardRun, scan] = await Promise.all([
      runCfnGuard(guard.binary, originals, rules),
      scanPaths([originals, twins], { policies: POLICIES_UNDER_TEST, config: EMPTY_CONFIG }),
    ]);
    guardResults = guardRun;
    ours = verdictsOf(checked(scan));
  });

  afterAll(async () => {
    if (directory !== undefined) await rm(directory, { recursive: true, force: true });
  });

  it("documents the known differences it should, in the policy's own words", () => {
    for (const { documented } of KNOWN_DIFFERENCES) {
      if (documented !== undefined)
        expect(policyNamed(documented.policy).deviations).toContain(documented.phrase);
    }
    expect(policyNamed("no-service-public-ip").deviations).toContain(
      "without an awsvpc configuration passes",
    );
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
        const present =
          pair.logicalId === TASK_DEFINITION ? template.taskDefinition !== undefined : template.hasService;
        if (outcome === undefined) {
          report(`no ${pair.control} verdict`);
          continue;
        }
        if (!present) {
          if (outcome.status !== "SKIP")
            report(`${pair.control} is ${outcome.status} on a template without the resource`);
          continue;
        }
        if (outcome.status === "FAIL" && [...outcome.failing].join() !== pair.logicalId) {
          report(`${pair.control} failed resources ${[...outcome.failing].join()}`);
        }
        const resourceId = `${template.file}#/Resources/${pair.logicalId}`;
        const original = ours.get(resourceId)?.get(pair.policy);
        const twin = ours.get(`${template.twinFile}#/Resources/${pair.logicalId}`)?.get(pair.policy);
        const spec = template.taskDefinition;
        if (pair.control === "CT.ECS.PR.3" && spec !== undefined && isWindows(spec)) {
          // ECS.20 judges Linux task definitions only; Windows ones are no-windows-admin-user's (ECS.21).
          if (original !== "NOT_APPLICABLE")
            report(`no-root-user is ${original} on a Windows task definition`);
          continue;
        }
        compared.set(pair.control, (compared.get(pair.control) ?? 0) + 1);
        if (!correspond(pair.control, outcome.status, twin)) {
          const differences = [...(spec === undefined ? [] : differencesIn(spec))]
            .filter((difference) => difference.control === pair.control)
            .map(({ id }) => id);
          report(
            `${pair.control} is ${outcome.status} but ${pair.policy} is ${twin}` +
              (differences.length > 0 ? ` on the twin (known differences: ${differences.join(", ")})` : ""),
          );
        }
        if (!correspond(pair.control, outcome.status, original)) {
          const key = `${pair.control} ${outcome.status} / ${pair.policy} ${original}`;
          disagreements.set(key, (disagreements.get(key) ?? 0) + 1);
        }
        if (original !== twin && spec !== undefined) {
          for (const difference of differencesIn(spec)) {
            if (difference.control === pair.control)
              decisive.set(difference, (decisive.get(difference) ?? 0) + 1);
          }
        }
      }
    }

    console.info(
      `Control Tower conformance (seed ${SEED}): ${generated.length} templates; resources compared: ` +
        `${[...compared].map(([control, count]) => `${control} ${count}`).join(", ")}; ` +
        `disagreements with cfn-guard on the original templates: ${
          [...disagreements].map(([key, count]) => `${key} ×${count}`).join("; ") || "none"
        }; verdicts each known difference decided: ${[...decisive]
          .map(([difference, count]) => `${difference.id} ×${count}`)
          .join("; ")}; not in the policies' deviations: ${UNDOCUMENTED}`,
    );
    expect(mismatches.slice(0, 5), `${mismatches.length} mismatches`).toEqual([]);
    // Every known difference is exercised, and decides at least one verdict: each is asserted, not assumed.
    for (const [difference, count] of decisive) {
      expect(count, `"${difference.id}" never decided a verdict`).toBeGreaterThan(0);
    }
    for (const control of ["CT.ECS.PR.3", "CT.ECS.PR.9", "CT.ECS.PR.10", "CT.ECS.PR.11"] as const) {
      expect(compared.get(control) ?? 0, control).toBeGreaterThan(TEMPLATES / 2);
    }
  });

  it("sees every verdict of each rule in the generated templates", () => {
    const seen = new Map<string, Set<GuardStatus>>();
    for (const template of generated) {
      for (const [control, outcome] of guardResults.get(template.file) ?? []) {
        seen.set(control, new Set([...(seen.get(control) ?? []), outcome.status]));
      }
    }
    for (const control of ["CT.ECS.PR.3", "CT.ECS.PR.9", "CT.ECS.PR.10", "CT.ECS.PR.11"]) {
      expect([...(seen.get(control) ?? [])].sort(), control).toEqual(["FAIL", "PASS", "SKIP"]);
    }
  });
});

function checked(report: ScanReport): ScanReport {
  if (report.errors.length > 0) throw new Error(`scan errors: ${JSON.stringify(report.errors)}`);
  return report;
}
