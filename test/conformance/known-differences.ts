/**
 * The values AWS Control Tower's proactive ECS rules (run by cfn-guard) and our policies read differently,
 * each with the phrase of the policy's `deviations` that documents it, or none where the policy does not
 * (a documentation gap, reported). Each difference comes with a "twin": the resource with every such value
 * replaced by one that both tools read the way cfn-guard reads the original, so cfn-guard's verdict on the
 * original must be ours on the twin.
 */
import type {
  ClusterSpec,
  ContainerSpec,
  Field,
  Plain,
  ResourceSpec,
  TaskDefinitionSpec,
} from "./resources.ts";
import { type PolicyId, policyNamed } from "./verdicts.ts";

export const RULE_NUMBERS = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12] as const;

/** "CT.ECS.PR.1" … "CT.ECS.PR.12". */
export type Control = `CT.ECS.PR.${(typeof RULE_NUMBERS)[number]}`;

export const CONTROLS: readonly Control[] = RULE_NUMBERS.map((number): Control => `CT.ECS.PR.${number}`);

type Kind = ResourceSpec["kind"];
export type SpecOf<K extends Kind> = Extract<ResourceSpec, { kind: K }>;

export function isKind<K extends Kind>(spec: ResourceSpec, kind: K): spec is SpecOf<K> {
  return spec.kind === kind;
}

export interface KnownDifference {
  readonly id: string;
  readonly control: Control;
  /** Whether the resource holds a value this difference is about. */
  readonly applies: (spec: ResourceSpec) => boolean;
  /** The resource with each such value replaced by one both tools read the way cfn-guard reads it. */
  readonly twin: (spec: ResourceSpec) => ResourceSpec;
  /** Where our policy documents the difference, by a phrase of its `deviations`. */
  readonly documented: { readonly policy: PolicyId; readonly phrase: string };
}

/** A difference about resources of one kind. */
function differenceIn<K extends Kind>(
  kind: K,
  difference: Omit<KnownDifference, "applies" | "twin"> & {
    readonly applies: (spec: SpecOf<K>) => boolean;
    readonly twin: (spec: SpecOf<K>) => SpecOf<K>;
  },
): KnownDifference {
  return {
    ...difference,
    applies: (spec) => isKind(spec, kind) && difference.applies(spec),
    twin: (spec) => (isKind(spec, kind) ? difference.twin(spec) : spec),
  };
}

type ContainerField = "user" | "privileged" | "readonlyRootFilesystem" | "memory";

/** A difference about a container's value: containers holding one get `guardReadsAs` instead. */
function containerValueDifference(
  difference: Omit<KnownDifference, "applies" | "twin"> & {
    readonly field: ContainerField;
    readonly holds: (value: Plain) => boolean;
    readonly guardReadsAs: Field;
  },
): KnownDifference {
  const { field, holds, guardReadsAs, ...rest } = difference;
  const held = (container: ContainerSpec) => {
    const value = container[field];
    return value !== undefined && typeof value !== "object" && holds(value);
  };
  return differenceIn("TaskDefinition", {
    ...rest,
    applies: (spec) => containersIn(spec).some(held),
    twin: (spec) =>
      withContainers(spec, (container) =>
        held(container) ? { ...container, [field]: guardReadsAs } : container,
      ),
  });
}

function containersIn(spec: TaskDefinitionSpec): ContainerSpec[] {
  return (spec.containers ?? []).flatMap((element) => (element.kind === "plain" ? [element.value] : []));
}

function withContainers(
  spec: TaskDefinitionSpec,
  replace: (container: ContainerSpec) => ContainerSpec,
): TaskDefinitionSpec {
  return {
    ...spec,
    containers: spec.containers?.map((element) =>
      element.kind === "plain" ? { kind: "plain", value: replace(element.value) } : element,
    ),
  };
}

const userPart = (value: Plain) => String(value).split(":")[0] ?? "";
const hasEmptyUserPart = (value: Plain) => typeof value === "string" && userPart(value) === "";
const hasSpacesAroundUserPart = (value: Plain) =>
  typeof value === "string" && userPart(value) !== "" && userPart(value) !== userPart(value).trim();

export function isWindows(spec: TaskDefinitionSpec): boolean {
  const family = spec.runtimePlatform?.operatingSystemFamily;
  return typeof family === "string" && family.startsWith("WINDOWS_SERVER");
}

/** requiresCompatibilities that make the task definition Fargate-only, for our policies. */
const fargateOnly = (compatibilities: readonly string[]) =>
  compatibilities.length > 0 && compatibilities.every((compatibility) => compatibility === "FARGATE");

const FARGATE_CAPACITY_PROVIDERS: readonly Field[] = ["FARGATE", "FARGATE_SPOT"];

export const KNOWN_DIFFERENCES: readonly KnownDifference[] = [
  // CT.ECS.PR.1 ↔ ECS.10
  differenceIn("Service", {
    // PR.1 fails every version but LATEST; Security Hub's ECS.10 also passes the latest version of each family.
    id: "pinned 1.4.0",
    control: "CT.ECS.PR.1",
    applies: (spec) => spec.launchType === "FARGATE" && spec.platformVersion === "1.4.0",
    twin: (spec) => ({ ...spec, platformVersion: "1.3.0" }),
    documented: {
      policy: "fargate-platform-version-latest",
      phrase: "A pinned 1.4.0 (Linux) or 1.0.0 (Windows) passes",
    },
  }),
  differenceIn("Service", {
    // 1.0.0 is the latest for Windows and outdated for Linux; a template's service does not say which it runs.
    id: "pinned 1.0.0 without a platform family",
    control: "CT.ECS.PR.1",
    applies: (spec) => spec.launchType === "FARGATE" && spec.platformVersion === "1.0.0",
    twin: (spec) => ({ ...spec, platformVersion: "1.3.0" }),
    documented: {
      policy: "fargate-platform-version-latest",
      phrase: "A pinned 1.0.0 on a service that does not name its platform family",
    },
  }),
  differenceIn("Service", {
    // PR.1 only judges services with LaunchType FARGATE.
    id: "a Fargate capacity provider strategy without a launch type",
    control: "CT.ECS.PR.1",
    applies: (spec) =>
      spec.launchType === undefined &&
      (spec.strategy ?? []).some((provider) => FARGATE_CAPACITY_PROVIDERS.includes(provider)),
    twin: (spec) => ({ ...spec, strategy: undefined }),
    documented: {
      policy: "fargate-platform-version-latest",
      phrase:
        "services placed by a FARGATE or FARGATE_SPOT capacity provider strategy (without a launchType)",
    },
  }),
  // CT.ECS.PR.2 ↔ ECS.12
  differenceIn("Cluster", {
    // PR.2 accepts only "enabled".
    id: "containerInsights enhanced",
    control: "CT.ECS.PR.2",
    applies: (spec) => settingsIn(spec).some((setting) => setting.value === "enhanced"),
    twin: (spec) => ({
      ...spec,
      settings: spec.settings?.map((element) =>
        element.kind === "plain" && element.value.value === "enhanced"
          ? { kind: "plain", value: { ...element.value, value: "disabled" } }
          : element,
      ),
    }),
    documented: { policy: "cluster-container-insights", phrase: "The value enhanced" },
  }),
  // CT.ECS.PR.3 ↔ ECS.20
  containerValueDifference({
    // "", ":" and ":1000": PR.3 only asks that User exists and is not a root spelling; we read an empty
    // user part as the image's default user, which is root unless the image says otherwise.
    id: "empty user part",
    control: "CT.ECS.PR.3",
    field: "user",
    holds: hasEmptyUserPart,
    guardReadsAs: "1000",
    documented: { policy: "no-root-user", phrase: "an empty user part" },
  }),
  containerValueDifference({
    // " root", "root ", " 0:0", "  ": PR.3 compares the value as written (" root" is not "root" and does
    // not match /^root:.*$/); we trim the user part (" root" is root, "  " is unset).
    id: "whitespace around the user part",
    control: "CT.ECS.PR.3",
    field: "user",
    holds: hasSpacesAroundUserPart,
    guardReadsAs: "1000",
    documented: { policy: "no-root-user", phrase: "read without surrounding spaces" },
  }),
  // CT.ECS.PR.4 ↔ awsvpc-network-mode
  differenceIn("TaskDefinition", {
    // PR.4 fails host mode like bridge; ECS.17 (no-host-network-mode) judges it here.
    id: "host network mode",
    control: "CT.ECS.PR.4",
    applies: (spec) => spec.networkMode === "host",
    twin: (spec) => ({ ...spec, networkMode: "bridge" }),
    documented: { policy: "awsvpc-network-mode", phrase: "host mode is not applicable here" },
  }),
  differenceIn("TaskDefinition", {
    // PR.4 judges any task definition compatible with FARGATE; Fargate always uses awsvpc.
    id: "Fargate-only task definitions (awsvpc)",
    control: "CT.ECS.PR.4",
    applies: ({ requiresCompatibilities: list }) =>
      (list?.includes("FARGATE") ?? false) &&
      (list ?? []).every((item) => item === "FARGATE" || item === "EXTERNAL"),
    twin: (spec) => ({ ...spec, requiresCompatibilities: undefined }),
    documented: {
      policy: "awsvpc-network-mode",
      phrase: "Fargate-only and ECS Anywhere-only task definitions are not applicable",
    },
  }),
  differenceIn("TaskDefinition", {
    // PR.4 skips a requiresCompatibilities without EC2 or FARGATE: empty, or MANAGED_INSTANCES (with EXTERNAL).
    id: "empty requiresCompatibilities or MANAGED_INSTANCES",
    control: "CT.ECS.PR.4",
    applies: ({ requiresCompatibilities: list }) =>
      list !== undefined &&
      !list.some((item) => item === "EC2" || item === "FARGATE") &&
      !(list.length > 0 && list.every((item) => item === "EXTERNAL")),
    twin: (spec) => ({ ...spec, requiresCompatibilities: ["EXTERNAL"] }),
    documented: {
      policy: "awsvpc-network-mode",
      phrase: "an empty requiresCompatibilities and MANAGED_INSTANCES are judged as EC2, which CT skips",
    },
  }),
  // CT.ECS.PR.6 ↔ ECS.5
  differenceIn("TaskDefinition", {
    // PR.6 judges Windows containers too, which do not support a read-only root filesystem.
    id: "Windows task definitions (read-only root)",
    control: "CT.ECS.PR.6",
    applies: isWindows,
    twin: (spec) => ({ ...spec, runtimePlatform: undefined }),
    documented: {
      policy: "read-only-root-filesystem",
      phrase: "Windows task definitions are not applicable",
    },
  }),
  containerValueDifference({
    // PR.6 requires `ReadonlyRootFilesystem == true` as a boolean and fails the string "true", which
    // CloudFormation and the ECS API read as true, as we do.
    id: 'ReadonlyRootFilesystem "true" as a string',
    control: "CT.ECS.PR.6",
    field: "readonlyRootFilesystem",
    holds: (value) => value === "true",
    guardReadsAs: false,
    documented: { policy: "read-only-root-filesystem", phrase: 'A boolean written as a string (`"true"`)' },
  }),
  // CT.ECS.PR.7 ↔ container-memory-limit
  differenceIn("TaskDefinition", {
    // PR.7 wants Memory in every container; on Linux the task's memory caps them all.
    id: "task-level memory on Linux",
    control: "CT.ECS.PR.7",
    applies: (spec) => spec.memory !== undefined && !isWindows(spec),
    twin: (spec) => ({ ...spec, memory: undefined }),
    documented: { policy: "container-memory-limit", phrase: "task-level memory is enough on Linux" },
  }),
  differenceIn("TaskDefinition", {
    // PR.7 judges every launch type; Fargate requires task-level memory.
    id: "Fargate-only task definitions (memory)",
    control: "CT.ECS.PR.7",
    applies: ({ requiresCompatibilities: list }) => list !== undefined && fargateOnly(list),
    twin: (spec) => ({ ...spec, requiresCompatibilities: undefined }),
    documented: {
      policy: "container-memory-limit",
      phrase: "Fargate-only task definitions are not applicable",
    },
  }),
  containerValueDifference({
    // PR.7 fails Memory below 4 MiB; we only ask for a limit (Docker refuses containers below 6 MiB anyway).
    id: "memory limits below 4 MiB",
    control: "CT.ECS.PR.7",
    field: "memory",
    holds: (value) => typeof value === "number" && value > 0 && value < 4,
    guardReadsAs: undefined,
    documented: { policy: "container-memory-limit", phrase: "tiny limits are not checked" },
  }),
  containerValueDifference({
    // PR.7 compares `Memory >= 4` and fails a number written as a string, which CloudFormation converts.
    id: "Memory written as a string",
    control: "CT.ECS.PR.7",
    field: "memory",
    holds: (value) => typeof value === "string",
    guardReadsAs: undefined,
    documented: { policy: "container-memory-limit", phrase: "A number written as a string" },
  }),
  // CT.ECS.PR.8 ↔ ECS.1
  containerValueDifference({
    // As for PR.3: PR.8 reads "", ":" and ":1000" as non-root users.
    id: "empty user part (host mode)",
    control: "CT.ECS.PR.8",
    field: "user",
    holds: hasEmptyUserPart,
    guardReadsAs: "1000",
    documented: { policy: "no-host-network-root-user", phrase: "an empty user part" },
  }),
  containerValueDifference({
    // As for PR.3: PR.8 compares " root" as written, a non-root user; we trim it.
    id: "whitespace around the user part (host mode)",
    control: "CT.ECS.PR.8",
    field: "user",
    holds: hasSpacesAroundUserPart,
    guardReadsAs: "1000",
    documented: { policy: "no-host-network-root-user", phrase: "read without surrounding spaces" },
  }),
  containerValueDifference({
    // PR.8 passes a root container only with `Privileged == true` as a boolean; the string "true" is not.
    id: 'Privileged "true" as a string (host mode)',
    control: "CT.ECS.PR.8",
    field: "privileged",
    holds: (value) => value === "true",
    guardReadsAs: false,
    documented: { policy: "no-host-network-root-user", phrase: 'written as the string "true" is an opt-in' },
  }),
  // CT.ECS.PR.10 ↔ ECS.3
  differenceIn("TaskDefinition", {
    // PR.10 fails an empty or blank PidMode (its scenario 2); we fail only "host" (ECS rejects "" anyway).
    id: "blank PidMode",
    control: "CT.ECS.PR.10",
    applies: ({ pidMode }) => typeof pidMode === "string" && pidMode.trim() === "",
    twin: (spec) => ({ ...spec, pidMode: "host" }),
    documented: { policy: "no-host-pid-mode", phrase: "also fails a blank pidMode" },
  }),
  // CT.ECS.PR.11 ↔ ECS.4
  containerValueDifference({
    // PR.11 requires `Privileged == false` as a boolean: cfn-guard cannot compare the string "false" with
    // false and fails it. CloudFormation and the ECS API read "false" as false, and so do we.
    id: 'Privileged "false" as a string',
    control: "CT.ECS.PR.11",
    field: "privileged",
    holds: (value) => value === "false",
    guardReadsAs: true,
    documented: { policy: "no-privileged-containers", phrase: "cannot compare a string with false" },
  }),
  // CT.ECS.PR.12 ↔ ECS.8
  differenceIn("TaskDefinition", {
    // PR.12 checks `Name not in [...]` and fails an environment entry without a Name; no name is no credential.
    id: "environment variable without a name",
    control: "CT.ECS.PR.12",
    applies: (spec) => containersIn(spec).some((container) => unnamedVariables(container) > 0),
    twin: (spec) =>
      withContainers(spec, (container) => ({
        ...container,
        environment: container.environment?.map((element) =>
          element.kind === "plain" && element.value.name === undefined
            ? { kind: "plain", value: { name: "AWS_ACCESS_KEY_ID" } }
            : element,
        ),
      })),
    documented: { policy: "no-aws-credentials-in-environment", phrase: "without a name names no credential" },
  }),
];

function settingsIn(spec: ClusterSpec) {
  return (spec.settings ?? []).flatMap((element) => (element.kind === "plain" ? [element.value] : []));
}

function unnamedVariables(container: ContainerSpec): number {
  return (container.environment ?? []).filter(
    (element) => element.kind === "plain" && element.value.name === undefined,
  ).length;
}

/** The known differences of `control` a resource holds, and its twin for that control. */
export function twinFor(control: Control, spec: ResourceSpec) {
  const differences = KNOWN_DIFFERENCES.filter((known) => known.control === control && known.applies(spec));
  return { differences, twin: differences.reduce((twin, known) => known.twin(twin), spec) };
}

/** The known difference of `control` named `id`; throws when there is none. */
export function knownDifference(control: Control, id: string): KnownDifference {
  const found = KNOWN_DIFFERENCES.find((known) => known.control === control && known.id === id);
  if (found === undefined) throw new Error(`no known difference "${id}" of ${control}`);
  return found;
}

/** Whether the policy's `deviations` contain the phrase that documents a difference. */
export function documentedIn(documented: KnownDifference["documented"]): boolean {
  return policyNamed(documented.policy).deviations?.includes(documented.phrase) ?? false;
}
