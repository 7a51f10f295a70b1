import { clusterFromApi } from "../../shared/model/cluster.ts";
import type { Cluster } from "../../shared/model/types.ts";
import clusterFargateEphemeralStorageKey from "../../shared/policies/cluster-fargate-ephemeral-storage-key.ts";
import { intrinsic } from "../helpers/builders.ts";
import { policyTester } from "../helpers/policy-tester.ts";
import { sampleCloudFormationResource } from "../helpers/samples.ts";
import { fromSamples, readSharedJson } from "../helpers/shared-data.ts";

const STORAGE = "/configuration/managedStorageConfiguration";
const KEY_PATH = `${STORAGE}/fargateEphemeralStorageKmsKeyId`;
const KEY = "arn:aws:kms:eu-west-1:123456789012:key/0a1b2c3d-4e5f-6a7b-8c9d-0e1f2a3b4c5d";

const withStorage = (managedStorageConfiguration: unknown) =>
  clusterFromApi({ clusterName: "prod", configuration: { managedStorageConfiguration } });

function templateCluster(file: string, logicalId: string): Cluster {
  const { resource } = sampleCloudFormationResource(file, logicalId);
  if (resource.kind !== "Cluster") throw new Error(`${file} has no cluster ${logicalId}`);
  return resource;
}

function documentedCluster(): Cluster {
  const { examples } = readSharedJson("aws-models/ecs_2014-11-13_examples-1.json") as {
    examples: { DescribeClusters: { output: { clusters: unknown[] } }[] };
  };
  return clusterFromApi(examples.DescribeClusters[0]?.output.clusters[0]);
}

policyTester.run(clusterFargateEphemeralStorageKey, {
  valid: [
    { name: "a customer managed key", resource: withStorage({ fargateEphemeralStorageKmsKeyId: KEY }) },
    {
      name: "keys for both EBS and Fargate storage",
      resource: withStorage({ kmsKeyId: KEY, fargateEphemeralStorageKmsKeyId: "alias/fargate-storage" }),
    },
  ],
  invalid: [
    {
      name: "no configuration",
      resource: clusterFromApi({ clusterName: "prod" }),
      violations: [{ messageId: "noCustomerKey", path: KEY_PATH }],
    },
    {
      name: "a key for EBS volumes only",
      resource: withStorage({ kmsKeyId: KEY }),
      violations: [{ messageId: "noCustomerKey", path: KEY_PATH }],
    },
    {
      name: "an empty key id",
      resource: withStorage({ fargateEphemeralStorageKmsKeyId: "" }),
      violations: [{ messageId: "noCustomerKey", path: KEY_PATH }],
    },
    ...fromSamples("real sample cases", () => [
      {
        name: "Prowler's cluster template (real sample)",
        resource: templateCluster("prowler-cloud__prowler__CF-Prowler-ECS.yml", "ProwlerECSCluster"),
        violations: [{ messageId: "noCustomerKey" as const, path: KEY_PATH }],
      },
      {
        name: "documented DescribeClusters example (real sample)",
        resource: documentedCluster(),
        violations: [{ messageId: "noCustomerKey" as const, path: KEY_PATH }],
      },
    ]),
  ],
  unknown: [
    {
      name: "key from an unresolved intrinsic",
      resource: withStorage({ fargateEphemeralStorageKmsKeyId: intrinsic(KEY_PATH) }),
      observations: [{ messageId: "unresolved", path: KEY_PATH }],
    },
    {
      name: "managed storage configuration from an unresolved intrinsic",
      resource: withStorage(intrinsic(STORAGE)),
      observations: [{ messageId: "unresolved", path: STORAGE }],
    },
  ],
});
