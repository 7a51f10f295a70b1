import { BatchImportFindingsCommand, SecurityHubClient } from "@aws-sdk/client-securityhub";
import { SendMessageCommand, SQSClient } from "@aws-sdk/client-sqs";
import type { Context, SQSBatchResponse, SQSEvent } from "aws-lambda";
import { mockClient } from "aws-sdk-client-mock";
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { routes } from "../../shared/runtime/routes.ts";
import { sampleEvent } from "../helpers/samples.ts";
import { captureStructuredLogs } from "../helpers/structured-logs.ts";
import { drain } from "./faults.ts";

/**
 * Malformed events are permanent failures: each is logged with its id, counted in the MalformedEvents metric and
 * sent to the dead-letter queue with the reason, on its first receive; it is never retried.
 */

vi.stubEnv(
  "DEAD_LETTER_QUEUE_URL",
  "https://sqs.eu-west-1.amazonaws.com/123456789012/ecs-guardrails-test-Dlq",
);
vi.stubEnv("AWS_REGION", "eu-west-1");
vi.stubEnv("POWERTOOLS_LOG_LEVEL", "INFO");

const securityHub = mockClient(SecurityHubClient);
const sqs = mockClient(SQSClient);

type Handler = (event: SQSEvent, context: Context) => Promise<SQSBatchResponse>;

/** Per route, a sample its rules match, which its schema refuses once its account is not a string. */
const CASES: readonly { routeId: string; module: string; sample: string }[] = [
  { routeId: "ApiCalls", module: "api-calls", sample: "api-calls/create-service-public-ip" },
  {
    routeId: "TaskStateChanges",
    module: "task-state-changes",
    sample: "task-state-changes/running-public-ip",
  },
  {
    routeId: "ContainerInstanceStateChanges",
    module: "container-instance-state-changes",
    sample: "container-instance-state-changes/registered-hardened",
  },
  { routeId: "ServiceEvents", module: "service-events", sample: "service-events/deployment-failed" },
  { routeId: "Throttles", module: "throttles", sample: "throttles/register-targets-throttled" },
];

let logs: ReturnType<typeof captureStructuredLogs>;

beforeAll(() => {
  logs = captureStructuredLogs();
});

beforeEach(() => {
  securityHub.reset();
  sqs.reset();
  securityHub
    .on(BatchImportFindingsCommand)
    .resolves({ FailedCount: 0, SuccessCount: 1, FailedFindings: [] });
  sqs.on(SendMessageCommand).resolves({ MessageId: "dead-letter-1" });
  logs.clear();
});

afterAll(() => vi.restoreAllMocks());

describe("malformed events", () => {
  it.each(CASES)(
    "$routeId: logged with its id, counted, dead-lettered once, never retried",
    async (entry) => {
      // Prepare
      const { handler } = (await import(`../../functions/${entry.module}.ts`)) as { handler: Handler };
      const route = routes.find((candidate) => candidate.id === entry.routeId);
      const malformed: Record<string, unknown> = { ...sampleEvent(entry.sample), account: 123456789012 };
      const eventId = String(malformed.id);

      // Act
      const queue = await drain(handler, [{ id: "malformed", body: malformed }], route?.maxReceiveCount ?? 0);

      // Assess
      expect(queue.receives.get("malformed")).toBe(1);
      expect(queue.deleted.has("malformed")).toBe(true);
      expect(sqs).toHaveReceivedCommandTimes(SendMessageCommand, 1);
      const sent = sqs.commandCalls(SendMessageCommand)[0]?.args[0].input;
      expect(sent?.MessageBody).toBe(JSON.stringify(malformed));
      const reason = sent?.MessageAttributes?.["ecs-guardrails-reason"]?.StringValue ?? "";
      expect(reason).toContain(`event ${eventId} does not match the ${entry.routeId} schema`);
      expect(reason).toContain("account");
      expect(logs.lines).toContainEqual(
        expect.objectContaining({
          level: "WARN",
          messageId: "malformed",
          reason: expect.stringContaining(eventId),
        }),
      );
      const metrics = logs.lines.find((line) => "_aws" in line);
      expect(metrics?.MalformedEvents).toBe(1);
      expect(securityHub).not.toHaveReceivedCommand(BatchImportFindingsCommand);
    },
  );
});
