import type { AwsSecurityFinding } from "@aws-sdk/client-securityhub";
import {
  type CloudTrailThrottleEvent,
  cloudTrailThrottleEvent,
} from "../../events/schemas/cloudtrail-throttle.ts";
import type { FindingContext } from "../findings/to-asff.ts";
import {
  type ApiThrottling,
  apiThrottlingDocument,
  apiThrottlingsFrom,
  throttledCallFrom,
} from "../model/api-throttling.ts";
import { partitionOf } from "../model/arns.ts";
import type { BatchEvaluator, MetricDatum, Rulebook } from "./event-evaluator.ts";
import { judge } from "./judge.ts";

/** The metric counting, per API, every throttled call ECS made: exact, where findings only show a batch's count. */
export const THROTTLED_CALLS_METRIC = "ThrottledCalls";

/**
 * Calls ECS made on the user's behalf that were throttled: counted per API and region over the whole batch,
 * one finding per API and region (updated by every batch) and the exact counts as metrics.
 */
export const throttlesEvaluator: BatchEvaluator<CloudTrailThrottleEvent> = {
  schema: cloudTrailThrottleEvent,
  async evaluateBatch(events, _reader, rulebook) {
    const throttlings = apiThrottlingsFrom(events.map(throttledCallFrom));
    return {
      findings: throttlings.flatMap((throttling) => findingsFor(throttling, rulebook)),
      skipped: [],
      metrics: throttlings.map(
        (throttling): MetricDatum => ({
          name: THROTTLED_CALLS_METRIC,
          value: throttling.throttledCalls,
          dimensions: { EventSource: throttling.eventSource, EventName: throttling.eventName },
        }),
      ),
    };
  },
};

function findingsFor(throttling: ApiThrottling, rulebook: Rulebook): readonly AwsSecurityFinding[] {
  const { account, region, lastCallAt } = throttling;
  const [caller, ...otherCallers] = throttling.callers;
  const context: FindingContext = {
    partition: partitionOf(region),
    region,
    account,
    observedAt: lastCallAt,
    cause: {
      eventId: throttling.lastEventId,
      eventName: throttling.eventName,
      ...(caller !== undefined && otherCallers.length === 0 ? { actor: caller } : {}),
    },
  };
  const subject = { resourceId: throttling.arn, document: apiThrottlingDocument(throttling) };
  return judge(throttling, subject, rulebook, context).findings;
}
