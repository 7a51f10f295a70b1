/**
 * A batch whose Security Hub calls, spaced to share the account's rate, would outlast the time the function has:
 * the handler starts no call past its deadline, returns the records whose findings it could not send to the queue,
 * and the next invocation publishes them. Without the deadline, Lambda would end the invocation mid-batch and
 * every record would come back, again and again, until the dead-letter queue.
 */
import {
  type AwsSecurityFinding,
  BatchImportFindingsCommand,
  SecurityHubClient,
} from "@aws-sdk/client-securityhub";
import { SQSClient } from "@aws-sdk/client-sqs";
import type { Context } from "aws-lambda";
import { mockClient } from "aws-sdk-client-mock";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { apiCallEvent } from "../../bench/handler-events.ts";
import { unreadState } from "../../shared/hydrate/unread-state.ts";
import { routes } from "../../shared/runtime/routes.ts";
import { runtimeRoute } from "../../shared/runtime/runtime-routes.ts";
import {
  createSqsHandler,
  securityHubCallInterval,
  TIME_KEPT_AFTER_PUBLISHING_MILLISECONDS,
} from "../../shared/runtime/sqs-handler.ts";
import { eventFunctionConfig, lambdaContext, sqsEvent } from "../helpers/lambda.ts";

const securityHub = mockClient(SecurityHubClient);
const route = runtimeRoute("ApiCalls");
const INTERVAL = securityHubCallInterval(routes);
/** The time left when the batch starts: room for 20 spaced calls (its reads took the rest of the function's timeout). */
const REMAINING = TIME_KEPT_AFTER_PUBLISHING_MILLISECONDS + 20 * INTERVAL;

/** Security Hub as the batch leaves it, and when (by the handler's clock) each call started. */
const imported = new Map<string, AwsSecurityFinding>();
const callTimes: number[] = [];

/** A context whose remaining time runs down with the handler's (fake) clock. */
function contextStartingNow(): Context {
  const started = Date.now();
  return { ...lambdaContext(), getRemainingTimeInMillis: () => REMAINING - (Date.now() - started) };
}

const handler = createSqsHandler({
  route,
  config: eventFunctionConfig("ApiCalls"),
  clients: { securityHub: new SecurityHubClient({}), sqs: new SQSClient({}) },
  readState: () => unreadState("the records carry what is judged"),
  // Waiting advances the handler's clock.
  sleep: async (milliseconds) => {
    vi.setSystemTime(Date.now() + milliseconds);
  },
});

beforeAll(() => {
  vi.spyOn(process.stdout, "write").mockImplementation(() => true);
  vi.spyOn(process.stderr, "write").mockImplementation(() => true);
  vi.useFakeTimers({ toFake: ["Date"], now: Date.parse("2026-11-25T10:00:00Z") });
  securityHub.on(BatchImportFindingsCommand).callsFake((input: { Findings: AwsSecurityFinding[] }) => {
    callTimes.push(Date.now());
    for (const finding of input.Findings) imported.set(finding.Id ?? "", finding);
    return { FailedCount: 0, SuccessCount: input.Findings.length, FailedFindings: [] };
  });
});

afterAll(() => {
  vi.useRealTimers();
  vi.restoreAllMocks();
});

describe("a batch whose Security Hub calls would outlast the function's time", () => {
  // 100 task definitions registered at once (a large stack's deployment): every TaskDefinition policy judges each.
  const events = Array.from({ length: route.spec.batchSize }, (_, index) => apiCallEvent(4 * index));

  it("publishes until its deadline, returns the rest to the queue, and the next invocation publishes it", async () => {
    const started = Date.now();
    const first = await handler(sqsEvent(events), contextStartingNow());
    const deadline = started + REMAINING - TIME_KEPT_AFTER_PUBLISHING_MILLISECONDS;

    expect(callTimes.length).toBeGreaterThan(1);
    expect(Math.max(...callTimes)).toBeLessThanOrEqual(deadline);
    // More calls than fit: some records return, the others are done.
    const returned = new Set(first.batchItemFailures.map((failure) => failure.itemIdentifier));
    expect(returned.size).toBeGreaterThan(0);
    expect(returned.size).toBeLessThan(events.length);
    const afterFirst = imported.size;

    const again = sqsEvent(events);
    const retried = { Records: again.Records.filter((record) => returned.has(record.messageId)) };
    const second = await handler(retried, contextStartingNow());

    expect(second.batchItemFailures).toEqual([]);
    expect(imported.size).toBeGreaterThan(afterFirst);
    // Every record's findings are in Security Hub: as many as one unhurried invocation imports.
    const unhurried = new Map<string, AwsSecurityFinding>();
    securityHub.on(BatchImportFindingsCommand).callsFake((input: { Findings: AwsSecurityFinding[] }) => {
      for (const finding of input.Findings) unhurried.set(finding.Id ?? "", finding);
      return { FailedCount: 0, SuccessCount: input.Findings.length, FailedFindings: [] };
    });
    expect((await handler(sqsEvent(events), lambdaContext())).batchItemFailures).toEqual([]);
    expect([...imported.keys()].sort()).toEqual([...unhurried.keys()].sort());
    // Spaced to share the rate, the batch's calls need more than the time the function has for them.
    expect(INTERVAL * (Math.ceil(unhurried.size / 100) - 1)).toBeGreaterThan(
      REMAINING - TIME_KEPT_AFTER_PUBLISHING_MILLISECONDS,
    );
  });
});
