/**
 * What the throttles route watches: calls ECS makes on the user's behalf to other services (task network
 * interfaces in EC2, targets in Elastic Load Balancing, instances in Cloud Map) that were refused for their rate.
 */

/** EventBridge `source` of each watched service's CloudTrail events, by the `eventSource` CloudTrail writes. */
export const throttledServiceSources = {
  "ec2.amazonaws.com": "aws.ec2",
  "elasticloadbalancing.amazonaws.com": "aws.elasticloadbalancing",
  "servicediscovery.amazonaws.com": "aws.servicediscovery",
} as const;

type ThrottledEventSource = keyof typeof throttledServiceSources;

export const throttledEventSources = Object.keys(throttledServiceSources) as ThrottledEventSource[];

/**
 * The error codes CloudTrail records for a call refused for its rate: EC2's `RequestLimitExceeded`, which
 * CloudTrail writes with EC2's `Client.` prefix; Elastic Load Balancing's `ThrottlingException` ("Rate
 * exceeded") and the Query APIs' common `Throttling`; Cloud Map's `RequestLimitExceeded` and
 * `ThrottlingException`; and `TooManyRequestsException`, AWS's other documented throttling code.
 */
export const throttlingErrorCodes = [
  "RequestLimitExceeded",
  "Client.RequestLimitExceeded",
  "Throttling",
  "ThrottlingException",
  "TooManyRequestsException",
] as const;

/** How CloudTrail names ECS as the caller: the service principal, and the service-linked role it assumes. */
export const ECS_SERVICE_PRINCIPAL = "ecs.amazonaws.com";
export const ECS_SERVICE_LINKED_ROLE = "AWSServiceRoleForECS";
