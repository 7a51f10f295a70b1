import * as z from "zod/mini";
import { ecsApiCallNames } from "../ecs-api-calls.ts";
import { eventBridgeEnvelope } from "./eventbridge.ts";

const userIdentity = z.looseObject({
  type: z.optional(z.string()),
  arn: z.optional(z.string()),
  principalId: z.optional(z.string()),
  invokedBy: z.optional(z.string()),
});

/** `detail` of an "AWS API Call via CloudTrail" event for one of the evaluated ECS calls. */
export const ecsApiCallDetail = z.looseObject({
  eventSource: z.literal("ecs.amazonaws.com"),
  eventName: z.enum(ecsApiCallNames),
  eventID: z.string().check(z.minLength(1)),
  eventTime: z.optional(z.string()),
  awsRegion: z.optional(z.string()),
  sourceIPAddress: z.optional(z.string()),
  userIdentity: z.optional(userIdentity),
  errorCode: z.optional(z.string()),
  // CloudTrail leaves either out when a call's payload is too large; the pipeline then reads the state.
  requestParameters: z.nullish(z.looseObject({})),
  responseElements: z.nullish(z.looseObject({})),
});

export const ecsApiCallEvent = z.extend(eventBridgeEnvelope, {
  "detail-type": z.literal("AWS API Call via CloudTrail"),
  source: z.literal("aws.ecs"),
  detail: ecsApiCallDetail,
});

export type EcsApiCallEvent = z.infer<typeof ecsApiCallEvent>;
export type EcsApiCallDetail = z.infer<typeof ecsApiCallDetail>;
