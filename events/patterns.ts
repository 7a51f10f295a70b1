import { ecsApiCallNames } from "./ecs-api-calls.ts";

/**
 * EventBridge patterns, in the JSON shape the rules receive. The stack deploys them and
 * `ecs-guardrails replay` routes events with them, so both see the same events.
 */

/** ECS write calls that create or change what policies judge (tags included); failed calls change nothing. */
export const apiCallsPattern = {
  source: ["aws.ecs"],
  "detail-type": ["AWS API Call via CloudTrail"],
  detail: {
    eventSource: ["ecs.amazonaws.com"],
    eventName: ecsApiCallNames,
    errorCode: [{ exists: false }],
  },
} as const;
