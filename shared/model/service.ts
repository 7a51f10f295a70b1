import type { Service as ApiService, CreateServiceRequest } from "@aws-sdk/client-ecs";
import { member, readString, root } from "./read.ts";
import { readFields } from "./shape.ts";
import { type Service, serviceFields } from "./types.ts";

type ServiceShape = ApiService & CreateServiceRequest;

/**
 * A service from DescribeServices output, CloudTrail `responseElements.service`, a CreateService
 * input (CloudTrail `requestParameters`, a service.json file) or converted CloudFormation properties.
 */
export function serviceFromApi(input: unknown): Service {
  const node = root(input);
  const field = (key: keyof ServiceShape & string) => member<ServiceShape>(node, key);
  const arn = readString(field("serviceArn"));
  return {
    kind: "Service",
    arn: typeof arn === "string" ? arn : undefined,
    cluster: readString(field("clusterArn")) ?? readString(field("cluster")),
    ...readFields(serviceFields, node),
  };
}
