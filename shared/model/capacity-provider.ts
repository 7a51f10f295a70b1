import type { CapacityProvider as ApiCapacityProvider } from "@aws-sdk/client-ecs";
import { member, readString, root } from "./read.ts";
import { readFields } from "./shape.ts";
import { type CapacityProvider, capacityProviderFields } from "./types.ts";

/**
 * A capacity provider from DescribeCapacityProviders output, CloudTrail `responseElements.capacityProvider`,
 * a CreateCapacityProvider input or converted CloudFormation properties.
 */
export function capacityProviderFromApi(input: unknown): CapacityProvider {
  const node = root(input);
  const arn = readString(member<ApiCapacityProvider>(node, "capacityProviderArn"));
  return {
    kind: "CapacityProvider",
    arn: typeof arn === "string" ? arn : undefined,
    ...readFields(capacityProviderFields, node),
  };
}
