import type { ContainerDefinition, RegisterTaskDefinitionRequest, Volume } from "@aws-sdk/client-ecs";
import type { RevisionArn } from "../model/arns.ts";
import { normalizeCapability, RISKY_DEFAULT_CAPABILITIES } from "../model/capabilities.ts";
import { isLinuxRootUser } from "../model/users.ts";

/** The user a container runs as once `no-root-user` fixes it: a numeric UID and GID, which need no entry in the image's /etc/passwd. */
export const NON_ROOT_USER = "1000:1000";

/** Where the writable scratch volume of a read-only container is mounted: most programs write their temporary files there. */
export const SCRATCH_PATH = "/tmp";

/** Prefix of the task-level scratch volumes the fix adds, so a person reading the revision knows where they came from. */
const SCRATCH_VOLUME_PREFIX = "ecs-guardrails-scratch";

/** One field the fix changed, for the audit on the finding. */
export interface FieldChange {
  readonly policyId: FixablePolicyId;
  /** The container's name; `undefined` for a task-level field (`volumes`). */
  readonly container: string | undefined;
  /** The field, as a dotted path in ECS API names relative to the container (or the task definition). */
  readonly field: string;
  readonly before: unknown;
  readonly after: unknown;
}

/** Why a fix was not made: the container would likely break, or the fix would have to guess. */
export interface Refusal {
  readonly policyId: FixablePolicyId;
  readonly container: string | undefined;
  readonly reason: string;
}

/** Permissions a role must hold for the fixed revision to run (the fix cannot grant them: it changes no IAM). */
export interface RoleRequirement {
  readonly policyId: FixablePolicyId;
  readonly roleArn: string;
  readonly actions: readonly string[];
  readonly resource: string;
}

/** What one fix made of the task definition: the rewritten request, or why it could not. */
export type FixOutcome =
  | {
      readonly outcome: "applied";
      readonly request: RegisterTaskDefinitionRequest;
      readonly changes: readonly FieldChange[];
      readonly roleRequirements: readonly RoleRequirement[];
    }
  | { readonly outcome: "refused"; readonly refusals: readonly Refusal[] };

type Fix = (request: RegisterTaskDefinitionRequest, revision: RevisionArn) => FixOutcome;

type ContainerChange = Omit<FieldChange, "policyId" | "container">;

/** What a fix decides for one container: leave it, replace it (saying what changed), or refuse. */
type ContainerVerdict =
  | { readonly verdict: "fine" }
  | {
      readonly verdict: "change";
      readonly container: ContainerDefinition;
      readonly changes: readonly ContainerChange[];
      /** Task-level volumes the changed container mounts. */
      readonly volumes?: readonly Volume[];
    }
  | { readonly verdict: "refuse"; readonly reason: string };

const FINE: ContainerVerdict = { verdict: "fine" };

function isWindows(request: RegisterTaskDefinitionRequest): boolean {
  return request.runtimePlatform?.operatingSystemFamily?.startsWith("WINDOWS_SERVER") === true;
}

/** Applies a per-container decision to every container; any refusal refuses the whole fix. */
function fixEachContainer(
  policyId: FixablePolicyId,
  request: RegisterTaskDefinitionRequest,
  decide: (container: ContainerDefinition, index: number) => ContainerVerdict,
): FixOutcome {
  const containers = request.containerDefinitions ?? [];
  const verdicts = containers.map((container, index) => ({
    name: container.name,
    ...decide(container, index),
  }));
  const refusals = verdicts.flatMap((verdict) =>
    verdict.verdict === "refuse" ? [{ policyId, container: verdict.name, reason: verdict.reason }] : [],
  );
  if (refusals.length > 0) return { outcome: "refused", refusals };
  const changes: FieldChange[] = verdicts.flatMap((verdict) =>
    verdict.verdict === "change"
      ? verdict.changes.map((change) => ({ policyId, container: verdict.name, ...change }))
      : [],
  );
  const addedVolumes = verdicts.flatMap((verdict) =>
    verdict.verdict === "change" ? (verdict.volumes ?? []) : [],
  );
  const volumes = addedVolumes.length === 0 ? request.volumes : [...(request.volumes ?? []), ...addedVolumes];
  if (addedVolumes.length > 0)
    changes.push({
      policyId,
      container: undefined,
      field: "volumes",
      before: request.volumes,
      after: volumes,
    });
  return {
    outcome: "applied",
    request: {
      ...request,
      containerDefinitions: verdicts.map((verdict, index) =>
        verdict.verdict === "change" ? verdict.container : (containers[index] as ContainerDefinition),
      ),
      ...(addedVolumes.length > 0 && { volumes }),
    },
    changes,
    roleRequirements: [],
  };
}

const withoutPrivilegedMode: Fix = (request) =>
  fixEachContainer("no-privileged-containers", request, (container) =>
    container.privileged === true
      ? {
          verdict: "change",
          container: { ...container, privileged: false },
          changes: [{ field: "privileged", before: true, after: false }],
        }
      : FINE,
  );

const asNonRootUser: Fix = (request) =>
  fixEachContainer("no-root-user", request, (container) => {
    // Windows containers are judged by no-windows-admin-user: a Linux UID means nothing there.
    if (isWindows(request)) return FINE;
    if (container.user !== undefined && !isLinuxRootUser(container.user)) return FINE;
    if (request.networkMode === "host")
      return {
        verdict: "refuse",
        reason:
          "a container in host network mode usually runs as root on purpose (binding privileged ports, " +
          "managing the host's network); switch it to awsvpc or set its user by hand",
      };
    return {
      verdict: "change",
      container: { ...container, user: NON_ROOT_USER },
      changes: [{ field: "user", before: container.user, after: NON_ROOT_USER }],
    };
  });

const withDroppedCapabilities: Fix = (request) =>
  fixEachContainer("drop-default-capabilities", request, (container) => {
    if (isWindows(request)) return FINE;
    const capabilities = container.linuxParameters?.capabilities;
    const dropped = new Set((capabilities?.drop ?? []).map(normalizeCapability));
    if (dropped.has("ALL") || RISKY_DEFAULT_CAPABILITIES.every((capability) => dropped.has(capability)))
      return FINE;
    return {
      verdict: "change",
      container: {
        ...container,
        // `add` is kept: Docker applies drop before add, so what the container asked for survives ALL.
        linuxParameters: { ...container.linuxParameters, capabilities: { ...capabilities, drop: ["ALL"] } },
      },
      changes: [{ field: "linuxParameters.capabilities.drop", before: capabilities?.drop, after: ["ALL"] }],
    };
  });

const withInitProcess: Fix = (request) =>
  fixEachContainer("init-process-enabled", request, (container) => {
    if (isWindows(request)) return FINE;
    const before = container.linuxParameters?.initProcessEnabled;
    if (before === true) return FINE;
    return {
      verdict: "change",
      container: {
        ...container,
        linuxParameters: { ...container.linuxParameters, initProcessEnabled: true },
      },
      changes: [{ field: "linuxParameters.initProcessEnabled", before, after: true }],
    };
  });

/** The log group a fixed revision's containers log to: one per family, as the ECS console names it. */
export function logGroupOf(family: string): string {
  return `/ecs/${family}`;
}

const LOGGING_ACTIONS = ["logs:CreateLogGroup", "logs:CreateLogStream", "logs:PutLogEvents"];

const withLogging: Fix = (request, revision) => {
  const logGroup = logGroupOf(revision.family);
  const logConfiguration = {
    logDriver: "awslogs" as const,
    options: {
      "awslogs-group": logGroup,
      "awslogs-region": revision.region,
      "awslogs-stream-prefix": "ecs",
      // The group may not exist yet: the first task creates it rather than failing to start.
      "awslogs-create-group": "true",
    },
  };
  const executionRoleArn = request.executionRoleArn;
  const outcome = fixEachContainer("container-logging-configured", request, (container) => {
    const driver: string = container.logConfiguration?.logDriver ?? "";
    if (driver.trim() !== "") return FINE;
    // awslogs writes with the execution role; choosing a role for the task would be guessing.
    if (executionRoleArn === undefined)
      return {
        verdict: "refuse",
        reason: "awslogs needs a task execution role to write the logs, and the task definition has none",
      };
    return {
      verdict: "change",
      container: { ...container, logConfiguration },
      changes: [{ field: "logConfiguration", before: container.logConfiguration, after: logConfiguration }],
    };
  });
  if (outcome.outcome === "refused" || outcome.changes.length === 0 || executionRoleArn === undefined)
    return outcome;
  const { partition, region, account } = revision;
  const resource = `arn:${partition}:logs:${region}:${account}:log-group:${logGroup}:*`;
  return {
    ...outcome,
    roleRequirements: [
      {
        policyId: "container-logging-configured",
        roleArn: executionRoleArn,
        actions: LOGGING_ACTIONS,
        resource,
      },
    ],
  };
};

/**
 * The scratch volume of the container at `index`: the index keeps the names of two containers apart, and a
 * suffix keeps it apart from the task definition's own volumes.
 */
function scratchVolumeName(index: number, taken: ReadonlySet<string>): string {
  const base = `${SCRATCH_VOLUME_PREFIX}-${index}`;
  let name = base;
  for (let suffix = 2; taken.has(name); suffix++) name = `${base}-${suffix}`;
  return name;
}

const withReadOnlyRootFilesystem: Fix = (request) => {
  const takenNames = new Set((request.volumes ?? []).flatMap((volume) => volume.name ?? []));
  return fixEachContainer("read-only-root-filesystem", request, (container, index) => {
    // Windows containers do not support readonlyRootFilesystem.
    if (isWindows(request) || container.readonlyRootFilesystem === true) return FINE;
    const readOnly = { ...container, readonlyRootFilesystem: true };
    const changes: ContainerChange[] = [
      { field: "readonlyRootFilesystem", before: container.readonlyRootFilesystem, after: true },
    ];
    const mountPoints = container.mountPoints ?? [];
    if (mountPoints.some((mountPoint) => mountPoint.containerPath === SCRATCH_PATH))
      return { verdict: "change", container: readOnly, changes };
    // One volume per container: a shared /tmp would let sidecars read each other's temporary files.
    const name = scratchVolumeName(index, takenNames);
    const withScratch = [
      ...mountPoints,
      { sourceVolume: name, containerPath: SCRATCH_PATH, readOnly: false },
    ];
    return {
      verdict: "change",
      container: { ...readOnly, mountPoints: withScratch },
      changes: [...changes, { field: "mountPoints", before: container.mountPoints, after: withScratch }],
      // A volume without host or other configuration is task-scoped scratch space, on EC2 and Fargate alike.
      volumes: [{ name }],
    };
  });
};

/**
 * The policies whose violations a new task definition revision repairs without guessing, and how.
 * Others that only the task definition decides are left out on purpose: no-new-privileges and
 * no-weakened-security-options edit dockerSecurityOptions, which Fargate rejects and whose order Docker reads;
 * no-dangerous-capabilities and no-sys-ptrace would remove capabilities the container explicitly asked for;
 * host namespaces (no-host-*-mode) change how the task runs, and limits or timeouts (container-memory-limit,
 * stop-timeout, health-check-defined) need a value only the owner knows.
 */
export const TASK_DEFINITION_FIXES = {
  "no-privileged-containers": withoutPrivilegedMode,
  "no-root-user": asNonRootUser,
  "read-only-root-filesystem": withReadOnlyRootFilesystem,
  "container-logging-configured": withLogging,
  "drop-default-capabilities": withDroppedCapabilities,
  "init-process-enabled": withInitProcess,
} as const satisfies Record<string, Fix>;

export type FixablePolicyId = keyof typeof TASK_DEFINITION_FIXES;
