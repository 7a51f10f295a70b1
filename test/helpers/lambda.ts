import type { Context, SQSEvent, SQSRecord } from "aws-lambda";
import { EMPTY_CONFIG, type GuardrailsConfig } from "../../shared/engine/config.ts";
import type { RuntimeConfig } from "../../shared/runtime/config.ts";

/**
 * A Lambda context without `getRemainingTimeInMillis`, so middy starts no early-timeout timer in tests.
 */
export function lambdaContext(): Context {
  return {
    callbackWaitsForEmptyEventLoop: false,
    functionName: "ecs-guardrails-test-ApiCalls",
    functionVersion: "$LATEST",
    invokedFunctionArn: "arn:aws:lambda:eu-west-1:123456789012:function:ecs-guardrails-test-ApiCalls",
    memoryLimitInMB: "512",
    awsRequestId: "c6af9ac6-7b61-11e6-9a41-93e812345678",
    logGroupName: "/aws/lambda/ecs-guardrails-test-ApiCalls",
    logStreamName: "2026/11/24/[$LATEST]abcdef0123456789",
    done: () => undefined,
    fail: () => undefined,
    succeed: () => undefined,
  } as unknown as Context;
}

/** An SQS event as Lambda delivers the queue's messages: each body an EventBridge event as JSON. */
export function sqsEvent(bodies: readonly (unknown | { raw: string })[]): SQSEvent {
  return {
    Records: bodies.map(
      (body, index): SQSRecord => ({
        messageId: `message-${index}`,
        receiptHandle: `receipt-${index}`,
        body:
          typeof body === "object" && body !== null && "raw" in body
            ? String(body.raw)
            : JSON.stringify(body),
        attributes: {
          ApproximateReceiveCount: "1",
          SentTimestamp: "1764000000000",
          SenderId: "AIDAEVENTBRIDGE",
          ApproximateFirstReceiveTimestamp: "1764000000000",
        },
        messageAttributes: {},
        md5OfBody: "",
        eventSource: "aws:sqs",
        eventSourceARN: "arn:aws:sqs:eu-west-1:123456789012:ecs-guardrails-test-ApiCallsQueue",
        awsRegion: "eu-west-1",
      }),
    ),
  };
}

/** What an event function of `routeId` reads from its environment in the test stage (no remediation resources). */
export function eventFunctionConfig(
  routeId: string,
  guardrails: GuardrailsConfig = EMPTY_CONFIG,
): RuntimeConfig {
  return {
    region: "eu-west-1",
    deadLetterQueueUrl: `https://sqs.eu-west-1.amazonaws.com/123456789012/ecs-guardrails-test-${routeId}Dlq`,
    guardrails,
    stage: "test",
    remediationBudgetTable: undefined,
    account: undefined,
    remediationTopicArn: undefined,
    guardrailRoleArns: [],
  };
}
