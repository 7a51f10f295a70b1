import { isUnresolved } from "../model/resolvable.ts";
import { definePolicy, undecided, violation } from "./define-policy.ts";
import { eachEfsVolume } from "./utils/efs-volumes.ts";

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
  evaluate: ({ volumes }) =>
    eachEfsVolume(volumes, ({ name, path, efs: { transitEncryption } }) => {
      if (isUnresolved(transitEncryption)) return [undecided(transitEncryption)];
      if (transitEncryption === undefined)
        return [violation("notSet", `${path}/transitEncryption`, { volume: name })];
      if (transitEncryption === "ENABLED") return [];
      return [violation("disabled", `${path}/transitEncryption`, { volume: name, value: transitEncryption })];
    }),
});
