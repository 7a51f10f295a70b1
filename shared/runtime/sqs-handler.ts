import { Logger } from "@aws-lambda-powertools/logger";
import { injectLambdaContext } from "@aws-lambda-powertools/logger/middleware";
import { Metrics, MetricUnit } from "@aws-lambda-powertools/metrics";
import { logMetrics } from "@aws-lambda-powertools/metrics/middleware";
import type { SecurityHubClient } from "@aws-sdk/client-securityhub";
import { SendMessageCommand, type SQSClient } from "@aws-sdk/client-sqs";
import middy from "@middy/core";
import type { Context, SQSBatchResponse, SQSEvent, SQSRecord } from "aws-lambda";
import { publishFindings } from "../findings/publish-findings.ts";
import type { StateReader } from "../hydrate/state-reader.ts";
import { policies } from "../policies/index.ts";
import type { RuntimeConfig } from "./config.ts";
import {
  createPipeline,
  type FollowUpSender,
  type PipelineRecord,
  type RecordOutcome,
  type Route,
} from "./pipeline.ts";
import { remediationRequester } from "./remediation-requests.ts";
import { type RouteSpec, routes } from "./routes.ts";

/** Security Hub accepts about 10 BatchImportFindings calls a second per account and region. */
export const SECURITY_HUB_CALLS_PER_SECOND = 10;

export interface SqsHandlerOptions {
  readonly route: Route;
  readonly config: RuntimeConfig;
  readonly clients: {
    readonly securityHub: SecurityHubClient;
    readonly sqs: SQSClient;
  };
  /** Where records send the work they leave for later invocations: the sweep's steps, remediation requests. */
  readonly followUps?: FollowUpSender;
  /** A fresh reader for each batch, so its caches last as long as the batch. */
  readonly readState: () => StateReader;
  readonly logger?: Logger;
  readonly metrics?: Metrics;
  /** Overrides waiting between retries and calls (tests). */
  readonly sleep?: (milliseconds: number) => Promise<void>;
}

/**
 * The Lambda handler of a route's queue: every record runs through the pipeline; the response lists
 * only the records to retry (partial batch response). A record that is not a valid event of the route
 * is a permanent failure: it goes straight to the dead-letter queue with the reason, instead of being
 * retried until the redrive policy moves it there without one.
 *
 * @example
 * export const handler = createSqsHandler({ route: runtimeRoute("ApiCalls"), config, clients, readState });
 */
export function createSqsHandler(options: SqsHandlerOptions) {
  const { route, config, clients } = options;
  const logger = options.logger ?? new Logger({ serviceName: "ecs-guardrails" });
  const metrics =
    options.metrics ?? new Metrics({ namespace: "ECSGuardrails", serviceName: "ecs-guardrails" });
  const minimumIntervalMilliseconds = securityHubCallInterval(routes);

  async function handleBatch(event: SQSEvent, context?: Context): Promise<SQSBatchResponse> {
    const deadline = publishDeadline(context);
    const pipeline = createPipeline({
      routes: [route],
      reader: options.readState(),
      rulebook: { policies, config: config.guardrails },
      ...(options.followUps === undefined ? {} : { followUps: options.followUps }),
      requestsFor: remediationRequester(policies, config.guardrails, config.stage),
      sink: {
        publish: async (findings) => {
          const summary = await publishFindings(clients.securityHub, findings, {
            minimumIntervalMilliseconds,
            ...(deadline === undefined ? {} : { deadline }),
            ...(options.sleep === undefined ? {} : { sleep: options.sleep }),
          });
          metrics.addMetric("SecurityHubCalls", MetricUnit.Count, summary.calls);
        },
      },
    });

    const records: PipelineRecord[] = [];
    const permanentFailures = new Map<string, string>();
    for (const record of event.Records) {
      try {
        records.push({ id: record.messageId, event: JSON.parse(record.body) });
      } catch (error) {
        permanentFailures.set(record.messageId, `the message body is not JSON: ${(error as Error).message}`);
      }
    }

    const result = await pipeline.processBatch(records);
    const byId = new Map(event.Records.map((record) => [record.messageId, record]));
    const retry = new Set<string>();
    let skippedReads = 0;
    for (const [recordId, outcome] of result.outcomes) {
      const reason = permanentFailureReason(outcome, route);
      if (reason !== undefined) permanentFailures.set(recordId, reason);
      if (outcome.kind === "evaluated" && outcome.skipped.length > 0) {
        // Not retried: what was not read is judged UNKNOWN or not at all, never PASSED.
        skippedReads += outcome.skipped.length;
        logger.warn("reads skipped; what they would have read is not judged", {
          messageId: recordId,
          eventId: outcome.eventId,
          skipped: outcome.skipped,
        });
      }
      if (outcome.kind === "failed") {
        retry.add(recordId);
        logger.error(returnedToQueue(byId.get(recordId)), {
          messageId: recordId,
          eventId: outcome.eventId,
          error: outcome.error as Error,
        });
      }
    }
    for (const [recordId, reason] of permanentFailures) {
      const record = byId.get(recordId);
      if (record === undefined) continue;
      if (!(await deadLetter(record, reason))) retry.add(recordId);
    }

    for (const datum of result.metrics) {
      if (datum.dimensions === undefined) {
        metrics.addMetric(datum.name, MetricUnit.Count, datum.value);
        continue;
      }
      // Dimensions other than the handler's own apply to this value alone.
      const single = metrics.singleMetric();
      single.addDimensions({ ...datum.dimensions });
      single.addMetric(datum.name, MetricUnit.Count, datum.value);
    }
    metrics.addMetric("FindingsPublished", MetricUnit.Count, result.published);
    metrics.addMetric("MalformedEvents", MetricUnit.Count, permanentFailures.size);
    metrics.addMetric("RecordsRetried", MetricUnit.Count, retry.size);
    metrics.addMetric("ReadsSkipped", MetricUnit.Count, skippedReads);
    logger.info("batch processed", {
      records: event.Records.length,
      findingsPublished: result.published,
      deadLettered: permanentFailures.size,
      retried: retry.size,
    });
    return { batchItemFailures: [...retry].map((itemIdentifier) => ({ itemIdentifier })) };
  }

  /** Sends a permanently failed record to the DLQ; false when that failed too, so the queue keeps it. */
  async function deadLetter(record: SQSRecord, reason: string): Promise<boolean> {
    logger.warn("malformed event sent to the dead-letter queue", { messageId: record.messageId, reason });
    try {
      await clients.sqs.send(
        new SendMessageCommand({
          QueueUrl: config.deadLetterQueueUrl,
          MessageBody: record.body,
          MessageAttributes: {
            "ecs-guardrails-reason": { DataType: "String", StringValue: reason.slice(0, 1024) },
            "ecs-guardrails-message-id": { DataType: "String", StringValue: record.messageId },
          },
        }),
      );
      return true;
    } catch (error) {
      logger.error(`could not dead-letter the record: ${returnedToQueue(record)}`, {
        messageId: record.messageId,
        reason,
        error: error as Error,
      });
      return false;
    }
  }

  /**
   * Where a failed record goes: back to the queue, or, when this was its last receive, to the dead-letter queue,
   * which SQS's redrive policy moves it to once it has been received `maxReceiveCount` times. This log line is
   * then the only place that says why.
   */
  function returnedToQueue(record: SQSRecord | undefined): string {
    const receives = Number(record?.attributes.ApproximateReceiveCount ?? "1");
    return receives >= route.spec.maxReceiveCount
      ? `record failed on its last receive (${receives} of ${route.spec.maxReceiveCount}); the queue moves it to the dead-letter queue`
      : `record failed (receive ${receives} of ${route.spec.maxReceiveCount}); it returns to the queue`;
  }

  return middy(handleBatch)
    .use(injectLambdaContext(logger, { resetKeys: true }))
    .use(logMetrics(metrics));
}

/**
 * What an invocation keeps of its time after its last Security Hub call: the call itself, the dead-letter queue's
 * sends, the follow-ups, the metrics and the logs.
 */
export const TIME_KEPT_AFTER_PUBLISHING_MILLISECONDS = 8_000;

/**
 * The time after which the invocation starts no Security Hub call: a batch whose calls, spaced to share the rate,
 * would outlast the function's timeout publishes what it can and returns the rest of its records to the queue,
 * rather than timing out whole and being received again with nothing done.
 */
function publishDeadline(context: Context | undefined): number | undefined {
  if (typeof context?.getRemainingTimeInMillis !== "function") return undefined;
  return Date.now() + context.getRemainingTimeInMillis() - TIME_KEPT_AFTER_PUBLISHING_MILLISECONDS;
}

/**
 * How many invocations may import findings at once: those of every route allowed BatchImportFindings (the
 * remediation records its audit with BatchUpdateFindings, which has a rate of its own).
 */
export function importingInvocations(allRoutes: readonly RouteSpec[]): number {
  return allRoutes
    .filter((spec) =>
      spec.permissions.some((permission) => permission.actions.includes("securityhub:BatchImportFindings")),
    )
    .reduce((sum, spec) => sum + spec.maximumConcurrency, 0);
}

/**
 * How far apart one invocation spaces its BatchImportFindings calls: the invocations that may import at once
 * share the account's Security Hub rate, so each takes its part of it, whichever routes are busy.
 */
export function securityHubCallInterval(allRoutes: readonly RouteSpec[]): number {
  return (1000 * importingInvocations(allRoutes)) / SECURITY_HUB_CALLS_PER_SECOND;
}

function permanentFailureReason(outcome: RecordOutcome, route: Route): string | undefined {
  switch (outcome.kind) {
    case "malformed":
      return `event ${outcome.eventId ?? "without id"} does not match the ${route.spec.id} schema: ${outcome.reason}`;
    case "unrouted":
      return `event ${outcome.eventId ?? "without id"} matches no rule of the ${route.spec.id} route`;
    default:
      return undefined;
  }
}
