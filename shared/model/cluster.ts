import type { Cluster as ApiCluster } from "@aws-sdk/client-ecs";
import { member, readString, root } from "./read.ts";
import { readFields } from "./shape.ts";
import { type Cluster, clusterFields } from "./types.ts";

/**
 * A cluster from DescribeClusters output (with SETTINGS, CONFIGURATIONS and TAGS included), CloudTrail
 * `responseElements.cluster`, a CreateCluster input or converted CloudFormation properties.
 */
export function clusterFromApi(input: unknown): Cluster {
  const node = root(input);
  const arn = readString(member<ApiCluster>(node, "clusterArn"));
  return {
    kind: "Cluster",
    arn: typeof arn === "string" ? arn : undefined,
    ...readFields(clusterFields, node),
  };
}
