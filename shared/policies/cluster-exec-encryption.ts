import { isUnresolved, type Resolvable } from "../model/resolvable.ts";
import { definePolicy, type Observation, undecided, violation } from "./define-policy.ts";

const EXEC_PATH = "/configuration/executeCommandConfiguration";

type ExecEncryptionMessage = "noSessionKey" | "logGroupUnencrypted" | "bucketUnencrypted";

export default definePolicy({
  id: "cluster-exec-encryption",
  title: "ECS clusters encrypt ECS Exec sessions and their logs with KMS",
  severity: "MEDIUM",
  resource: "Cluster",
  controls: [],
  practice: "M5: ECS Exec sessions and their logs are encrypted",
  rationale:
    "ECS Exec sessions carry shell input and output, often secrets and customer data. A cluster KMS key encrypts " +
    "that data between the client and the container beyond TLS, and lets key policy and CloudTrail control and " +
    "record who may open sessions; session logs written to CloudWatch or S3 hold the same data and must only be " +
    "written to an encrypted destination.",
  deviations:
    "The session key and the log encryption are reported as separate findings (Checkov's CKV_AWS_224 merges them, " +
    "bridgecrewio/checkov#6265). Every cluster is judged, whether or not its services turn ECS Exec on; the log " +
    "flags are judged only with logging OVERRIDE, the only mode they apply to.",
  messages: {
    noSessionKey:
      "executeCommandConfiguration has no kmsKeyId: ECS Exec session data is not encrypted with a KMS key",
    logGroupUnencrypted:
      "session logs go to CloudWatch log group {{destination}} without cloudWatchEncryptionEnabled",
    bucketUnencrypted: "session logs go to S3 bucket {{destination}} without s3EncryptionEnabled",
  },
  remediation: {
    recommendation:
      "Update the cluster's executeCommandConfiguration with a customer managed kmsKeyId, and with " +
      "cloudWatchEncryptionEnabled / s3EncryptionEnabled true for a KMS-encrypted log group or bucket; give the " +
      "task role kms:Decrypt on the key.",
    url: "https://docs.aws.amazon.com/AmazonECS/latest/developerguide/ecs-exec.html",
    fixable: false,
  },
  evaluate: ({ configuration }) => {
    if (isUnresolved(configuration)) return [undecided(configuration)];
    const exec = configuration?.executeCommandConfiguration;
    if (isUnresolved(exec)) return [undecided(exec)];
    const kmsKeyId = exec?.kmsKeyId;
    const observations: Observation<ExecEncryptionMessage>[] = [];
    if (isUnresolved(kmsKeyId)) observations.push(undecided(kmsKeyId));
    else if (kmsKeyId === undefined || kmsKeyId === "")
      observations.push(violation("noSessionKey", `${EXEC_PATH}/kmsKeyId`));
    // The encryption flags take effect only with OVERRIDE, and both default to off.
    const logging = exec?.logging;
    if (isUnresolved(logging)) return [...observations, undecided(logging)];
    const logConfiguration = logging === "OVERRIDE" ? exec?.logConfiguration : undefined;
    if (isUnresolved(logConfiguration)) return [...observations, undecided(logConfiguration)];
    if (logConfiguration === undefined) return observations;
    return [
      ...observations,
      ...unencrypted(
        logConfiguration.cloudWatchLogGroupName,
        logConfiguration.cloudWatchEncryptionEnabled,
        "logGroupUnencrypted",
        "cloudWatchEncryptionEnabled",
      ),
      ...unencrypted(
        logConfiguration.s3BucketName,
        logConfiguration.s3EncryptionEnabled,
        "bucketUnencrypted",
        "s3EncryptionEnabled",
      ),
    ];
  },
});

function unencrypted(
  destination: Resolvable<string | undefined>,
  encrypted: Resolvable<boolean | undefined>,
  messageId: ExecEncryptionMessage,
  flag: string,
): readonly Observation<ExecEncryptionMessage>[] {
  if (destination === undefined || destination === "") return [];
  if (isUnresolved(encrypted)) return [undecided(encrypted)];
  if (encrypted === true) return [];
  const label = isUnresolved(destination) ? "(named by an unresolved value)" : destination;
  return [violation(messageId, `${EXEC_PATH}/logConfiguration/${flag}`, { destination: label })];
}
