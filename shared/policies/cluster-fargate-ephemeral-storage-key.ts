import { isUnresolved } from "../model/resolvable.ts";
import { definePolicy, undecided, violation } from "./define-policy.ts";

export default definePolicy({
  id: "cluster-fargate-ephemeral-storage-key",
  title: "ECS clusters encrypt Fargate ephemeral storage with a customer managed KMS key",
  severity: "LOW",
  resource: "Cluster",
  controls: [],
  practice: "M2: Encrypt Fargate ephemeral storage with a customer managed key",
  rationale:
    "Fargate always encrypts task ephemeral storage, but by default with an AWS owned key that the account can " +
    "neither audit nor revoke. A customer managed key on the cluster puts every Fargate task's scratch data " +
    "under the account's key policy, rotation and CloudTrail record, as compliance regimes often require.",
  deviations:
    "The catalog rates M2 INFORMATIONAL because the default is already encrypted; LOW is used here for the " +
    "customer-managed-key requirement. Every cluster is judged, since Fargate tasks can run in any cluster.",
  messages: {
    noCustomerKey:
      "managedStorageConfiguration has no fargateEphemeralStorageKmsKeyId: Fargate ephemeral storage is " +
      "encrypted with an AWS owned key",
  },
  remediation: {
    recommendation:
      "Update the cluster's configuration.managedStorageConfiguration.fargateEphemeralStorageKmsKeyId to a " +
      "single-Region customer managed key whose policy lets Fargate use it; tasks started afterwards use the key.",
    url: "https://docs.aws.amazon.com/AmazonECS/latest/developerguide/fargate-storage-encryption.html",
    fixable: false,
  },
  evaluate: ({ configuration }) => {
    if (isUnresolved(configuration)) return [undecided(configuration)];
    const storage = configuration?.managedStorageConfiguration;
    if (isUnresolved(storage)) return [undecided(storage)];
    const keyId = storage?.fargateEphemeralStorageKmsKeyId;
    if (isUnresolved(keyId)) return [undecided(keyId)];
    if (keyId !== undefined && keyId !== "") return [];
    return [
      violation(
        "noCustomerKey",
        "/configuration/managedStorageConfiguration/fargateEphemeralStorageKmsKeyId",
      ),
    ];
  },
});
