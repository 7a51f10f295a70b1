import * as z from "zod/mini";
import { throttledEventSources, throttledServiceSources } from "../throttling.ts";
import { eventBridgeEnvelope } from "./eventbridge.ts";

const userIdentity = z.looseObject({
  type: z.optional(z.string()),
  arn: z.optional(z.string()),
  invokedBy: z.optional(z.string()),
});

/**
 * `detail` of an "AWS API Call via CloudTrail" event for a call ECS made to EC2, Elastic Load Balancing or
 * Cloud Map that was throttled. Only what the aggregation reads is checked; the route's pattern already chose
 * the caller and the error codes.
 */
export const throttledCallDetail = z.looseObject({
  eventSource: z.enum(throttledEventSources),
  eventName: z.string().check(z.minLength(1)),
  eventID: z.string().check(z.minLength(1)),
  eventTime: z.optional(z.iso.datetime({ offset: true })),
  errorCode: z.string().check(z.minLength(1)),
  sourceIPAddress: z.optional(z.string()),
  userIdentity: z.optional(userIdentity),
  // CloudTrail may record a refused call without its request; the call still counts.
  requestParameters: z.nullish(z.looseObject({})),
});

export const cloudTrailThrottleEvent = z.extend(eventBridgeEnvelope, {
  "detail-type": z.literal("AWS API Call via CloudTrail"),
  source: z.enum(Object.values(throttledServiceSources)),
  detail: throttledCallDetail,
});

export type CloudTrailThrottleEvent = z.infer<typeof cloudTrailThrottleEvent>;
