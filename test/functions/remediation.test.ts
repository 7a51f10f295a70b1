import { DynamoDBClient, UpdateItemCommand } from "@aws-sdk/client-dynamodb";
import { PublishCommand, SNSClient } from "@aws-sdk/client-sns";
import { SendMessageCommand, SQSClient } from "@aws-sdk/client-sqs";
import { mockClient } from "aws-sdk-client-mock";
import { describe, expect, it, vi } from "vitest";
import { EMPTY_CONFIG, type GuardrailsConfig } from "../../shared/engine/config.ts";
import { policies } from "../../shared/policies/index.ts";
import { remediationPermissions } from "../../shared/remediation/permissions.ts";
import { remediationRoute } from "../../shared/runtime/routes.ts";
import { operationOf } from "../helpers/aws-model.ts";
import { lambdaContext, sqsEvent } from "../helpers/lambda.ts";
import { expectExactlyAllowed, recordSentActions } from "../helpers/sent-actions.ts";
import {
  CASES,
  changeCalls,
  customAction,
  ec2,
  ecs,
  findingIdOf,
  request,
  STAGE,
  securityHub,
  world,
} from "../runtime/remediation-harness.ts";

const TOPIC_ARN = "arn:aws:sns:eu-west-1:123456789012:ecs-guardrails-production-RemediationAudit";

/** The stage's config: every action in auto mode but one, which waits for a person (manual). */
const MANUAL = CASES[0];
const CONFIG: GuardrailsConfig = {
  ...EMPTY_CONFIG,
  policies: Object.fromEntries(
    CASES.map((testCase) => [testCase.policyId, { remediation: testCase === MANUAL ? "manual" : "auto" }]),
  ),
};

vi.stubEnv(
  "DEAD_LETTER_QUEUE_URL",
  "https://sqs.eu-west-1.amazonaws.com/123456789012/ecs-guardrails-test-RemediationDlq",
);
vi.stubEnv("AWS_REGION", "eu-west-1");
vi.stubEnv("POWERTOOLS_LOG_LEVEL", "ERROR");
vi.stubEnv("GUARDRAILS_STAGE", STAGE);
vi.stubEnv("GUARDRAILS_CONFIG", JSON.stringify(CONFIG));
vi.stubEnv("REMEDIATION_BUDGET_TABLE", "ecs-guardrails-production-RemediationBudget");
vi.stubEnv("GUARDRAILS_ACCOUNT", "123456789012");
vi.stubEnv("REMEDIATION_TOPIC_ARN", TOPIC_ARN);
vi.stubEnv("GUARDRAIL_ROLE_ARNS", "arn:aws:iam::123456789012:role/ecs-guardrails-production-RemediationRole");

const dynamodb = mockClient(DynamoDBClient);
const sns = mockClient(SNSClient);
const sqs = mockClient(SQSClient);
const { handler } = await import("../../functions/remediation.ts");

/** Every call the deployed function made, as IAM actions. */
const sent = new Set<string>();
function record() {
  recordSentActions(sent, { ecs, ec2, securityhub: securityHub, dynamodb, sqs, sns });
}

describe("functions/remediation", () => {
  it.each(CASES.map((testCase) => [testCase.action, testCase] as const))(
    "%s: repairs as the stage's mode says, within the budget, and records it on the finding",
    async (_, testCase) => {
      dynamodb.reset();
      dynamodb.on(UpdateItemCommand).resolves({ Attributes: { count: { N: "1" } } });
      sns.reset();
      sns.on(PublishCommand).resolves({ MessageId: "announced-1" });
      testCase.install(world);
      const trigger =
        testCase === MANUAL ? customAction([{ id: findingIdOf(testCase), ...testCase }]) : request(testCase);

      const response = await handler(sqsEvent([trigger]), lambdaContext());
      record();

      expect(response).toEqual({ batchItemFailures: [] });
      expect(changeCalls(testCase)).toHaveLength(1);
      expect(dynamodb.commandCalls(UpdateItemCommand)).toHaveLength(1);
      expect(securityHub.calls().map((call) => operationOf(call.args[0]))).toContain("BatchUpdateFindings");
      // Announced on the stage's topic: the record, a subject within SNS's 100 characters, attributes to filter on.
      const [announcement] = sns.commandCalls(PublishCommand).map((call) => call.args[0].input);
      expect(announcement?.TopicArn).toBe(TOPIC_ARN);
      expect(announcement?.Subject?.length).toBeLessThanOrEqual(100);
      expect(JSON.parse(announcement?.Message ?? "{}")).toMatchObject({
        policyId: testCase.policyId,
        actions: [expect.objectContaining({ action: testCase.action, outcome: "changed" })],
      });
      expect(announcement?.MessageAttributes?.policyId?.StringValue).toBe(testCase.policyId);
    },
  );

  it("dead-letters what is no remediation event, with its reason", async () => {
    sqs.reset();
    sqs.on(SendMessageCommand).resolves({ MessageId: "dead-letter-1" });
    const response = await handler(sqsEvent([{ raw: "{not json" }]), lambdaContext());
    record();
    expect(response).toEqual({ batchItemFailures: [] });
    expect(sqs.commandCalls(SendMessageCommand)).toHaveLength(1);
  });

  it("makes exactly the calls its route and the stage's modes allow, no more", async () => {
    const granted = [...remediationRoute.permissions, ...remediationPermissions(policies, CONFIG, STAGE)];
    // IAM checks some actions during another call (iam:PassRole on RegisterTaskDefinition): never sent as such.
    await expectExactlyAllowed(
      sent,
      granted.filter(
        (permission) => !("checkedDuring" in permission && permission.checkedDuring !== undefined),
      ),
    );
  });
});
