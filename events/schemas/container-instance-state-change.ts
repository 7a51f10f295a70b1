import * as z from "zod/mini";
import { eventBridgeEnvelope } from "./eventbridge.ts";

/**
 * `detail` of an "ECS Container Instance State Change" event: a container instance as DescribeContainerInstances
 * describes it, plus its cluster. Only what names the instance and its lifecycle is required; every other field
 * is read by the normalizer, where a mistyped value makes a policy UNKNOWN rather than the event malformed.
 */
export const containerInstanceStateChangeDetail = z.looseObject({
  containerInstanceArn: z.string().check(z.minLength(1)),
  clusterArn: z.string().check(z.minLength(1)),
  status: z.string().check(z.minLength(1)),
  // External (ECS Anywhere) instances have no EC2 instance.
  ec2InstanceId: z.optional(z.string()),
});

export const containerInstanceStateChangeEvent = z.extend(eventBridgeEnvelope, {
  "detail-type": z.literal("ECS Container Instance State Change"),
  source: z.literal("aws.ecs"),
  detail: containerInstanceStateChangeDetail,
});

export type ContainerInstanceStateChangeEvent = z.infer<typeof containerInstanceStateChangeEvent>;
