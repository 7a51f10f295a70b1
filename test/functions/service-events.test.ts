import { readdirSync } from "node:fs";
import { EC2Client } from "@aws-sdk/client-ec2";
import { ECSClient } from "@aws-sdk/client-ecs";
import { IAMClient } from "@aws-sdk/client-iam";
import { BatchImportFindingsCommand, SecurityHubClient } from "@aws-sdk/client-securityhub";
import { SendMessageCommand, SQSClient } from "@aws-sdk/client-sqs";
import { mockClient } from "aws-sdk-client-mock";
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { policies } from "../../shared/policies/index.ts";
import { serviceEventsRoute } from "../../shared/runtime/routes.ts";
import { modelsAvailable, validateBatchImportFindings } from "../helpers/aws-model.ts";
import { acceptEveryOutput, importedFindings, stubFunctionEnvironment } from "../helpers/function-harness.ts";
import { lambdaContext, sqsEvent } from "../helpers/lambda.ts";
import { sampleEvent } from "../helpers/samples.ts";
import { expectExactlyAllowed, recordSentActions } from "../helpers/sent-actions.ts";
import { SERVICE_ARN } from "../helpers/service-events.ts";
import { silenceStructuredLogs } from "../helpers/structured-logs.ts";

const DEAD_LETTER_QUEUE_URL = stubFunctionEnvironment("INFO", "ServiceEvents");

const ec2 = mockClient(EC2Client);
const ecs = mockClient(ECSClient);
const iam = mockClient(IAMClient);
const securityHub = mockClient(SecurityHubClient);
const sqs = mockClient(SQSClient);

/** Every command any test sent, to prove the route's IAM permissions allow exactly these calls. */
const sentActions = new Set<string>();

const { handler } = await import("../../functions/service-events.ts");

const SAMPLES = readdirSync(new URL("../../events/samples/service-events/", import.meta.url)).map((file) =>
  sampleEvent(`service-events/${file.replace(/\.json$/, "")}`),
);
const ours = (name: string) => sampleEvent(`service-events/${name}`);

async function invoke(bodies: readonly unknown[]) {
  const response = await handler(sqsEvent(bodies), lambdaContext());
  recordSentActions(sentActions, { ec2, ecs, iam, securityhub: securityHub, sqs });
  return response;
}

beforeAll(() => {
  // Powertools writes its structured logs to stdout and stderr; these tests read the responses instead.
  silenceStructuredLogs();
});

beforeEach(() => {
  for (const client of [ec2, ecs, iam, securityHub, sqs]) client.reset();
  acceptEveryOutput(securityHub, sqs);
});

afterAll(() => vi.restoreAllMocks());

describe("functions/service-events", () => {
  it("publishes the steady state that follows a placement failure, even when the batch reverses them", async () => {
    // Prepare
    const events = [ours("service-steady-state"), ours("service-task-placement-failure")];

    // Act
    const response = await invoke(events);

    // Assess
    expect(response).toEqual({ batchItemFailures: [] });
    expect(securityHub).toHaveReceivedCommandTimes(BatchImportFindingsCommand, 1);
    const placement = importedFindings(securityHub).filter(
      (finding) => finding.GeneratorId === "service-task-placement-succeeds",
    );
    expect(placement).toEqual([
      expect.objectContaining({
        Id: `eu-west-1/123456789012/service-task-placement-succeeds/${SERVICE_ARN}`,
        Compliance: { Status: "PASSED" },
        UpdatedAt: "2026-11-24T12:20:44Z",
      }),
    ]);
  });

  it("reads nothing: the events say all the policies judge", async () => {
    await invoke(SAMPLES);
    expect(ecs.calls()).toEqual([]);
    expect(ec2.calls()).toEqual([]);
    expect(iam.calls()).toEqual([]);
    expect(new Set(importedFindings(securityHub).map((finding) => finding.GeneratorId))).toEqual(
      new Set(policies.filter((policy) => policy.resource === "ServiceEvent").map((policy) => policy.id)),
    );
  });

  it("sends an event without the service's ARN to the dead-letter queue with the reason", async () => {
    const event = { ...ours("deployment-failed"), resources: [] };
    const response = await invoke([event, ours("deployment-completed")]);
    expect(response).toEqual({ batchItemFailures: [] });
    const sent = sqs.commandCalls(SendMessageCommand)[0]?.args[0].input;
    expect(sent?.QueueUrl).toBe(DEAD_LETTER_QUEUE_URL);
    expect(sent?.MessageAttributes?.["ecs-guardrails-reason"]?.StringValue).toMatch(
      /does not match the ServiceEvents schema: resources\.0/,
    );
    expect(importedFindings(securityHub).map((finding) => finding.Compliance?.Status)).toEqual(["PASSED"]);
  });

  it("dead-letters a service action no rule routes", async () => {
    const event = {
      ...ours("service-steady-state"),
      detail: { eventName: "TASKS_STOPPED", eventType: "INFO" },
    };
    await invoke([event]);
    expect(
      sqs.commandCalls(SendMessageCommand)[0]?.args[0].input.MessageAttributes?.["ecs-guardrails-reason"]
        ?.StringValue,
    ).toMatch(/matches no rule of the ServiceEvents route/);
    expect(securityHub).not.toHaveReceivedCommand(BatchImportFindingsCommand);
  });

  it("returns the records to the queue when Security Hub is unreachable", async () => {
    securityHub.on(BatchImportFindingsCommand).rejects(new Error("socket hang up"));
    const response = await invoke([ours("ecs-operation-throttled"), ours("deployment-failed")]);
    expect(response).toEqual({
      batchItemFailures: [{ itemIdentifier: "message-0" }, { itemIdentifier: "message-1" }],
    });
  });

  describe.skipIf(!modelsAvailable())("requests against the AWS API models", () => {
    it("sends only valid BatchImportFindings requests for every sample", async () => {
      await invoke(SAMPLES);
      const batches = securityHub.commandCalls(BatchImportFindingsCommand).map((call) => call.args[0].input);
      expect(batches.length).toBeGreaterThan(0);
      for (const input of batches) expect(validateBatchImportFindings(input)).toEqual([]);
    });
  });

  describe("IAM", () => {
    it("allows every AWS call the handler made, and nothing it never makes", async () => {
      await expectExactlyAllowed(sentActions, serviceEventsRoute.permissions);
    });
  });
});
