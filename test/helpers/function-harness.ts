import {
  type AwsSecurityFinding,
  BatchImportFindingsCommand,
  type SecurityHubClient,
} from "@aws-sdk/client-securityhub";
import { SendMessageCommand, type SQSClient } from "@aws-sdk/client-sqs";
import type { Context, SQSBatchResponse, SQSEvent } from "aws-lambda";
import type { AwsClientStub } from "aws-sdk-client-mock";
import { vi } from "vitest";
import type { RouteSpec } from "../../shared/runtime/routes.ts";

/**
 * What the tests of the deployed functions (functions/*.ts) share: the environment a function reads when its module
 * loads, the handler of a route, a Security Hub and a dead-letter queue that take everything, and what was published.
 */

export type SqsHandler = (event: SQSEvent, context: Context) => Promise<SQSBatchResponse>;

/**
 * Stubs the environment a function reads once, when its module loads (runtime/config.ts, Powertools): call it, and
 * `mockClient` the clients, before the function is imported. `routeId` names the dead-letter queue as the stack
 * does (`ecs-guardrails-test-<routeId>Dlq`); tests of several routes share one. Returns the queue's URL.
 */
export function stubFunctionEnvironment(logLevel: "INFO" | "WARN" | "ERROR", routeId = ""): string {
  const deadLetterQueueUrl = `https://sqs.eu-west-1.amazonaws.com/123456789012/ecs-guardrails-test-${routeId}Dlq`;
  vi.stubEnv("DEAD_LETTER_QUEUE_URL", deadLetterQueueUrl);
  vi.stubEnv("AWS_REGION", "eu-west-1");
  vi.stubEnv("POWERTOOLS_LOG_LEVEL", logLevel);
  return deadLetterQueueUrl;
}

/**
 * The handler Lambda runs for `route` (`functions/<stem>.handler`), imported as Lambda imports it: only once the
 * environment is stubbed and the clients are mocked, since the module reads both when it loads.
 */
export async function deployedHandler(route: RouteSpec): Promise<SqsHandler> {
  const stem = /^functions\/([a-z-]+)\.handler$/.exec(route.handler)?.[1];
  if (stem === undefined)
    throw new Error(`${route.id}: handler ${route.handler} is not functions/<stem>.handler`);
  return ((await import(`../../functions/${stem}.ts`)) as { handler: SqsHandler }).handler;
}

/** Security Hub imports every finding, and the dead-letter queue takes every message: nothing fails downstream. */
export function acceptEveryOutput(
  securityHub: AwsClientStub<SecurityHubClient>,
  sqs: AwsClientStub<SQSClient>,
): void {
  securityHub
    .on(BatchImportFindingsCommand)
    .resolves({ FailedCount: 0, SuccessCount: 1, FailedFindings: [] });
  sqs.on(SendMessageCommand).resolves({ MessageId: "dead-letter-1" });
}

/** Every finding sent to BatchImportFindings, call after call. */
export function importedFindings(securityHub: AwsClientStub<SecurityHubClient>): AwsSecurityFinding[] {
  return securityHub
    .commandCalls(BatchImportFindingsCommand)
    .flatMap((call) => call.args[0].input.Findings ?? []);
}

/** Each finding's compliance status, by the policy that produced it. */
export function statusByPolicy(findings: readonly AwsSecurityFinding[]): Record<string, string | undefined> {
  return Object.fromEntries(findings.map((finding) => [finding.GeneratorId, finding.Compliance?.Status]));
}
