/**
 * The baseline of the engine throughput benchmark: the TaskDefinition rules of the catalog written as bare
 * predicates, plain functions over the raw API JSON that answer whether the task definition fails the rule,
 * with no normalization, no Unresolved markers and no verdict or evidence objects. They reuse the catalog's
 * string-level helpers (image references, secret detection, host paths, user names) so that both sides run
 * the same rule; what they leave out is what the engine adds around the rule. test/bench/engine-throughput
 * proves that each predicate fails exactly the corpus items the engine's policy fails.
 */
import type { ContainerDefinition } from "@aws-sdk/client-ecs";
import { normalizeCapability, RISKY_DEFAULT_CAPABILITIES } from "../shared/model/capabilities.ts";
import { isLinuxRootUser, isWindowsAdministrator } from "../shared/model/users.ts";
import { STARTED } from "../shared/policies/firelens-ordering.ts";
import { CREDENTIAL_VARIABLES } from "../shared/policies/no-aws-credentials-in-environment.ts";
import { DANGEROUS_CAPABILITIES } from "../shared/policies/no-dangerous-capabilities.ts";
import noLatestImageTag from "../shared/policies/no-latest-image-tag.ts";
import { TRUE_VALUES } from "../shared/policies/no-new-privileges.ts";
import noSensitiveHostMounts from "../shared/policies/no-sensitive-host-mounts.ts";
import noSysPtrace from "../shared/policies/no-sys-ptrace.ts";
import { WEAKENING_OPTIONS } from "../shared/policies/no-weakened-security-options.ts";
import privateRegistryCredentials from "../shared/policies/private-registry-credentials.ts";
import { LOCAL_DRIVERS, REMOTE_SYSLOG_ADDRESS } from "../shared/policies/remote-log-driver.ts";
import stopTimeout, { DEFAULT_SECONDS, FARGATE_MAXIMUM_SECONDS } from "../shared/policies/stop-timeout.ts";
import { isSensitiveHostPath } from "../shared/policies/utils/container-host-paths.ts";
import { isImageAllowed } from "../shared/policies/utils/container-images.ts";
import { parseSecurityOption } from "../shared/policies/utils/container-security-options.ts";
import {
  type ImageReference,
  isDockerHub,
  isEcrPrivate,
  isEcrPublic,
  matchesRepositoryPattern,
  parseImageReference,
} from "../shared/policies/utils/image-reference.ts";
import {
  detectSecret,
  isLiteralValue,
  nameSuggestsSecret,
} from "../shared/policies/utils/secret-detector.ts";
import { secretSourceOf } from "../shared/policies/utils/secret-references.ts";
import type { DescribedTaskDefinition } from "./engine-corpus.ts";

/** Whether the task definition fails the rule (the engine's FAILED; PASSED, NOT_APPLICABLE and UNKNOWN are not). */
export type BarePredicate = (taskDefinition: DescribedTaskDefinition) => boolean;

/** Policies left out of both sides of the ratio, with the reason no bare predicate can state their rule. */
export const WITHOUT_BARE_PREDICATE: Readonly<Record<string, string>> = {
  "task-role-least-privilege":
    "judges the task role's IAM policies, which a lookup reads (offline it is always UNKNOWN), not the task definition's JSON",
};

/** The catalog's parameter defaults, as the engine runs without a config file. */
const IGNORED_REPOSITORIES = noLatestImageTag.parameters?.ignoredRepositories.default ?? [];
const PUBLIC_REGISTRIES = privateRegistryCredentials.parameters?.publicRegistries.default ?? [];
const SYS_PTRACE_IMAGES = noSysPtrace.parameters?.allowedImages.default ?? [];
const SENSITIVE_MOUNT_FAMILIES = noSensitiveHostMounts.parameters?.allowedFamilies.default ?? [];
const MINIMUM_STOP_SECONDS = stopTimeout.parameters?.minimumSeconds.default ?? 0;

// The rules' own tables, from the policy modules.
const DANGEROUS_CAPABILITY_NAMES: ReadonlySet<string> = new Set(DANGEROUS_CAPABILITIES.keys());
const WEAKENING_OPTION_NAMES: ReadonlySet<string> = new Set(WEAKENING_OPTIONS.keys());

type Container = ContainerDefinition;

// Raw JSON as the API and CloudFormation write it: booleans and numbers may come as strings.
function isTrue(value: unknown): boolean {
  return value === true || value === "true";
}

function isFalse(value: unknown): boolean {
  return value === false || value === "false";
}

function numberOf(value: unknown): number | undefined {
  if (typeof value === "number") return value;
  return typeof value === "string" && /^\d+$/.test(value) ? Number(value) : undefined;
}

function isBlank(value: unknown): boolean {
  return value === undefined || value === null || String(value).trim() === "";
}

function containersOf(taskDefinition: DescribedTaskDefinition): readonly Container[] {
  return taskDefinition.containerDefinitions ?? [];
}

function someContainer(
  taskDefinition: DescribedTaskDefinition,
  fails: (container: Container) => boolean,
): boolean {
  return containersOf(taskDefinition).some(fails);
}

function compatibilitiesOf(taskDefinition: DescribedTaskDefinition): readonly string[] {
  const compatibilities = taskDefinition.requiresCompatibilities ?? [];
  return compatibilities.length === 0 ? ["EC2"] : compatibilities;
}

function isFargateOnly(taskDefinition: DescribedTaskDefinition): boolean {
  return compatibilitiesOf(taskDefinition).every((compatibility) => compatibility === "FARGATE");
}

function mayRunOnFargate(taskDefinition: DescribedTaskDefinition): boolean {
  return compatibilitiesOf(taskDefinition).includes("FARGATE");
}

function canRunOnEc2(taskDefinition: DescribedTaskDefinition): boolean {
  return compatibilitiesOf(taskDefinition).some(
    (compatibility) => compatibility !== "FARGATE" && compatibility !== "EXTERNAL",
  );
}

function isWindows(taskDefinition: DescribedTaskDefinition): boolean {
  return taskDefinition.runtimePlatform?.operatingSystemFamily?.startsWith("WINDOWS_SERVER") === true;
}

/** A Linux-only rule: Windows task definitions are not applicable. */
function someLinuxContainer(
  taskDefinition: DescribedTaskDefinition,
  fails: (container: Container) => boolean,
): boolean {
  return !isWindows(taskDefinition) && someContainer(taskDefinition, fails);
}

function someImage(
  taskDefinition: DescribedTaskDefinition,
  fails: (image: ImageReference, container: Container) => boolean,
) {
  return someContainer(taskDefinition, (container) => {
    const reference = typeof container.image === "string" ? parseImageReference(container.image) : undefined;
    return reference !== undefined && fails(reference, container);
  });
}

function capabilities(container: Container, which: "add" | "drop"): string[] {
  return (container.linuxParameters?.capabilities?.[which] ?? []).map(normalizeCapability);
}

function hostSourcePaths(taskDefinition: DescribedTaskDefinition): string[] {
  return (taskDefinition.volumes ?? []).flatMap((volume) => {
    const sourcePath = volume.host?.sourcePath;
    return typeof sourcePath === "string" && sourcePath.trim() !== "" ? [sourcePath] : [];
  });
}

function someEfsVolume(
  taskDefinition: DescribedTaskDefinition,
  fails: (
    efs: NonNullable<NonNullable<DescribedTaskDefinition["volumes"]>[number]["efsVolumeConfiguration"]>,
  ) => boolean,
): boolean {
  return (taskDefinition.volumes ?? []).some(
    (volume) => volume.efsVolumeConfiguration !== undefined && fails(volume.efsVolumeConfiguration),
  );
}

/** C1: a Linux task-level limit covers every container; Windows containers need their own. */
function lacksLimit(taskDefinition: DescribedTaskDefinition, field: "cpu" | "memory"): boolean {
  if (isFargateOnly(taskDefinition)) return false;
  const unlimited = someContainer(taskDefinition, (container) => !((numberOf(container[field]) ?? 0) > 0));
  if (!unlimited) return false;
  return isWindows(taskDefinition) || isBlank(taskDefinition[field]);
}

function needsExecutionRole(container: Container, onFargate: boolean): boolean {
  const logConfiguration = container.logConfiguration;
  if ((container.secrets ?? []).length > 0 || container.repositoryCredentials !== undefined) return true;
  if ((logConfiguration?.secretOptions ?? []).length > 0) return true;
  if (!onFargate) return false;
  const reference = typeof container.image === "string" ? parseImageReference(container.image) : undefined;
  return logConfiguration?.logDriver === "awslogs" || (reference !== undefined && isEcrPrivate(reference));
}

function firelensUnordered(taskDefinition: DescribedTaskDefinition): boolean {
  const { networkMode } = taskDefinition;
  if (networkMode !== undefined && networkMode !== "bridge") return false;
  const containers = containersOf(taskDefinition);
  const routers = containers.flatMap((container) =>
    container.firelensConfiguration === undefined ? [] : [container.name ?? ""],
  );
  return containers.some(
    (container) =>
      container.logConfiguration?.logDriver === "awsfirelens" &&
      !(container.dependsOn ?? []).some(
        (dependency) =>
          typeof dependency.containerName === "string" &&
          routers.includes(dependency.containerName) &&
          typeof dependency.condition === "string" &&
          STARTED.has(dependency.condition),
      ),
  );
}

function unsupportedOnFargate(taskDefinition: DescribedTaskDefinition): boolean {
  if (!mayRunOnFargate(taskDefinition)) return false;
  const { networkMode, pidMode, ipcMode } = taskDefinition;
  if (networkMode !== "awsvpc" || pidMode === "host" || ipcMode === "host") return true;
  if (hostSourcePaths(taskDefinition).length > 0) return true;
  return someContainer(
    taskDefinition,
    (container) =>
      isTrue(container.privileged) ||
      capabilities(container, "add").some((capability) => capability !== "SYS_PTRACE") ||
      (container.linuxParameters?.devices ?? []).length > 0 ||
      (container.dockerSecurityOptions ?? []).some((option) => !option.trim().startsWith("credentialspec")),
  );
}

function withoutNoNewPrivileges(container: Container): boolean {
  const setting = (container.dockerSecurityOptions ?? [])
    .map(parseSecurityOption)
    .filter((option) => option.key === "no-new-privileges")
    .at(-1);
  return !(setting !== undefined && (setting.value === undefined || TRUE_VALUES.has(setting.value)));
}

function runsAsHostRoot(container: Container): boolean {
  if (isTrue(container.privileged)) return false;
  return typeof container.user !== "string" || isLinuxRootUser(container.user);
}

function sameRole(first: string, second: string): boolean {
  const [one, other] = [first.trim(), second.trim()];
  const accountOf = (role: string) => (role.startsWith("arn:") ? role.split(":")[4] : undefined);
  if (one.startsWith("arn:") && other.startsWith("arn:") && accountOf(one) !== accountOf(other)) return false;
  const nameOf = (role: string) =>
    (role.startsWith("arn:") ? role.slice(role.lastIndexOf("/") + 1) : role).toLowerCase();
  return nameOf(one) === nameOf(other);
}

function logsLocally(container: Container): boolean {
  const driver = container.logConfiguration?.logDriver;
  if (driver !== undefined && LOCAL_DRIVERS.has(driver)) return true;
  if (driver !== "syslog") return false;
  const address = container.logConfiguration?.options?.["syslog-address"];
  return address === undefined || !REMOTE_SYSLOG_ADDRESS.test(address);
}

function stopTimeoutWrong(container: Container, onFargate: boolean): boolean {
  const seconds = numberOf(container.stopTimeout);
  if (seconds === undefined) return DEFAULT_SECONDS < MINIMUM_STOP_SECONDS;
  return seconds < MINIMUM_STOP_SECONDS || (seconds > FARGATE_MAXIMUM_SECONDS && onFargate);
}

/** By policy id, every TaskDefinition policy of the catalog but those in WITHOUT_BARE_PREDICATE. */
export const BARE_PREDICATES: Readonly<Record<string, BarePredicate>> = {
  // Not applicable until allowedRegistries is configured, which the benchmark does not do.
  "allowed-image-registries": () => false,
  "awsvpc-network-mode": (taskDefinition) =>
    canRunOnEc2(taskDefinition) &&
    taskDefinition.networkMode !== "awsvpc" &&
    taskDefinition.networkMode !== "host",
  "container-logging-configured": (taskDefinition) =>
    someContainer(taskDefinition, (container) => isBlank(container.logConfiguration?.logDriver)),
  "container-memory-limit": (taskDefinition) => lacksLimit(taskDefinition, "memory"),
  "drop-default-capabilities": (taskDefinition) =>
    someLinuxContainer(taskDefinition, (container) => {
      const dropped = new Set(capabilities(container, "drop"));
      return !dropped.has("ALL") && RISKY_DEFAULT_CAPABILITIES.some((capability) => !dropped.has(capability));
    }),
  "efs-access-point": (taskDefinition) =>
    someEfsVolume(taskDefinition, (efs) => isBlank(efs.authorizationConfig?.accessPointId)),
  "efs-iam-authorization": (taskDefinition) =>
    someEfsVolume(taskDefinition, (efs) => efs.authorizationConfig?.iam !== "ENABLED"),
  "efs-transit-encryption": (taskDefinition) =>
    someEfsVolume(taskDefinition, (efs) => efs.transitEncryption !== "ENABLED"),
  "execution-role-for-secrets": (taskDefinition) => {
    if (!isBlank(taskDefinition.executionRoleArn)) return false;
    const onFargate = mayRunOnFargate(taskDefinition);
    return someContainer(taskDefinition, (container) => needsExecutionRole(container, onFargate));
  },
  "firelens-ordering": firelensUnordered,
  "health-check-defined": (taskDefinition) =>
    someContainer(taskDefinition, (container) => {
      if (isFalse(container.essential)) return false;
      const first = container.healthCheck?.command?.[0]?.trim();
      return first !== "CMD" && first !== "CMD-SHELL";
    }),
  "image-pinned-by-digest": (taskDefinition) =>
    someImage(taskDefinition, (reference) => reference.digest === undefined),
  "init-process-enabled": (taskDefinition) =>
    someLinuxContainer(taskDefinition, (container) => !isTrue(container.linuxParameters?.initProcessEnabled)),
  "no-aws-credentials-in-environment": (taskDefinition) =>
    someContainer(taskDefinition, (container) =>
      (container.environment ?? []).some(({ name }) => name !== undefined && CREDENTIAL_VARIABLES.has(name)),
    ),
  "no-dangerous-capabilities": (taskDefinition) =>
    someLinuxContainer(taskDefinition, (container) =>
      capabilities(container, "add").some((capability) => DANGEROUS_CAPABILITY_NAMES.has(capability)),
    ),
  "no-docker-hub-images": (taskDefinition) => someImage(taskDefinition, isDockerHub),
  "no-environment-files": (taskDefinition) =>
    someContainer(taskDefinition, (container) => (container.environmentFiles ?? []).length > 0),
  "no-fargate-unsupported-settings": unsupportedOnFargate,
  "no-host-devices": (taskDefinition) =>
    someLinuxContainer(taskDefinition, (container) => (container.linuxParameters?.devices ?? []).length > 0),
  "no-host-ipc-mode": (taskDefinition) => taskDefinition.ipcMode === "host",
  "no-host-network-mode": (taskDefinition) => taskDefinition.networkMode === "host",
  "no-host-network-root-user": (taskDefinition) =>
    taskDefinition.networkMode === "host" && someContainer(taskDefinition, runsAsHostRoot),
  "no-host-path-volumes": (taskDefinition) =>
    !isFargateOnly(taskDefinition) &&
    hostSourcePaths(taskDefinition).some((path) => !isSensitiveHostPath(path)),
  "no-host-pid-mode": (taskDefinition) => taskDefinition.pidMode === "host",
  // On Windows the verdict is UNKNOWN (the blocking differs), never FAILED.
  "no-instance-metadata-access": (taskDefinition) =>
    canRunOnEc2(taskDefinition) && !isWindows(taskDefinition) && taskDefinition.networkMode !== "none",
  "no-latest-image-tag": (taskDefinition) =>
    someImage(
      taskDefinition,
      (reference) =>
        reference.digest === undefined &&
        (reference.tag === undefined || reference.tag === "latest") &&
        !IGNORED_REPOSITORIES.some((pattern) => matchesRepositoryPattern(reference, pattern)),
    ),
  "no-new-privileges": (taskDefinition) =>
    !isFargateOnly(taskDefinition) && someLinuxContainer(taskDefinition, withoutNoNewPrivileges),
  "no-plaintext-log-secrets": (taskDefinition) =>
    someContainer(taskDefinition, (container) =>
      Object.entries(container.logConfiguration?.options ?? {}).some(
        ([option, value]) => nameSuggestsSecret(option) && isLiteralValue(String(value)),
      ),
    ),
  "no-privileged-containers": (taskDefinition) =>
    someContainer(taskDefinition, (container) => isTrue(container.privileged)),
  "no-root-user": (taskDefinition) =>
    !isWindows(taskDefinition) &&
    someContainer(taskDefinition, ({ user }) => isBlank(user) || isLinuxRootUser(String(user))),
  "no-secrets-in-environment-values": (taskDefinition) =>
    someContainer(taskDefinition, (container) =>
      (container.environment ?? []).some(
        ({ name, value }) => typeof value === "string" && detectSecret(name, value) !== undefined,
      ),
    ),
  "no-sensitive-host-mounts": (taskDefinition) =>
    hostSourcePaths(taskDefinition).some(isSensitiveHostPath) &&
    !SENSITIVE_MOUNT_FAMILIES.includes(taskDefinition.family ?? ""),
  "no-static-host-ports": (taskDefinition) =>
    (taskDefinition.networkMode === undefined || taskDefinition.networkMode === "bridge") &&
    someContainer(taskDefinition, (container) =>
      (container.portMappings ?? []).some(
        ({ hostPort }) => hostPort !== undefined && numberOf(hostPort) !== 0,
      ),
    ),
  "no-sys-ptrace": (taskDefinition) =>
    someLinuxContainer(
      taskDefinition,
      (container) =>
        capabilities(container, "add").includes("SYS_PTRACE") &&
        !(typeof container.image === "string" && isImageAllowed(container.image, SYS_PTRACE_IMAGES)),
    ),
  "no-weakened-security-options": (taskDefinition) =>
    someLinuxContainer(taskDefinition, (container) =>
      (container.dockerSecurityOptions ?? []).some((written) => {
        const option = parseSecurityOption(written);
        return WEAKENING_OPTION_NAMES.has(`${option.key} ${option.value}`);
      }),
    ),
  "no-windows-admin-user": (taskDefinition) =>
    isWindows(taskDefinition) &&
    someContainer(taskDefinition, ({ user }) => isBlank(user) || isWindowsAdministrator(String(user))),
  "private-registry-credentials": (taskDefinition) =>
    someImage(
      taskDefinition,
      (reference, container) =>
        !isEcrPrivate(reference) &&
        !isEcrPublic(reference) &&
        !PUBLIC_REGISTRIES.some((pattern) => matchesRepositoryPattern(reference, pattern)) &&
        isBlank(container.repositoryCredentials?.credentialsParameter),
    ),
  "read-only-root-filesystem": (taskDefinition) =>
    !isWindows(taskDefinition) &&
    someContainer(taskDefinition, (container) => !isTrue(container.readonlyRootFilesystem)),
  "remote-log-driver": (taskDefinition) =>
    !isFargateOnly(taskDefinition) && someContainer(taskDefinition, logsLocally),
  "secrets-from-approved-stores": (taskDefinition) =>
    someContainer(taskDefinition, (container) =>
      [...(container.secrets ?? []), ...(container.logConfiguration?.secretOptions ?? [])].some(
        ({ valueFrom }) => secretSourceOf(valueFrom ?? "") === "other",
      ),
    ),
  "stop-timeout": (taskDefinition) => {
    const onFargate = mayRunOnFargate(taskDefinition);
    return someContainer(taskDefinition, (container) => stopTimeoutWrong(container, onFargate));
  },
  "task-cpu-limit": (taskDefinition) => lacksLimit(taskDefinition, "cpu"),
  // Security Hub ECS.13 without requiredTagKeys: any tag whose key does not start with aws:.
  "task-definition-tagged": (taskDefinition) =>
    !(taskDefinition.tags ?? []).some(
      ({ key }) => typeof key === "string" && key !== "" && !key.startsWith("aws:"),
    ),
  "task-role-defined": (taskDefinition) => isBlank(taskDefinition.taskRoleArn),
  "task-role-not-execution-role": ({ taskRoleArn, executionRoleArn }) =>
    !isBlank(taskRoleArn) &&
    !isBlank(executionRoleArn) &&
    sameRole(String(taskRoleArn), String(executionRoleArn)),
};
