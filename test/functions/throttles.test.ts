import { ECSClient } from "@aws-sdk/client-ecs";
import { IAMClient } from "@aws-sdk/client-iam";
import {
  type AwsSecurityFinding,
  BatchImportFindingsCommand,
  SecurityHubClient,
} from "@aws-sdk/client-securityhub";
import { SendMessageCommand, SQSClient } from "@aws-sdk/client-sqs";
import { mockClient } from "aws-sdk-client-mock";
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { throttlesRoute } from "../../shared/runtime/routes.ts";
import { THROTTLED_CALLS_METRIC } from "../../shared/runtime/throttles-evaluator.ts";
import { modelsAvailable, validateBatchImportFindings } from "../helpers/aws-model.ts";
import { ACCOUNT, REGION } from "../helpers/builders.ts";
import { importedFindings, stubFunctionEnvironment } from "../helpers/function-harness.ts";
import { lambdaContext, sqsEvent } from "../helpers/lambda.ts";
import { sampleEvent } from "../helpers/samples.ts";
import { expectExactlyAllowed, recordSentActions } from "../helpers/sent-actions.ts";
import { captureStructuredLogs } from "../helpers/structured-logs.ts";

stubFunctionEnvironment("INFO", "Throttles");

const ecs = mockClient(ECSClient);
const iam = mockClient(IAMClient);
const securityHub = mockClient(SecurityHubClient);
const sqs = mockClient(SQSClient);

/** Every command any test sent, to prove the route's IAM permissions allow exactly these calls. */
const sentActions = new Set<string>();
/** The structured log lines and EMF documents the handler wrote (Powertools writes both to stdout or stderr). */
let logs: ReturnType<typeof captureStructuredLogs>;

const { handler } = await import("../../functions/throttles.ts");

/** The throttled calls ECS made in eu-west-1, one per API. */
const THROTTLED = [
  "create-network-interface-throttled",
  "describe-network-interfaces-throttled",
  "describe-target-health-throttled",
  "register-instance-throttled",
  "register-targets-throttled",
];

const POLICY = "ecs-dependency-throttling";

function findingIdOf(api: string): string {
  return `${REGION}/${ACCOUNT}/${POLICY}/arn:aws:ecs-guardrails:${REGION}:${ACCOUNT}:throttling/${api}`;
}

async function invoke(bodies: readonly unknown[]) {
  const response = await handler(sqsEvent(bodies), lambdaContext());
  recordSentActions(sentActions, { ecs, iam, securityhub: securityHub, sqs });
  return response;
}

function deadLetterReasons(): (string | undefined)[] {
  return sqs
    .commandCalls(SendMessageCommand)
    .map((call) => call.args[0].input.MessageAttributes?.["ecs-guardrails-reason"]?.StringValue);
}

/** The values the handler emitted for a metric (EMF documents), with the dimensions each carried. */
function emittedMetric(name: string): { value: number; dimensions: Record<string, unknown> }[] {
  return logs.lines.flatMap((line) => {
    const declaration = (line._aws as { CloudWatchMetrics?: { Metrics: { Name: string }[] }[] } | undefined)
      ?.CloudWatchMetrics?.[0];
    if (!declaration?.Metrics.some((metric) => metric.Name === name)) return [];
    const values = ([] as unknown[]).concat(line[name]);
    const { _aws, [name]: _value, ...dimensions } = line;
    return values.map((value) => ({ value: Number(value), dimensions }));
  });
}

function sum(values: readonly { value: number }[]): number {
  return values.reduce((total, { value }) => total + value, 0);
}

beforeAll(() => {
  logs = captureStructuredLogs();
});

beforeEach(() => {
  ecs.reset();
  iam.reset();
  securityHub.reset();
  sqs.reset();
  securityHub.on(BatchImportFindingsCommand).callsFake((input: { Findings: AwsSecurityFinding[] }) => ({
    FailedCount: 0,
    SuccessCount: input.Findings.length,
    FailedFindings: [],
  }));
  sqs.on(SendMessageCommand).resolves({ MessageId: "dead-letter-1" });
  logs.clear();
});

afterAll(() => vi.restoreAllMocks());

describe("functions/throttles", () => {
  it("publishes one FAILED finding per API ECS was throttled on, and counts each call", async () => {
    // Prepare
    const events = THROTTLED.map((name) => sampleEvent(`throttles/${name}`));
    // Act
    const response = await invoke(events);
    // Assess
    expect(response).toEqual({ batchItemFailures: [] });
    expect(securityHub).toHaveReceivedCommandTimes(BatchImportFindingsCommand, 1);
    expect(importedFindings(securityHub).map((finding) => [finding.Id, finding.Compliance?.Status])).toEqual(
      [
        "ec2.amazonaws.com/CreateNetworkInterface",
        "ec2.amazonaws.com/DescribeNetworkInterfaces",
        "elasticloadbalancing.amazonaws.com/DescribeTargetHealth",
        "elasticloadbalancing.amazonaws.com/RegisterTargets",
        "servicediscovery.amazonaws.com/RegisterInstance",
      ].map((api) => [findingIdOf(api), "FAILED"]),
    );
    expect(importedFindings(securityHub)[0]).toMatchObject({
      ProductArn: `arn:aws:securityhub:${REGION}:${ACCOUNT}:product/${ACCOUNT}/default`,
      GeneratorId: POLICY,
      FindingProviderFields: { Severity: { Label: "MEDIUM" } },
      Resources: [
        {
          Type: "Other",
          Id: `arn:aws:ecs-guardrails:${REGION}:${ACCOUNT}:throttling/ec2.amazonaws.com/CreateNetworkInterface`,
          Partition: "aws",
          Region: REGION,
        },
      ],
    });
    expect(emittedMetric(THROTTLED_CALLS_METRIC)).toEqual(
      [
        ["ec2.amazonaws.com", "CreateNetworkInterface"],
        ["ec2.amazonaws.com", "DescribeNetworkInterfaces"],
        ["elasticloadbalancing.amazonaws.com", "DescribeTargetHealth"],
        ["elasticloadbalancing.amazonaws.com", "RegisterTargets"],
        ["servicediscovery.amazonaws.com", "RegisterInstance"],
      ].map(([EventSource, EventName]) => ({
        value: 1,
        dimensions: expect.objectContaining({ EventSource, EventName }),
      })),
    );
  });

  it("dead-letters calls the rule never routes here: made by a person, succeeded, or denied", async () => {
    const response = await invoke(
      [
        "describe-target-health-throttled-by-person",
        "register-targets-succeeded",
        "create-network-interface-unauthorized",
      ].map((name) => sampleEvent(`throttles/${name}`)),
    );
    expect(response).toEqual({ batchItemFailures: [] });
    expect(securityHub).not.toHaveReceivedCommand(BatchImportFindingsCommand);
    expect(deadLetterReasons()).toEqual(
      Array.from({ length: 3 }, () => expect.stringMatching(/matches no rule of the Throttles route/)),
    );
    expect(emittedMetric(THROTTLED_CALLS_METRIC)).toEqual([]);
  });

  it("returns every record of the batch to the queue when Security Hub fails, and dead-letters the malformed", async () => {
    securityHub.on(BatchImportFindingsCommand).rejects(new Error("socket hang up"));
    const response = await invoke([
      sampleEvent("throttles/register-targets-throttled"),
      { raw: "{not json" },
      sampleEvent("throttles/register-instance-throttled"),
    ]);
    expect(response).toEqual({
      batchItemFailures: [{ itemIdentifier: "message-0" }, { itemIdentifier: "message-2" }],
    });
    expect(deadLetterReasons()).toEqual([expect.stringMatching(/not JSON/)]);
  });

  describe.skipIf(!modelsAvailable())("requests against the AWS API models", () => {
    it("sends only valid BatchImportFindings requests", async () => {
      await invoke([...THROTTLED.map((name) => sampleEvent(`throttles/${name}`)), ...stormOf(300).events]);
      const requests = securityHub.commandCalls(BatchImportFindingsCommand).map((call) => call.args[0].input);
      expect(requests.length).toBeGreaterThan(0);
      for (const input of requests) expect(validateBatchImportFindings(input)).toEqual([]);
    });
  });

  describe("a storm: 10,000 throttled calls within a minute", () => {
    const STORM = 10_000;

    it("loses nothing, updates each API's finding once a batch, and counts every call exactly", async () => {
      // Prepare: the storm, with malformed records among the throttled calls.
      const { events, malformed } = stormOf(STORM);
      const records = interleave(events, malformed);
      const batches = chunks(records, throttlesRoute.batchSize);

      // Act
      const updatesPerBatch: string[][] = [];
      for (const batch of batches) {
        const before = securityHub.commandCalls(BatchImportFindingsCommand).length;
        const response = await invoke(batch);
        expect(response).toEqual({ batchItemFailures: [] });
        updatesPerBatch.push(
          securityHub
            .commandCalls(BatchImportFindingsCommand)
            .slice(before)
            .flatMap((call) => call.args[0].input.Findings ?? [])
            .map((finding) => finding.Id ?? ""),
        );
      }

      // Assess: every call is counted, once, in the metric; every malformed record is in the DLQ with its reason.
      const throttledCalls = emittedMetric(THROTTLED_CALLS_METRIC);
      expect(sum(throttledCalls)).toBe(STORM);
      for (const api of THROTTLED_APIS) {
        const counted = throttledCalls.filter(
          ({ dimensions }) =>
            dimensions.EventSource === api.eventSource && dimensions.EventName === api.eventName,
        );
        expect(sum(counted), api.eventName).toBe(STORM / THROTTLED_APIS.length);
      }
      expect(deadLetterReasons()).toEqual(
        malformed.map((record) =>
          "raw" in record
            ? expect.stringMatching(/the message body is not JSON/)
            : expect.stringMatching(/does not match the Throttles schema: detail\.eventID/),
        ),
      );
      expect(sum(emittedMetric("MalformedEvents"))).toBe(malformed.length);
      expect(STORM + malformed.length).toBe(records.length);

      // One update per API and region in each batch, in one Security Hub call per batch.
      const apis = THROTTLED_APIS.map((api) => findingIdOf(`${api.eventSource}/${api.eventName}`)).sort();
      expect(batches.length).toBe(Math.ceil((STORM + malformed.length) / throttlesRoute.batchSize));
      for (const updates of updatesPerBatch) expect([...updates].sort()).toEqual(apis);
      expect(securityHub).toHaveReceivedCommandTimes(BatchImportFindingsCommand, batches.length);
      expect(sum(emittedMetric("SecurityHubCalls"))).toBe(batches.length);
      expect(sum(emittedMetric("FindingsPublished"))).toBe(batches.length * apis.length);
      // Each update carries its batch's count; together they are every call.
      const counts = importedFindings(securityHub).map((finding) =>
        Number(finding.Resources?.[0]?.Details?.Other?.ThrottledCalls),
      );
      expect(counts.reduce((total, count) => total + count, 0)).toBe(STORM);
    });
  });

  describe("IAM", () => {
    it("allows every AWS call the handler made, and nothing it never makes", async () => {
      await expectExactlyAllowed(sentActions, throttlesRoute.permissions);
    });
  });
});

const THROTTLED_APIS = THROTTLED.map((name) => {
  const { detail } = sampleEvent(`throttles/${name}`) as {
    detail: { eventSource: string; eventName: string };
  };
  return { name, eventSource: detail.eventSource, eventName: detail.eventName };
});

type Body = Record<string, unknown> | { raw: string };

/**
 * `count` throttled calls, the five APIs in turn, one every 5 ms (a minute holds 12,000), and the malformed
 * records that come with a storm: a record without its eventID for every 1,000 calls, and two bodies that are not JSON.
 */
function stormOf(count: number): { events: Body[]; malformed: Body[] } {
  const start = Date.parse("2026-11-24T14:00:00Z");
  const events = Array.from({ length: count }, (_, index) => {
    const api = THROTTLED_APIS[index % THROTTLED_APIS.length] as (typeof THROTTLED_APIS)[number];
    const event = structuredClone(sampleEvent(`throttles/${api.name}`)) as {
      id: string;
      time: string;
      detail: Record<string, unknown>;
    };
    const time = new Date(start + 5 * index).toISOString();
    event.id = `storm-${index}`;
    event.time = time;
    event.detail.eventTime = time;
    event.detail.eventID = `storm-event-${index}`;
    return event;
  });
  const withoutEventId = Array.from({ length: Math.floor(count / 1000) }, (_, index) => {
    const event = structuredClone(sampleEvent("throttles/register-targets-throttled")) as {
      id: string;
      detail: Record<string, unknown>;
    };
    event.id = `malformed-${index}`;
    delete event.detail.eventID;
    return event;
  });
  return { events, malformed: [...withoutEventId, { raw: "{not json" }, { raw: "" }] };
}

/** The malformed records spread evenly among the events, in order. */
function interleave(events: readonly Body[], malformed: readonly Body[]): Body[] {
  const every = Math.ceil(events.length / (malformed.length + 1));
  const records: Body[] = [];
  let next = 0;
  events.forEach((event, index) => {
    records.push(event);
    if ((index + 1) % every === 0 && next < malformed.length) records.push(malformed[next++] as Body);
  });
  return [...records, ...malformed.slice(next)];
}

function chunks<T>(items: readonly T[], size: number): T[][] {
  return Array.from({ length: Math.ceil(items.length / size) }, (_, index) =>
    items.slice(index * size, (index + 1) * size),
  );
}
