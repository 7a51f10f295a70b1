import * as z from "zod/mini";
import { isUnresolved } from "../model/resolvable.ts";
import type { TaskDefinition } from "../model/types.ts";
import { definePolicy, type ParameterSpec, undecided, violation } from "./define-policy.ts";
import { hostPathVolumes, isSensitiveHostPath } from "./utils/container-host-paths.ts";
import { containerLabel } from "./utils/containers.ts";

const allowedFamilies: ParameterSpec<string[]> = {
  description:
    "Task definition families allowed to mount sensitive host paths, such as monitoring or security daemons " +
    "that read /proc, /sys or the Docker socket.",
  schema: z.array(z.string().check(z.minLength(1))),
  default: [],
};

export default definePolicy({
  id: "no-sensitive-host-mounts",
  title: "ECS task definitions mount no sensitive paths of the container instance",
  severity: "HIGH",
  resource: "TaskDefinition",
  controls: [],
  practice: "D12: Mount no sensitive host paths into containers",
  rationale:
    "A bind mount of the instance's /etc, /root, /proc, /sys, the Docker socket or the ECS agent's state hands " +
    "the container the host: the Docker socket or a writable /etc is root on the instance, and /proc, /sys " +
    "and the agent's files expose other tasks' processes and credentials. Read-only only narrows the damage.",
  deviations:
    "Beyond Security Hub. Paths are normalized (trailing slashes, `..`), paths below /etc, /proc, /sys, /root " +
    "and /var/lib/docker count, and so do parents of a sensitive path (/var, /run), which expose it too. " +
    "Windows paths count as well: a drive root, \\Windows, \\ProgramData\\Amazon\\ECS, \\ProgramData\\docker " +
    "and the docker_engine pipe.",
  messages: {
    sensitiveHostPath: 'volume "{{volume}}" mounts the host path {{sourcePath}}: {{access}}',
  },
  remediation: {
    recommendation:
      "Remove the host volume, or mount only the narrow path the container needs, read-only. For monitoring " +
      "or security daemons that must read the host, list their family in the allowedFamilies parameter.",
    url: "https://docs.aws.amazon.com/AmazonECS/latest/developerguide/bind-mounts.html",
    fixable: true,
  },
  parameters: { allowedFamilies },
  evaluate: (taskDefinition, { parameters }) => {
    const volumes = hostPathVolumes(taskDefinition);
    if (isUnresolved(volumes)) return [undecided(volumes)];
    const observations = volumes.flatMap((volume) => {
      if (isUnresolved(volume)) return [undecided(volume)];
      if (!isSensitiveHostPath(volume.sourcePath)) return [];
      const data = {
        volume: volume.name,
        sourcePath: volume.sourcePath,
        access: accessOf(taskDefinition, volume.name),
      };
      return [violation("sensitiveHostPath", volume.path, data)];
    });
    const { family } = taskDefinition;
    if (observations.length === 0 || parameters.allowedFamilies.length === 0) return observations;
    if (isUnresolved(family)) return [undecided(family)];
    return family !== undefined && parameters.allowedFamilies.includes(family) ? [] : observations;
  },
});

/** How the task's containers mount a volume, for the finding: "read-write in app, read-only in agent". */
function accessOf({ containerDefinitions }: TaskDefinition, volumeName: string): string {
  if (isUnresolved(containerDefinitions)) return "which containers mount it cannot be decided";
  const mounts = (containerDefinitions ?? []).flatMap((container, index) => {
    if (isUnresolved(container)) return ["a container that cannot be decided"];
    const { mountPoints } = container;
    if (isUnresolved(mountPoints)) return [`undecided mount points in ${containerLabel(container, index)}`];
    return (mountPoints ?? []).flatMap((mount) => {
      if (isUnresolved(mount) || mount.sourceVolume !== volumeName) return [];
      const mode = isUnresolved(mount.readOnly) ? "undecided" : mount.readOnly ? "read-only" : "read-write";
      return [`${mode} in ${containerLabel(container, index)}`];
    });
  });
  return mounts.length === 0 ? "no container mounts it" : [...new Set(mounts)].join(", ");
}
