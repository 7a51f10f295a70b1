import { z } from "zod";
import { eventBridgeEnvelope } from "./eventbridge.ts";

/** The ECS API calls the api-calls route evaluates (kept in step with `apiCallsPattern`). */
export const ecsApiCallNames = [
  "RegisterTaskDefinition",
  "CreateService",
  "UpdateService",
  "CreateTaskSet",
  "RunTask",
  "StartTask",
] as const;

export type EcsApiCallName = (typeof ecsApiCallNames)[number];

const userIdentity = z.looseObject({
  type: z.string().optional(),
  arn: z.string().optional(),
  principalId: z.string().optional(),
  invokedBy: z.string().optional(),
});

/** `detail` of an "AWS API Call via CloudTrail" event for one of the evaluated ECS calls. */
export const ecsApiCallDetail = z.looseObject({
  eventSource: z.literal("ecs.amazonaws.com"),
  eventName: z.enum(ecsApiCallNames),
  eventID: z.string().min(1),
  eventTime: z.string().optional(),
  awsRegion: z.string().optional(),
  sourceIPAddress: z.string().optional(),
  userIdentity: userIdentity.optional(),
  errorCode: z.string().optional(),
  // CloudTrail leaves either out when a call's payload is too large; the pipeline then reads the state.
  requestParameters: z.looseObject({}).nullish(),
  responseElements: z.looseObject({}).nullish(),
});

export const ecsApiCallEvent = eventBridgeEnvelope.extend({
  "detail-type": z.literal("AWS API Call via CloudTrail"),
  source: z.literal("aws.ecs"),
  detail: ecsApiCallDetail,
});

export type EcsApiCallEvent = z.infer<typeof ecsApiCallEvent>;
export type EcsApiCallDetail = z.infer<typeof ecsApiCallDetail>;
