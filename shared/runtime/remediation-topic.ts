import { PublishCommand, type SNSClient } from "@aws-sdk/client-sns";
import type { RemediationRecord } from "./remediation-evaluator.ts";

/** SNS subjects are at most 100 characters. */
const SUBJECT_LIMIT = 100;

/**
 * Announces each remediation that did something on the stage's SNS topic: the record as JSON, a subject a mail
 * client shows, and attributes subscribers can filter on (the policy, each action's outcome). A failed publish
 * throws, so the record is retried: the actions are idempotent, and nothing goes unannounced.
 */
export function remediationTopic(client: SNSClient, topicArn: string) {
  return async (record: RemediationRecord): Promise<void> => {
    const outcomes = [...new Set(record.actions.map((action) => action.outcome))];
    await client.send(
      new PublishCommand({
        TopicArn: topicArn,
        Subject: `ECS Guardrails ${outcomes.join("/")}: ${record.policyId}`.slice(0, SUBJECT_LIMIT),
        Message: JSON.stringify(record),
        MessageAttributes: {
          policyId: { DataType: "String", StringValue: record.policyId },
          outcomes: { DataType: "String.Array", StringValue: JSON.stringify(outcomes) },
        },
      }),
    );
  };
}
