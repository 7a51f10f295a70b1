import type { Service as ApiService, CreateServiceRequest } from "@aws-sdk/client-ecs";
import { networkConfigurationFrom } from "./network-configuration.ts";
import { member, readString, root } from "./read.ts";
import type { Service } from "./types.ts";

type ServiceShape = ApiService & CreateServiceRequest;

/**
 * A service from DescribeServices output, CloudTrail `responseElements.service`, a CreateService
 * input (CloudTrail `requestParameters`, a service.json file) or converted CloudFormation properties.
 */
export function serviceFromApi(input: unknown): Service {
  const node = root(input);
  const field = (key: keyof ServiceShape & string) => member<ServiceShape>(node, key);
  const arn = readString(field("serviceArn"));
  const clusterArn = readString(field("clusterArn"));
  return {
    kind: "Service",
    arn: typeof arn === "string" ? arn : undefined,
    name: readString(field("serviceName")),
    cluster: clusterArn ?? readString(field("cluster")),
    launchType: readString(field("launchType")),
    taskDefinition: readString(field("taskDefinition")),
    networkConfiguration: networkConfigurationFrom(field("networkConfiguration")),
  };
}
