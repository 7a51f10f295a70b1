import { isUnresolved } from "../model/resolvable.ts";
import { definePolicy, notApplicable, undecided, violation } from "./define-policy.ts";
import { hostPathVolumes, isSensitiveHostPath } from "./utils/container-host-paths.ts";
import { compatibilitiesOf, isFargateOnly } from "./utils/container-platform.ts";

export default definePolicy({
  id: "no-host-path-volumes",
  title: "ECS task definitions keep their data off the container instance's file system",
  severity: "INFORMATIONAL",
  resource: "TaskDefinition",
  controls: [],
  practice: "D12: Use host storage only for data the application replicates itself",
  rationale:
    "A bind mount of a host path ties the task's data to one container instance: it is lost when the " +
    "instance is replaced, differs between instances, outlives the task and is shared with any other task " +
    "that mounts the same path. EFS, EBS or S3 keep data durable and scoped to the task.",
  deviations:
    "Beyond Security Hub. Sensitive host paths (/etc, /proc, the Docker socket, …) are left to " +
    "no-sensitive-host-mounts, which rates them HIGH. Fargate-only task definitions are not applicable: " +
    "Fargate rejects host source paths, which no-fargate-unsupported-settings reports.",
  messages: {
    hostPath: 'volume "{{volume}}" stores data on the container instance at {{sourcePath}}',
    fargateOnly: "Fargate-only task definitions cannot mount host paths",
  },
  remediation: {
    recommendation:
      "Keep durable or shared data in an EFS or EBS volume (or in S3), and scratch data in the task's own " +
      "storage (a volume without host.sourcePath); keep host paths for data the application replicates itself.",
    url: "https://docs.aws.amazon.com/AmazonECS/latest/developerguide/using_data_volumes.html",
    fixable: false,
  },
  evaluate: (taskDefinition) => {
    const compatibilities = compatibilitiesOf(taskDefinition);
    if (isUnresolved(compatibilities)) return [undecided(compatibilities)];
    if (isFargateOnly(compatibilities)) return [notApplicable("fargateOnly")];
    const volumes = hostPathVolumes(taskDefinition);
    if (isUnresolved(volumes)) return [undecided(volumes)];
    return volumes.flatMap((volume) => {
      if (isUnresolved(volume)) return [undecided(volume)];
      if (isSensitiveHostPath(volume.sourcePath)) return [];
      return [violation("hostPath", volume.path, { volume: volume.name, sourcePath: volume.sourcePath })];
    });
  },
});
