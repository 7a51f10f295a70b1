import { ECSClient } from "@aws-sdk/client-ecs";
import { IAMClient } from "@aws-sdk/client-iam";
import { BatchImportFindingsCommand, SecurityHubClient } from "@aws-sdk/client-securityhub";
import { SQSClient } from "@aws-sdk/client-sqs";
import { mockClient } from "aws-sdk-client-mock";
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { apiCallsRoute } from "../../shared/runtime/routes.ts";
import { modelsAvailable, validateBatchImportFindings } from "../helpers/aws-model.ts";
import { acceptEveryOutput, importedFindings, stubFunctionEnvironment } from "../helpers/function-harness.ts";
import { lambdaContext, sqsEvent } from "../helpers/lambda.ts";
import { sampleEvent } from "../helpers/samples.ts";
import { silenceStructuredLogs } from "../helpers/structured-logs.ts";

stubFunctionEnvironment("WARN", "ApiCalls");

const ecs = mockClient(ECSClient);
const iam = mockClient(IAMClient);
const securityHub = mockClient(SecurityHubClient);
const sqs = mockClient(SQSClient);

const { handler } = await import("../../functions/api-calls.ts");

/** Every deletion sample: each archives from what its event says, so the batch reads nothing. */
const DELETIONS = [
  "deregister-task-definition",
  "delete-task-definitions",
  "delete-service",
  "delete-service-old-arn-format",
  "delete-service-response-omitted",
  "delete-task-set",
  "delete-cluster",
  "delete-capacity-provider",
  "delete-account-setting",
].map((name) => sampleEvent(`api-calls/${name}`));

beforeAll(() => {
  // Powertools writes its log lines to stdout and stderr; this test reads none of them.
  silenceStructuredLogs();
});

beforeEach(() => {
  for (const client of [ecs, iam, securityHub, sqs]) client.reset();
  acceptEveryOutput(securityHub, sqs);
});

afterAll(() => vi.restoreAllMocks());

describe("functions/api-calls: deletions", () => {
  it("archives the findings of every deleted resource with no read: one BatchImportFindings call, nothing else", async () => {
    const response = await handler(sqsEvent(DELETIONS), lambdaContext());

    expect(response).toEqual({ batchItemFailures: [] });
    expect(ecs.calls()).toEqual([]);
    expect(iam.calls()).toEqual([]);
    expect(sqs.calls()).toEqual([]);
    expect(securityHub.calls()).toHaveLength(securityHub.commandCalls(BatchImportFindingsCommand).length);
    // The one call made is the route's to make: deletions need no permission beyond publishing.
    expect(apiCallsRoute.permissions.flatMap((permission) => permission.actions)).toContain(
      "securityhub:BatchImportFindings",
    );

    const findings = importedFindings(securityHub);
    expect(findings.length).toBeGreaterThan(0);
    expect(findings.every((finding) => finding.RecordState === "ARCHIVED")).toBe(true);
    // Deregistering and deleting the same revision archive its findings once a batch: as of the later event.
    expect(new Set(findings.map((finding) => finding.Id)).size).toBe(findings.length);
    const resources = new Set(findings.map((finding) => finding.Resources?.[0]?.Id));
    expect([...resources].sort()).toEqual([
      "arn:aws:ecs-guardrails:eu-west-1:123456789012:account-setting/awsvpcTrunking/role/ecsInstanceRole",
      "arn:aws:ecs:eu-west-1:123456789012:capacity-provider/payments-asg",
      "arn:aws:ecs:eu-west-1:123456789012:cluster/payments",
      "arn:aws:ecs:eu-west-1:123456789012:service/legacy-api",
      "arn:aws:ecs:eu-west-1:123456789012:service/prod/checkout-api",
      "arn:aws:ecs:eu-west-1:123456789012:task-definition/payments-worker:12",
      "arn:aws:ecs:eu-west-1:123456789012:task-set/prod/checkout-canary/ecs-svc/1234567890123456789",
    ]);
    const revision = findings.find((finding) => finding.Resources?.[0]?.Id?.endsWith("payments-worker:12"));
    expect(revision?.UpdatedAt).toBe("2026-11-24T16:05:00Z");
  });

  it.skipIf(!modelsAvailable())("sends archives that are valid BatchImportFindings requests", async () => {
    await handler(sqsEvent(DELETIONS), lambdaContext());
    const batches = securityHub.commandCalls(BatchImportFindingsCommand).map((call) => call.args[0].input);
    expect(batches.length).toBeGreaterThan(0);
    for (const input of batches) expect(validateBatchImportFindings(input)).toEqual([]);
  });
});
