/**
 * The scanner's verdicts for ECS.2, 3, 4, 16, 17, 20 and 21 against a reference oracle written here from
 * the controls' semantics (shared/catalog/peers.md §1.2 and the policies' documented deviations), on
 * generated CloudFormation templates (YAML and JSON, with intrinsic functions) and API-shaped JSON files,
 * each scanned through `scanPaths` as the CLI does.
 */
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { scanPaths } from "../../cli/scan/scan.ts";
import { EMPTY_CONFIG } from "../../shared/engine/config.ts";
import type { Status } from "../../shared/engine/evaluate.ts";
import {
  type ApiShape,
  type ContainerSpec,
  type Field,
  type NetworkSpec,
  type Plain,
  type ResourceSpec,
  renderApi,
  renderTemplate,
  serviceArbitrary,
  type TaskDefinitionSpec,
  type TemplateSpec,
  taskDefinitionArbitrary,
  taskSetArbitrary,
  templateStyleArbitrary,
} from "./resources.ts";
import { CONTROLS, POLICIES_UNDER_TEST, type PolicyId, verdictsOf } from "./verdicts.ts";

const SEED = Number(process.env.CONFORMANCE_SEED ?? 20_260_611);
const RUNS = Number(process.env.CONFORMANCE_RUNS ?? 400);

// ---------------------------------------------------------------------------------------------------
// The reference oracle. Deliberately naive: it reads the generated model, not the rendered file, and
// shares no code with the product.

/** What a property deploys as, when the template decides it offline. */
type Reading = { readonly known: true; readonly value: Plain | undefined } | { readonly known: false };

function read(field: Field): Reading {
  if (typeof field !== "object") return { known: true, value: field };
  switch (field.fn) {
    case "NoValue":
      // `Ref: AWS::NoValue` removes the property.
      return { known: true, value: undefined };
    case "Ref":
      // A deployment without overrides uses the Default; an SSM parameter's Default names the value, it is not it.
      return field.parameter.type === "String" && field.parameter.default !== undefined
        ? { known: true, value: field.parameter.default }
        : { known: false };
    case "If":
    case "RefPseudo":
      // Conditions and pseudo parameters depend on the deployment.
      return { known: false };
  }
}

type Outcome = "ok" | "violation" | "unknown";

function combine(outcomes: readonly Outcome[]): Status {
  if (outcomes.includes("violation")) return "FAILED";
  if (outcomes.includes("unknown")) return "UNKNOWN";
  return "PASSED";
}

/** ECS.3 and ECS.17: FAIL iff the mode is "host". */
function hostMode(field: Field): Status {
  const reading = read(field);
  if (!reading.known) return "UNKNOWN";
  return reading.value === "host" ? "FAILED" : "PASSED";
}

/** The containers a task definition deploys: `undefined` when none (a per-container control does not apply). */
function containersOf(spec: TaskDefinitionSpec): readonly (ContainerSpec | "unknown")[] | undefined {
  const deployed = (spec.containers ?? []).flatMap((element): (ContainerSpec | "unknown")[] => {
    if (element.kind === "noValue") return [];
    return element.kind === "if" ? ["unknown"] : [element.container];
  });
  return deployed.length === 0 ? undefined : deployed;
}

function perContainer(spec: TaskDefinitionSpec, check: (container: ContainerSpec) => Outcome): Status {
  const containers = containersOf(spec);
  if (containers === undefined) return "NOT_APPLICABLE";
  return combine(containers.map((container) => (container === "unknown" ? "unknown" : check(container))));
}

/** ECS.4: FAIL iff a container is privileged (CloudFormation and the API accept "true" for true). */
function privileged(spec: TaskDefinitionSpec): Status {
  return perContainer(spec, ({ privileged: field }) => {
    const reading = read(field);
    if (!reading.known) return "unknown";
    return reading.value === true || reading.value === "true" ? "violation" : "ok";
  });
}

/** LINUX or no OS family is Linux (ECS runs Linux containers then); WINDOWS_SERVER_* is Windows. */
function operatingSystem(spec: TaskDefinitionSpec): "linux" | "windows" | "unknown" {
  if (spec.runtimePlatform === undefined) return "linux";
  const reading = read(spec.runtimePlatform.operatingSystemFamily);
  if (!reading.known) return "unknown";
  return String(reading.value ?? "").startsWith("WINDOWS_SERVER") ? "windows" : "linux";
}

/**
 * The `user` a container sets, trimmed, or undefined when unset or empty. Trimming is the product's reading
 * (test/policies/no-root-user.test.ts decides " root " is root); the controls' descriptions do not say.
 */
function userOf(container: ContainerSpec): { readonly known: boolean; readonly user: string | undefined } {
  const reading = read(container.user);
  if (!reading.known) return { known: false, user: undefined };
  const user = reading.value === undefined ? "" : String(reading.value).trim();
  return { known: true, user: user === "" ? undefined : user };
}

/** ECS.20: Linux only; FAIL if a user is unset or empty, or its user part (before ":") is root, 0 or empty. */
function linuxRoot(spec: TaskDefinitionSpec): Status {
  const system = operatingSystem(spec);
  if (system === "unknown") return "UNKNOWN";
  if (system === "windows") return "NOT_APPLICABLE";
  return perContainer(spec, (container) => {
    const { known, user } = userOf(container);
    if (!known) return "unknown";
    if (user === undefined) return "violation";
    const part = (user.split(":")[0] ?? "").trim();
    return part === "" || part === "root" || part === "0" ? "violation" : "ok";
  });
}

/** ECS.21: WINDOWS_SERVER_* only; FAIL if a user is unset or ContainerAdministrator (any case). */
function windowsAdministrator(spec: TaskDefinitionSpec): Status {
  const system = operatingSystem(spec);
  if (system === "unknown") return "UNKNOWN";
  if (system === "linux") return "NOT_APPLICABLE";
  return perContainer(spec, (container) => {
    const { known, user } = userOf(container);
    if (!known) return "unknown";
    return user === undefined || user.toLowerCase() === "containeradministrator" ? "violation" : "ok";
  });
}

/** ECS.2 and ECS.16: FAIL iff the awsvpc configuration sets assignPublicIp to anything but DISABLED. */
function publicIp(network: NetworkSpec): Status {
  if (network === undefined || network.awsvpc === "absent") return "PASSED";
  if (network.awsvpc === "if") return "UNKNOWN";
  const reading = read(network.awsvpc.assignPublicIp);
  if (!reading.known) return "UNKNOWN";
  return reading.value === undefined || reading.value === "DISABLED" ? "PASSED" : "FAILED";
}

function expectedVerdicts(spec: ResourceSpec): Partial<Record<PolicyId, Status>> {
  switch (spec.kind) {
    case "TaskDefinition":
      return {
        "no-host-pid-mode": hostMode(spec.pidMode),
        "no-host-network-mode": hostMode(spec.networkMode),
        "no-privileged-containers": privileged(spec),
        "no-root-user": linuxRoot(spec),
        "no-windows-admin-user": windowsAdministrator(spec),
      };
    case "Service":
      return { "no-service-public-ip": publicIp(spec.network) };
    case "TaskSet":
      return { "no-task-set-public-ip": publicIp(spec.network) };
  }
}

// ---------------------------------------------------------------------------------------------------
// Generated inputs

const WITH_INTRINSICS = { intrinsics: true } as const;
const PLAIN = { intrinsics: false } as const;

/** Up to two task definitions, a service and a task set per template. */
const generatedTemplate: fc.Arbitrary<TemplateSpec> = fc
  .record({
    style: templateStyleArbitrary(),
    first: fc.option(taskDefinitionArbitrary("TaskDefinition", WITH_INTRINSICS), { nil: undefined, freq: 6 }),
    second: fc.option(taskDefinitionArbitrary("WindowsOrNot", WITH_INTRINSICS), { nil: undefined, freq: 2 }),
    service: fc.option(serviceArbitrary("Service", WITH_INTRINSICS), { nil: undefined, freq: 3 }),
    taskSet: fc.option(taskSetArbitrary("TaskSet", WITH_INTRINSICS), { nil: undefined, freq: 3 }),
  })
  .map(({ style, first, second, service, taskSet }) => ({
    ...style,
    resources: [first, second, service, taskSet].filter((resource) => resource !== undefined),
  }))
  .filter((template) => template.resources.length > 0);

const generatedApiFile: fc.Arbitrary<{ readonly spec: ResourceSpec; readonly shape: ApiShape }> = fc.oneof(
  fc.record({
    spec: taskDefinitionArbitrary("", { ...PLAIN, api: true }),
    shape: fc.constantFrom(
      "RegisterTaskDefinition" as const,
      "DescribeTaskDefinition" as const,
      "DescribeTaskDefinitionWithoutArn" as const,
    ),
  }),
  fc.record({ spec: serviceArbitrary("", PLAIN), shape: fc.constant("CreateService" as const) }),
  fc.record({ spec: taskSetArbitrary("", PLAIN), shape: fc.constant("CreateTaskSet" as const) }),
);

// ---------------------------------------------------------------------------------------------------

describe("the scanner's verdicts equal the controls' semantics", () => {
  let directory: string;
  let written = 0;

  beforeAll(async () => {
    directory = await mkdtemp(join(tmpdir(), "conformance-semantics-"));
  });

  afterAll(async () => {
    if (directory !== undefined) await rm(directory, { recursive: true, force: true });
  });

  /** Scans one file and compares each resource's verdicts with the oracle's; records what it saw. */
  async function check(
    text: string,
    extension: string,
    resources: readonly { readonly id: (file: string) => string; readonly spec: ResourceSpec }[],
    tally: Tally,
  ): Promise<void> {
    written += 1;
    const file = join(directory, `input-${written}${extension}`);
    await writeFile(file, text);
    const report = await scanPaths([file], { policies: POLICIES_UNDER_TEST, config: EMPTY_CONFIG });
    if (report.errors.length > 0) throw new Error(`scan errors ${JSON.stringify(report.errors)}\n${text}`);
    const verdicts = verdictsOf(report);
    const differences: string[] = [];
    for (const { id, spec } of resources) {
      const actual = verdicts.get(id(file));
      const expected = expectedVerdicts(spec);
      tally.resources += 1;
      for (const [policy, status] of Object.entries(expected) as [PolicyId, Status][]) {
        tally.seen.set(policy, new Set([...(tally.seen.get(policy) ?? []), status]));
        tally.verdicts += 1;
        const got = actual?.get(policy);
        if (got !== status)
          differences.push(`${spec.kind} ${spec.logicalId}: ${policy} is ${got}, expected ${status}`);
      }
      if (actual !== undefined && actual.size !== Object.keys(expected).length) {
        differences.push(`${spec.kind} ${spec.logicalId}: verdicts from ${[...actual.keys()].join(", ")}`);
      }
    }
    if (verdicts.size !== resources.length) differences.push(`${verdicts.size} resources scanned`);
    if (differences.length > 0) throw new Error(`${differences.join("\n")}\n--- ${file} ---\n${text}`);
  }

  it("judges the seven policies that reproduce ECS.2, 3, 4, 16, 17, 20 and 21", () => {
    expect(Object.fromEntries(POLICIES_UNDER_TEST.map((policy) => [policy.id, policy.controls]))).toEqual(
      Object.fromEntries(Object.entries(CONTROLS).map(([id, control]) => [id, [control]])),
    );
  });

  it("on CloudFormation templates, YAML and JSON, with intrinsic functions", async () => {
    const tally = new Tally();
    await fc.assert(
      fc.asyncProperty(generatedTemplate, async (template) => {
        const { text, extension } = renderTemplate(template);
        const resources = template.resources.map((spec) => ({
          id: (file: string) => `${file}#/Resources/${spec.logicalId}`,
          spec,
        }));
        await check(text, extension, resources, tally);
      }),
      { seed: SEED, numRuns: RUNS },
    );
    console.info(`Semantics, CloudFormation (seed ${SEED}): ${tally.summary(RUNS, "templates")}`);
    const all = ["FAILED", "NOT_APPLICABLE", "PASSED", "UNKNOWN"];
    expect(tally.statusesSeen()).toEqual({
      "no-service-public-ip": ["FAILED", "PASSED", "UNKNOWN"],
      "no-host-pid-mode": ["FAILED", "PASSED", "UNKNOWN"],
      "no-privileged-containers": all,
      "no-task-set-public-ip": ["FAILED", "PASSED", "UNKNOWN"],
      "no-host-network-mode": ["FAILED", "PASSED", "UNKNOWN"],
      "no-root-user": all,
      "no-windows-admin-user": all,
    });
  });

  it("on API-shaped JSON files: RegisterTaskDefinition, DescribeTaskDefinition, CreateService, CreateTaskSet", async () => {
    const tally = new Tally();
    await fc.assert(
      fc.asyncProperty(generatedApiFile, async ({ spec, shape }) => {
        const { value, pointer, arn } = renderApi(spec, shape);
        const resources = [{ id: (file: string) => arn ?? `${file}#${pointer}`, spec }];
        await check(`${JSON.stringify(value, null, 2)}\n`, ".json", resources, tally);
      }),
      { seed: SEED, numRuns: RUNS },
    );
    console.info(`Semantics, API-shaped files (seed ${SEED}): ${tally.summary(RUNS, "files")}`);
    const decided = ["FAILED", "NOT_APPLICABLE", "PASSED"];
    expect(tally.statusesSeen()).toEqual({
      "no-service-public-ip": ["FAILED", "PASSED"],
      "no-host-pid-mode": ["FAILED", "PASSED"],
      "no-privileged-containers": decided,
      "no-task-set-public-ip": ["FAILED", "PASSED"],
      "no-host-network-mode": ["FAILED", "PASSED"],
      "no-root-user": decided,
      "no-windows-admin-user": decided,
    });
  });
});

/** What a property saw: how many resources and verdicts it compared, and which statuses each policy gave. */
class Tally {
  resources = 0;
  verdicts = 0;
  readonly seen = new Map<PolicyId, Set<Status>>();

  statusesSeen(): Record<string, Status[]> {
    return Object.fromEntries([...this.seen].map(([policy, statuses]) => [policy, [...statuses].sort()]));
  }

  summary(runs: number, what: string): string {
    return `${runs} ${what}, ${this.resources} resources, ${this.verdicts} verdicts compared with the oracle`;
  }
}
