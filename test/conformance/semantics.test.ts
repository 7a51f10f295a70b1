/**
 * The scanner's verdicts for every Security Hub ECS control (ECS.1, 2, 3, 4, 5, 8, 9, 10, 12, 13, 14, 15, 16,
 * 17, 18, 19, 20 and 21) against a reference oracle written here from the controls' semantics
 * (shared/catalog/peers.md §1.2, the issue and the policies' documented deviations), on generated
 * CloudFormation templates (YAML and JSON, with intrinsic functions) and API-shaped JSON files, each scanned
 * through `scanPaths` as the CLI does, with a config that sets the tagging controls' `requiredTagKeys`.
 */
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { scanPaths } from "../../cli/scan/scan.ts";
import { type GuardrailsConfig, parseConfig } from "../../shared/engine/config.ts";
import type { Status } from "../../shared/engine/evaluate.ts";
import { policies } from "../../shared/policies/index.ts";
import {
  type ApiShape,
  type CapacityProviderSpec,
  type ClusterSpec,
  type ContainerSpec,
  CREDENTIAL_VARIABLE_NAMES,
  capacityProviderArbitrary,
  clusterArbitrary,
  type Element,
  type Field,
  type NetworkSpec,
  type Plain,
  type ResourceSpec,
  renderApi,
  renderTemplate,
  type ServiceSpec,
  serviceArbitrary,
  type TagsSpec,
  type TaskDefinitionSpec,
  type TemplateSpec,
  taskDefinitionArbitrary,
  taskSetArbitrary,
  templateStyleArbitrary,
} from "./resources.ts";
import { CONTROLS, SECURITY_HUB_POLICIES, type SecurityHubPolicyId, verdictsOf } from "./verdicts.ts";

const SEED = Number(process.env.CONFORMANCE_SEED ?? 20_260_611);
const RUNS = Number(process.env.CONFORMANCE_RUNS ?? 800);

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

/** The elements a list deploys: `Ref: AWS::NoValue` removes one, one behind `Fn::If` may or may not be there. */
function deployed<T>(elements: readonly Element<T>[] | undefined): (T | "unknown")[] {
  return (elements ?? []).flatMap((element): (T | "unknown")[] => {
    if (element.kind === "noValue") return [];
    return element.kind === "if" ? ["unknown"] : [element.value];
  });
}

type Outcome = "ok" | "violation" | "unknown";

/** A violation decides; otherwise an undecidable part leaves the whole undecided. */
function worst(outcomes: readonly Outcome[]): Outcome {
  if (outcomes.includes("violation")) return "violation";
  return outcomes.includes("unknown") ? "unknown" : "ok";
}

const STATUS_OF: Readonly<Record<Outcome, Status>> = {
  violation: "FAILED",
  unknown: "UNKNOWN",
  ok: "PASSED",
};

function combine(outcomes: readonly Outcome[]): Status {
  return STATUS_OF[worst(outcomes)];
}

/** ECS.3 and ECS.17: FAIL iff the mode is "host". */
function hostMode(field: Field): Status {
  const reading = read(field);
  if (!reading.known) return "UNKNOWN";
  return reading.value === "host" ? "FAILED" : "PASSED";
}

/** The containers a task definition deploys: `undefined` when none (a per-container control does not apply). */
function containersOf(spec: TaskDefinitionSpec): readonly (ContainerSpec | "unknown")[] | undefined {
  const containers = deployed(spec.containers);
  return containers.length === 0 ? undefined : containers;
}

function perContainer(spec: TaskDefinitionSpec, check: (container: ContainerSpec) => Outcome): Status {
  const containers = containersOf(spec);
  if (containers === undefined) return "NOT_APPLICABLE";
  return combine(containers.map((container) => (container === "unknown" ? "unknown" : check(container))));
}

/** CloudFormation and the ECS API accept "true" and "false" for booleans. */
function isTrue(reading: Reading): boolean {
  return reading.known && (reading.value === true || reading.value === "true");
}

/** ECS.4: FAIL iff a container is privileged. */
function privileged(spec: TaskDefinitionSpec): Status {
  return perContainer(spec, ({ privileged: field }) => {
    const reading = read(field);
    if (!reading.known) return "unknown";
    return isTrue(reading) ? "violation" : "ok";
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

/** A Linux user is root when unset, or when its user part (before ":") is root, 0 or empty. */
function isLinuxRoot(user: string | undefined): boolean {
  if (user === undefined) return true;
  const part = (user.split(":")[0] ?? "").trim();
  return part === "" || part === "root" || part === "0";
}

/** ECS.20: Linux only; FAIL if a user is unset or empty, or its user part (before ":") is root, 0 or empty. */
function linuxRoot(spec: TaskDefinitionSpec): Status {
  const system = operatingSystem(spec);
  if (system === "unknown") return "UNKNOWN";
  if (system === "windows") return "NOT_APPLICABLE";
  return perContainer(spec, (container) => {
    const { known, user } = userOf(container);
    if (!known) return "unknown";
    return isLinuxRoot(user) ? "violation" : "ok";
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

/**
 * ECS.1 (retired): only host network mode is judged; a container fails when it is not explicitly
 * privileged and its user is unset or root. Either condition passes a container, so one known to hold
 * decides even when the other is undecidable.
 */
function hostNetworkRoot(spec: TaskDefinitionSpec): Status {
  const mode = read(spec.networkMode);
  if (!mode.known) return "UNKNOWN";
  if (mode.value !== "host") return "PASSED";
  return perContainer(spec, (container) => {
    const privilege = read(container.privileged);
    const { known, user } = userOf(container);
    if (isTrue(privilege) || (known && !isLinuxRoot(user))) return "ok";
    return privilege.known && known ? "violation" : "unknown";
  });
}

/** ECS.5: Windows task definitions are not applicable; FAIL if a container's readonlyRootFilesystem is not true. */
function readOnlyRootFilesystem(spec: TaskDefinitionSpec): Status {
  const system = operatingSystem(spec);
  if (system === "unknown") return "UNKNOWN";
  if (system === "windows") return "NOT_APPLICABLE";
  return perContainer(spec, (container) => {
    const reading = read(container.readonlyRootFilesystem);
    if (!reading.known) return "unknown";
    return isTrue(reading) ? "ok" : "violation";
  });
}

const CREDENTIAL_NAMES: ReadonlySet<Plain | undefined> = new Set(CREDENTIAL_VARIABLE_NAMES);

/** ECS.8: FAIL if an environment variable is named exactly AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY or ECS_ENGINE_AUTH_DATA. */
function credentialsInEnvironment(spec: TaskDefinitionSpec): Status {
  return perContainer(spec, (container) =>
    worst(
      deployed(container.environment).map((variable) => {
        if (variable === "unknown") return "unknown";
        const name = read(variable.name);
        if (!name.known) return "unknown";
        return CREDENTIAL_NAMES.has(name.value) ? "violation" : "ok";
      }),
    ),
  );
}

/**
 * ECS.9: FAIL if a container has no logConfiguration or no logDriver. Any driver passes, none included; an
 * empty or blank driver names no driver (the ECS API rejects it, and CT.ECS.PR.5 fails it).
 */
function loggingConfigured(spec: TaskDefinitionSpec): Status {
  return perContainer(spec, ({ logConfiguration }) => {
    if (logConfiguration === undefined) return "violation";
    const driver = read(logConfiguration.logDriver);
    if (!driver.known) return "unknown";
    return driver.value === undefined || String(driver.value).trim() === "" ? "violation" : "ok";
  });
}

/**
 * ECS.10: services on Fargate (launch type FARGATE; without a launch type, a strategy naming FARGATE or
 * FARGATE_SPOT, as the issue asks) pass with no platform version, LATEST, or the latest version of their
 * OS family: 1.4.0 on Linux, 1.0.0 on Windows. Fargate has no Windows 1.4.0, so 1.4.0 passes when the
 * family is not said; 1.0.0 then cannot be decided. Other services are not applicable.
 */
function fargatePlatformVersion(spec: ServiceSpec): Status {
  const onFargate = runsOnFargate(spec);
  if (onFargate === "unknown") return "UNKNOWN";
  if (!onFargate) return "NOT_APPLICABLE";
  const version = read(spec.platformVersion);
  if (!version.known) return "UNKNOWN";
  if (version.value === undefined || version.value === "LATEST") return "PASSED";
  const family = spec.platformFamily;
  const windows = family?.startsWith("WINDOWS_SERVER") ?? false;
  if (version.value === "1.4.0") return family === undefined || !windows ? "PASSED" : "FAILED";
  if (version.value === "1.0.0") {
    if (family === undefined) return "UNKNOWN";
    return windows ? "PASSED" : "FAILED";
  }
  return "FAILED";
}

function runsOnFargate(spec: ServiceSpec): boolean | "unknown" {
  const launchType = read(spec.launchType);
  if (!launchType.known) return "unknown";
  if (launchType.value !== undefined) return launchType.value === "FARGATE";
  const providers = (spec.strategy ?? []).map(read);
  const fargate = (reading: Reading) =>
    reading.known && (reading.value === "FARGATE" || reading.value === "FARGATE_SPOT");
  if (providers.some(fargate)) return true;
  return providers.some((reading) => !reading.known) ? "unknown" : false;
}

/** ECS.12: PASS if a containerInsights setting is enabled, or enhanced (the issue counts it as on). */
function containerInsights(spec: ClusterSpec): Status {
  let undecided = false;
  for (const setting of deployed(spec.settings)) {
    if (setting === "unknown") {
      undecided = true;
      continue;
    }
    if (setting.name !== "containerInsights") continue;
    const value = read(setting.value);
    if (!value.known) undecided = true;
    else if (value.value === "enabled" || value.value === "enhanced") return "PASSED";
  }
  return undecided ? "UNKNOWN" : "FAILED";
}

/** What a resource's tags say about the required keys: which are missing, and how many keys are undecidable. */
function tagKeys(tags: TagsSpec, requiredTagKeys: readonly string[]) {
  const keys = new Set<string>();
  let undecided = 0;
  for (const tag of deployed(tags)) {
    const key = tag === "unknown" ? ({ known: false } as const) : read(tag.key);
    if (!key.known) undecided += 1;
    else if (key.value !== undefined) keys.add(String(key.value));
  }
  const missing = requiredTagKeys.filter((key) => !keys.has(key));
  return { keys, missing, undecided };
}

/**
 * ECS.13, 14 and 15: without required keys, PASS if a tag's key does not start with `aws:`; with them, PASS
 * if every required key is a tag's key (case-sensitive). A tag whose key cannot be read offline could be
 * any one key: the verdict is unknown only when such tags could make the difference.
 */
function tagged(tags: TagsSpec, requiredTagKeys: readonly string[]): Status {
  const { keys, missing, undecided } = tagKeys(tags, requiredTagKeys);
  if (requiredTagKeys.length === 0) {
    if ([...keys].some((key) => !key.startsWith("aws:"))) return "PASSED";
    return undecided > 0 ? "UNKNOWN" : "FAILED";
  }
  if (missing.length === 0) return "PASSED";
  return missing.length <= undecided ? "UNKNOWN" : "FAILED";
}

/** ECS.18: FAIL if an EFS volume's transitEncryption is not ENABLED; without EFS volumes, not applicable. */
function efsTransitEncryption(spec: TaskDefinitionSpec): Status {
  const outcomes = deployed(spec.volumes).flatMap((volume): Outcome[] => {
    if (volume === "unknown" || volume.efs === "if") return ["unknown"];
    if (volume.efs === "none") return [];
    const encryption = read(volume.efs.transitEncryption);
    if (!encryption.known) return ["unknown"];
    return [encryption.value === "ENABLED" ? "ok" : "violation"];
  });
  return outcomes.length === 0 ? "NOT_APPLICABLE" : combine(outcomes);
}

/** ECS.19: Auto Scaling group providers FAIL unless managedTerminationProtection is ENABLED; others are not applicable. */
function terminationProtection(spec: CapacityProviderSpec): Status {
  switch (spec.provider.kind) {
    case "managedInstances":
    case "fargate":
      return "NOT_APPLICABLE";
    case "if":
      return "UNKNOWN";
    case "autoScalingGroup": {
      const protection = read(spec.provider.managedTerminationProtection);
      if (!protection.known) return "UNKNOWN";
      return protection.value === "ENABLED" ? "PASSED" : "FAILED";
    }
  }
}

/** ECS.2 and ECS.16: FAIL iff the awsvpc configuration sets assignPublicIp to anything but DISABLED. */
function publicIp(network: NetworkSpec): Status {
  if (network === undefined || network.awsvpc === "absent") return "PASSED";
  if (network.awsvpc === "if") return "UNKNOWN";
  const reading = read(network.awsvpc.assignPublicIp);
  if (!reading.known) return "UNKNOWN";
  return reading.value === undefined || reading.value === "DISABLED" ? "PASSED" : "FAILED";
}

/** The tagging controls' `requiredTagKeys`, as the config file sets them. */
interface RequiredTagKeys {
  readonly "service-tagged": readonly string[];
  readonly "cluster-tagged": readonly string[];
  readonly "task-definition-tagged": readonly string[];
}

function expectedVerdicts(
  spec: ResourceSpec,
  required: RequiredTagKeys,
): Partial<Record<SecurityHubPolicyId, Status>> {
  switch (spec.kind) {
    case "TaskDefinition":
      return {
        "no-host-network-root-user": hostNetworkRoot(spec),
        "no-host-pid-mode": hostMode(spec.pidMode),
        "no-privileged-containers": privileged(spec),
        "read-only-root-filesystem": readOnlyRootFilesystem(spec),
        "no-aws-credentials-in-environment": credentialsInEnvironment(spec),
        "container-logging-configured": loggingConfigured(spec),
        "task-definition-tagged": tagged(spec.tags, required["task-definition-tagged"]),
        "no-host-network-mode": hostMode(spec.networkMode),
        "efs-transit-encryption": efsTransitEncryption(spec),
        "no-root-user": linuxRoot(spec),
        "no-windows-admin-user": windowsAdministrator(spec),
      };
    case "Service":
      return {
        "no-service-public-ip": publicIp(spec.network),
        "fargate-platform-version-latest": fargatePlatformVersion(spec),
        "service-tagged": tagged(spec.tags, required["service-tagged"]),
      };
    case "TaskSet":
      return { "no-task-set-public-ip": publicIp(spec.network) };
    case "Cluster":
      return {
        "cluster-container-insights": containerInsights(spec),
        "cluster-tagged": tagged(spec.tags, required["cluster-tagged"]),
      };
    case "CapacityProvider":
      return { "capacity-provider-termination-protection": terminationProtection(spec) };
  }
}

// ---------------------------------------------------------------------------------------------------
// Generated inputs

const WITH_INTRINSICS = { intrinsics: true } as const;
const PLAIN = { intrinsics: false } as const;

/** Up to two task definitions, a service, a task set, a cluster and a capacity provider per template. */
const generatedTemplate: fc.Arbitrary<TemplateSpec> = fc
  .record({
    style: templateStyleArbitrary(),
    first: fc.option(taskDefinitionArbitrary("TaskDefinition", WITH_INTRINSICS), { nil: undefined, freq: 6 }),
    second: fc.option(taskDefinitionArbitrary("WindowsOrNot", WITH_INTRINSICS), { nil: undefined, freq: 2 }),
    service: fc.option(serviceArbitrary("Service", WITH_INTRINSICS), { nil: undefined, freq: 3 }),
    taskSet: fc.option(taskSetArbitrary("TaskSet", WITH_INTRINSICS), { nil: undefined, freq: 3 }),
    cluster: fc.option(clusterArbitrary("Cluster", WITH_INTRINSICS), { nil: undefined, freq: 3 }),
    capacityProvider: fc.option(capacityProviderArbitrary("CapacityProvider", WITH_INTRINSICS), {
      nil: undefined,
      freq: 3,
    }),
  })
  .map(({ style, first, second, service, taskSet, cluster, capacityProvider }) => ({
    ...style,
    resources: [first, second, service, taskSet, cluster, capacityProvider].filter(
      (resource) => resource !== undefined,
    ),
  }))
  .filter((template) => template.resources.length > 0);

interface ApiFile {
  readonly spec: ResourceSpec;
  readonly shape: ApiShape;
}

const generatedApiFile: fc.Arbitrary<ApiFile> = fc.oneof(
  fc.record({
    spec: taskDefinitionArbitrary("", { ...PLAIN, api: true }),
    shape: fc.constantFrom(
      "RegisterTaskDefinition" as const,
      "DescribeTaskDefinition" as const,
      "DescribeTaskDefinitionWithoutArn" as const,
    ),
  }),
  fc.oneof(
    fc.record({ spec: serviceArbitrary("", PLAIN), shape: fc.constant("CreateService" as const) }),
    fc.record({
      spec: serviceArbitrary("", { ...PLAIN, described: true }),
      shape: fc.constant("DescribeServices" as const),
    }),
  ),
  fc.record({ spec: taskSetArbitrary("", PLAIN), shape: fc.constant("CreateTaskSet" as const) }),
  fc.record({
    spec: clusterArbitrary("", { ...PLAIN, api: true }),
    shape: fc.constantFrom("CreateCluster" as const, "DescribeClusters" as const),
  }),
  fc.oneof(
    fc.record({
      spec: capacityProviderArbitrary("", PLAIN),
      shape: fc.constant("CreateCapacityProvider" as const),
    }),
    fc.record({
      spec: capacityProviderArbitrary("", { ...PLAIN, described: true }),
      shape: fc.constant("DescribeCapacityProviders" as const),
    }),
  ),
);

const TAG_POLICIES = ["service-tagged", "cluster-tagged", "task-definition-tagged"] as const;

/** `requiredTagKeys` per tagging policy: mostly none, else keys that differ from generated ones by case only. */
const requiredTagKeysArbitrary: fc.Arbitrary<RequiredTagKeys> = fc.record(
  Object.fromEntries(
    TAG_POLICIES.map((id) => [
      id,
      fc.constantFrom<readonly string[]>([], [], ["team"], ["team", "env"], ["Team"]),
    ]),
  ) as Record<keyof RequiredTagKeys, fc.Arbitrary<readonly string[]>>,
);

/** The config file a user would write for those keys, validated as the CLI validates it. */
function configFor(required: RequiredTagKeys): GuardrailsConfig {
  const document = {
    policies: Object.fromEntries(
      TAG_POLICIES.map((id) => [id, { parameters: { requiredTagKeys: [...required[id]] } }]),
    ),
  };
  return parseConfig(document, policies, "generated config");
}

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
    input: {
      readonly text: string;
      readonly extension: string;
      readonly resources: readonly { readonly id: (file: string) => string; readonly spec: ResourceSpec }[];
    },
    required: RequiredTagKeys,
    tally: Tally,
  ): Promise<void> {
    const { text, extension, resources } = input;
    written += 1;
    const file = join(directory, `input-${written}${extension}`);
    await writeFile(file, text);
    const report = await scanPaths([file], { policies: SECURITY_HUB_POLICIES, config: configFor(required) });
    if (report.errors.length > 0) throw new Error(`scan errors ${JSON.stringify(report.errors)}\n${text}`);
    const verdicts = verdictsOf(report);
    const differences: string[] = [];
    for (const { id, spec } of resources) {
      const actual = verdicts.get(id(file));
      const expected = expectedVerdicts(spec, required);
      tally.resources += 1;
      for (const [policy, status] of Object.entries(expected) as [SecurityHubPolicyId, Status][]) {
        tally.seen.set(policy, new Set([...(tally.seen.get(policy) ?? []), status]));
        tally.verdicts += 1;
        const got = actual?.get(policy);
        if (got !== status) {
          differences.push(`${spec.kind} ${spec.logicalId}: ${policy} is ${got}, expected ${status}`);
        }
      }
      if (actual !== undefined && actual.size !== Object.keys(expected).length) {
        differences.push(`${spec.kind} ${spec.logicalId}: verdicts from ${[...actual.keys()].join(", ")}`);
      }
    }
    if (verdicts.size !== resources.length) differences.push(`${verdicts.size} resources scanned`);
    if (differences.length > 0) {
      throw new Error(
        `${differences.join("\n")}\n--- ${file} (requiredTagKeys ${JSON.stringify(required)}) ---\n${text}`,
      );
    }
  }

  it("judges the policies that reproduce each Security Hub ECS control", () => {
    expect(Object.fromEntries(SECURITY_HUB_POLICIES.map((policy) => [policy.id, policy.controls]))).toEqual(
      Object.fromEntries(Object.entries(CONTROLS).map(([id, control]) => [id, [control]])),
    );
  });

  it("on CloudFormation templates, YAML and JSON, with intrinsic functions", async () => {
    const tally = new Tally();
    await fc.assert(
      fc.asyncProperty(generatedTemplate, requiredTagKeysArbitrary, async (template, required) => {
        const { text, extension } = renderTemplate(template);
        const resources = template.resources.map((spec) => ({
          id: (file: string) => `${file}#/Resources/${spec.logicalId}`,
          spec,
        }));
        await check({ text, extension, resources }, required, tally);
      }),
      { seed: SEED, numRuns: RUNS },
    );
    console.info(`Semantics, CloudFormation (seed ${SEED}): ${tally.summary(RUNS, "templates")}`);
    const all = ["FAILED", "NOT_APPLICABLE", "PASSED", "UNKNOWN"];
    const applicable = ["FAILED", "PASSED", "UNKNOWN"];
    expect(tally.statusesSeen()).toEqual({
      "no-host-network-root-user": all,
      "no-service-public-ip": applicable,
      "no-host-pid-mode": applicable,
      "no-privileged-containers": all,
      "read-only-root-filesystem": all,
      "no-aws-credentials-in-environment": all,
      "container-logging-configured": all,
      "fargate-platform-version-latest": all,
      "cluster-container-insights": applicable,
      "service-tagged": applicable,
      "cluster-tagged": applicable,
      "task-definition-tagged": applicable,
      "no-task-set-public-ip": applicable,
      "no-host-network-mode": applicable,
      "efs-transit-encryption": all,
      "capacity-provider-termination-protection": all,
      "no-root-user": all,
      "no-windows-admin-user": all,
    });
  });

  it("on API-shaped JSON files: task definitions, services, task sets, clusters and capacity providers", async () => {
    const tally = new Tally();
    await fc.assert(
      fc.asyncProperty(generatedApiFile, requiredTagKeysArbitrary, async (apiFile, required) => {
        const { value, pointer, arn } = renderApi(apiFile.spec, apiFile.shape);
        const resources = [{ id: (file: string) => arn ?? `${file}#${pointer}`, spec: apiFile.spec }];
        const text = `${JSON.stringify(value, null, 2)}\n`;
        await check({ text, extension: ".json", resources }, required, tally);
      }),
      { seed: SEED, numRuns: RUNS },
    );
    console.info(`Semantics, API-shaped files (seed ${SEED}): ${tally.summary(RUNS, "files")}`);
    const decided = ["FAILED", "NOT_APPLICABLE", "PASSED"];
    const passOrFail = ["FAILED", "PASSED"];
    expect(tally.statusesSeen()).toEqual({
      "no-host-network-root-user": decided,
      "no-service-public-ip": passOrFail,
      "no-host-pid-mode": passOrFail,
      "no-privileged-containers": decided,
      "read-only-root-filesystem": decided,
      "no-aws-credentials-in-environment": decided,
      "container-logging-configured": decided,
      // 1.0.0 on Fargate is the latest for Windows only; a CreateService request does not say the family.
      "fargate-platform-version-latest": ["FAILED", "NOT_APPLICABLE", "PASSED", "UNKNOWN"],
      "cluster-container-insights": passOrFail,
      "service-tagged": passOrFail,
      "cluster-tagged": passOrFail,
      "task-definition-tagged": passOrFail,
      "no-task-set-public-ip": passOrFail,
      "no-host-network-mode": passOrFail,
      "efs-transit-encryption": decided,
      "capacity-provider-termination-protection": decided,
      "no-root-user": decided,
      "no-windows-admin-user": decided,
    });
  });
});

/** What a property saw: how many resources and verdicts it compared, and which statuses each policy gave. */
class Tally {
  resources = 0;
  verdicts = 0;
  readonly seen = new Map<SecurityHubPolicyId, Set<Status>>();

  statusesSeen(): Record<string, Status[]> {
    return Object.fromEntries([...this.seen].map(([policy, statuses]) => [policy, [...statuses].sort()]));
  }

  summary(runs: number, what: string): string {
    return `${runs} ${what}, ${this.resources} resources, ${this.verdicts} verdicts compared with the oracle`;
  }
}
