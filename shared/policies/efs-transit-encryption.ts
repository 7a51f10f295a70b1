import { isUnresolved } from "../model/resolvable.ts";
import { definePolicy, notApplicable, type Observation, undecided, violation } from "./define-policy.ts";

export default definePolicy({
  id: "efs-transit-encryption",
  title: "EFS volumes of task definitions use encryption in transit",
  severity: "MEDIUM",
  resource: "TaskDefinition",
  controls: ["ECS.18"],
  practice: "D1: Encrypt traffic to EFS volumes in transit",
  rationale:
    "Without transit encryption, NFS traffic between the task and the file system crosses the VPC in clear " +
    "text: anyone able to capture it (a compromised host, a mirrored interface) reads and can alter the data. " +
    "EFS access points and IAM authorization also require TLS.",
  deviations:
    "As in Security Hub, an absent transitEncryption fails (it defaults to DISABLED). Task definitions without EFS " +
    "volumes are not applicable here; the catalog's D1 row would rate the finding HIGH for sensitive data.",
  messages: {
    notSet: 'EFS volume "{{volume}}" does not set transitEncryption, which defaults to DISABLED',
    disabled: 'EFS volume "{{volume}}" sets transitEncryption {{value}}',
    noEfsVolumes: "the task definition has no EFS volumes",
  },
  remediation: {
    recommendation:
      "Register a new revision with transitEncryption ENABLED in every efsVolumeConfiguration (ideally with an " +
      "access point and IAM authorization), and deploy it to the services that use the task definition.",
    url: "https://docs.aws.amazon.com/AmazonECS/latest/developerguide/efs-volumes.html",
    fixable: false,
  },
  evaluate: ({ volumes }) => {
    if (isUnresolved(volumes)) return [undecided(volumes)];
    const observations: Observation<"notSet" | "disabled">[] = [];
    let efsVolumes = 0;
    for (const [index, volume] of (volumes ?? []).entries()) {
      const efs = isUnresolved(volume) ? volume : volume.efsVolumeConfiguration;
      if (isUnresolved(efs)) observations.push(undecided(efs));
      if (isUnresolved(volume) || isUnresolved(efs) || efs === undefined) continue;
      efsVolumes += 1;
      const { transitEncryption } = efs;
      const path = `/volumes/${index}/efsVolumeConfiguration/transitEncryption`;
      const name = typeof volume.name === "string" && volume.name !== "" ? volume.name : `#${index}`;
      if (isUnresolved(transitEncryption)) observations.push(undecided(transitEncryption));
      else if (transitEncryption === undefined)
        observations.push(violation("notSet", path, { volume: name }));
      else if (transitEncryption !== "ENABLED")
        observations.push(violation("disabled", path, { volume: name, value: transitEncryption }));
    }
    return observations.length === 0 && efsVolumes === 0 ? [notApplicable("noEfsVolumes")] : observations;
  },
});
