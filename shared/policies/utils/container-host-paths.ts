import { posix } from "node:path";
import { isUnresolved, type Resolvable } from "../../model/resolvable.ts";
import type { TaskDefinition } from "../../model/types.ts";

/** A volume that bind-mounts a path of the container instance into the task. */
export interface HostPathVolume {
  readonly name: string;
  readonly sourcePath: string;
  /** JSON pointer of its `host.sourcePath`. */
  readonly path: string;
}

/**
 * The volumes with a `host.sourcePath`. A `host` without a source path (or a blank one) is scratch space
 * Docker allocates, not a host path. Unresolved volumes or source paths stay in place.
 */
export function hostPathVolumes(
  taskDefinition: TaskDefinition,
): Resolvable<readonly Resolvable<HostPathVolume>[]> {
  const { volumes } = taskDefinition;
  if (isUnresolved(volumes)) return volumes;
  return (volumes ?? []).flatMap((volume, index): Resolvable<HostPathVolume>[] => {
    if (isUnresolved(volume)) return [volume];
    const sourcePath = isUnresolved(volume.host) ? volume.host : volume.host?.sourcePath;
    if (isUnresolved(sourcePath)) return [sourcePath];
    if (sourcePath === undefined || sourcePath.trim() === "") return [];
    const name = typeof volume.name === "string" && volume.name !== "" ? volume.name : `#${index}`;
    return [{ name, sourcePath, path: `/volumes/${index}/host/sourcePath` }];
  });
}

/**
 * Host paths that hand a container the instance: its configuration and credentials, the kernel's
 * interfaces, the container runtime (whose socket is root on the host) and the ECS agent's state.
 */
const LINUX_SENSITIVE_PATHS = [
  "/",
  "/etc",
  "/root",
  "/proc",
  "/sys",
  "/var/run/docker.sock",
  "/run/docker.sock",
  "/var/lib/docker",
  "/var/lib/ecs",
  "/etc/ecs",
  "/boot",
  "/dev",
];
/** Sensitive with everything below them (`/etc/shadow`, `/proc/1/root`, `/var/lib/docker/overlay2`). */
const LINUX_SENSITIVE_TREES = ["/etc", "/proc", "/sys", "/root", "/var/lib/docker"];

/** The same on Windows, relative to any drive; compared in lower case, as Windows names are. */
const WINDOWS_SENSITIVE_PATHS = ["/", "/windows", "/programdata/amazon/ecs", "/programdata/docker"];
const WINDOWS_SENSITIVE_TREES = ["/windows", "/programdata/amazon/ecs", "/programdata/docker"];
const WINDOWS_DOCKER_PIPE = "//./pipe/docker_engine";

const WINDOWS_DRIVE = /^[a-z]:(?=\/|$)/;

/**
 * Whether a host source path exposes the instance. Paths are normalized first (`/etc/`, `//etc` and
 * `/var/../etc` are `/etc`); a parent of a sensitive path is sensitive too, since mounting `/var` or `/run`
 * exposes the Docker socket below it.
 */
export function isSensitiveHostPath(sourcePath: string): boolean {
  const slashed = sourcePath.trim().replaceAll("\\", "/");
  if (slashed.toLowerCase().replace(/\/+$/, "") === WINDOWS_DOCKER_PIPE) return true;
  const drive = WINDOWS_DRIVE.exec(slashed.toLowerCase());
  if (drive !== null) {
    const onDrive = normalize(slashed.toLowerCase().slice(drive[0].length) || "/");
    return exposes(onDrive, WINDOWS_SENSITIVE_PATHS, WINDOWS_SENSITIVE_TREES);
  }
  return exposes(normalize(slashed), LINUX_SENSITIVE_PATHS, LINUX_SENSITIVE_TREES);
}

function normalize(path: string): string {
  const normalized = posix.normalize(path);
  return normalized.length > 1 ? normalized.replace(/\/+$/, "") : normalized;
}

function exposes(path: string, paths: readonly string[], trees: readonly string[]): boolean {
  return (
    paths.some((sensitive) => sensitive === path || isBelow(sensitive, path)) ||
    trees.some((tree) => isBelow(path, tree))
  );
}

/** Whether `path` lies strictly below `ancestor`. */
function isBelow(path: string, ancestor: string): boolean {
  return path.startsWith(ancestor === "/" ? "/" : `${ancestor}/`) && path !== ancestor;
}
