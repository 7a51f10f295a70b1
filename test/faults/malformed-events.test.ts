import { BatchImportFindingsCommand, SecurityHubClient } from "@aws-sdk/client-securityhub";
import { SendMessageCommand, SQSClient } from "@aws-sdk/client-sqs";
import { mockClient } from "aws-sdk-client-mock";
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import {
  apiCallsRoute,
  containerInstanceStateChangesRoute,
  type RouteSpec,
  serviceEventsRoute,
  taskStateChangesRoute,
  throttlesRoute,
} from "../../shared/runtime/routes.ts";
import { acceptEveryOutput, deployedHandler, stubFunctionEnvironment } from "../helpers/function-harness.ts";
import { sampleEvent } from "../helpers/samples.ts";
import { captureStructuredLogs } from "../helpers/structured-logs.ts";
import { drain } from "./faults.ts";

/**
 * Malformed events are permanent failures: each is logged with its id, counted in the MalformedEvents metric and
 * sent to the dead-letter queue with the reason, on its first receive; it is never retried.
 */

stubFunctionEnvironment("INFO");

const securityHub = mockClient(SecurityHubClient);
const sqs = mockClient(SQSClient);

/** Per route, a sample its rules match, which its schema refuses once its account is not a string. */
const CASES: readonly { route: RouteSpec; sample: string }[] = [
  { route: apiCallsRoute, sample: "api-calls/create-service-public-ip" },
  { route: taskStateChangesRoute, sample: "task-state-changes/running-public-ip" },
  {
    route: containerInstanceStateChangesRoute,
    sample: "container-instance-state-changes/registered-hardened",
  },
  { route: serviceEventsRoute, sample: "service-events/deployment-failed" },
  { route: throttlesRoute, sample: "throttles/register-targets-throttled" },
];

let logs: ReturnType<typeof captureStructuredLogs>;

beforeAll(() => {
  logs = captureStructuredLogs();
});

beforeEach(() => {
  securityHub.reset();
  sqs.reset();
  acceptEveryOutput(securityHub, sqs);
  logs.clear();
});

afterAll(() => vi.restoreAllMocks());

describe("malformed events", () => {
  it.each(CASES)(
    "$route.id: logged with its id, counted, dead-lettered once, never retried",
    async ({ route, sample }) => {
      // Prepare
      const handler = await deployedHandler(route);
      const malformed: Record<string, unknown> = { ...sampleEvent(sample), account: 123456789012 };
      const eventId = String(malformed.id);

      // Act
      const queue = await drain(handler, [{ id: "malformed", body: malformed }], route.maxReceiveCount);

      // Assess
      expect(queue.receives.get("malformed")).toBe(1);
      expect(queue.deleted.has("malformed")).toBe(true);
      expect(sqs).toHaveReceivedCommandTimes(SendMessageCommand, 1);
      const sent = sqs.commandCalls(SendMessageCommand)[0]?.args[0].input;
      expect(sent?.MessageBody).toBe(JSON.stringify(malformed));
      const reason = sent?.MessageAttributes?.["ecs-guardrails-reason"]?.StringValue ?? "";
      expect(reason).toContain(`event ${eventId} does not match the ${route.id} schema`);
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
