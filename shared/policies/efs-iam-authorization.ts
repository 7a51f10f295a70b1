import { isUnresolved } from "../model/resolvable.ts";
import { definePolicy, undecided, violation } from "./define-policy.ts";
import { eachEfsVolume } from "./utils/efs-volumes.ts";

export default definePolicy({
  id: "efs-iam-authorization",
  title: "ECS tasks mount EFS volumes with IAM authorization",
  severity: "MEDIUM",
  resource: "TaskDefinition",
  controls: [],
  practice: "D2: Use IAM authorization for EFS volumes",
  rationale:
    "Without IAM authorization the EFS mount helper connects anonymously: the file system policy cannot tell " +
    "this task from any other client that reaches the mount target, so it cannot grant read-only or per-role " +
    "access. With iam ENABLED the task role's identity is presented and file system policies apply.",
  deviations:
    "IAM authorization is enforced only where the file system policy requires it (elasticfilesystem:ClientMount " +
    "and ClientWrite); that policy needs an EFS lookup and is not checked here.",
  messages: {
    iamNotEnabled:
      'EFS volume "{{volume}}" is mounted without IAM authorization (authorizationConfig.iam is {{iam}})',
    noEfsVolumes: "the task definition mounts no EFS volumes",
  },
  remediation: {
    recommendation:
      "Set authorizationConfig.iam to ENABLED (with transitEncryption ENABLED) on the EFS volume, give the task " +
      "role elasticfilesystem:ClientMount (and ClientWrite where needed), and require IAM in the file system policy.",
    url: "https://docs.aws.amazon.com/AmazonECS/latest/developerguide/efs-volumes.html",
    fixable: false,
  },
  evaluate: ({ volumes }) =>
    eachEfsVolume(volumes, ({ name, path, efs }) => {
      const authorization = efs.authorizationConfig;
      if (isUnresolved(authorization)) return [undecided(authorization)];
      const iam = authorization?.iam;
      if (isUnresolved(iam)) return [undecided(iam)];
      if (iam === "ENABLED") return [];
      return [
        violation("iamNotEnabled", `${path}/authorizationConfig/iam`, {
          volume: name,
          iam: iam ?? "not set",
        }),
      ];
    }),
});
