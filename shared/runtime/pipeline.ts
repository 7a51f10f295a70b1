import type { AwsSecurityFinding } from "@aws-sdk/client-securityhub";
import { matchesPattern } from "../../events/pattern-matcher.ts";
import { FindingImportError } from "../findings/publish-findings.ts";
import type { StateReader } from "../hydrate/state-reader.ts";
import type { SkippedRead } from "../model/cloudtrail.ts";
import {
  type BatchEvaluator,
  type EventEvaluation,
  isBatchEvaluator,
  type MetricDatum,
  type Rulebook,
  type RuleEvaluator,
} from "./event-evaluator.ts";
import type { RouteSpec } from "./routes.ts";

/** A route as the pipeline runs it: its rules (to route events) and each rule's evaluator, by rule id. */
export interface Route {
  readonly spec: RouteSpec;
  readonly evaluators: Readonly<Record<string, RuleEvaluator>>;
}

/** Where findings go: Security Hub in the deployed functions, a local store in replay. */
export interface FindingSink {
  /** Throws `FindingImportError` naming the findings it could not store; any other error fails them all. */
  publish(findings: readonly AwsSecurityFinding[]): Promise<void>;
}

export interface PipelineRecord {
  /** The record's own id (SQS message id, or an index in replay). */
  readonly id: string;
  readonly event: unknown;
}

export type RecordOutcome =
  | {
      readonly kind: "evaluated";
      readonly eventId: string;
      readonly findings: number;
      readonly skipped: readonly SkippedRead[];
    }
  | { readonly kind: "unrouted"; readonly eventId: string | undefined }
  | { readonly kind: "malformed"; readonly eventId: string | undefined; readonly reason: string }
  | { readonly kind: "failed"; readonly eventId: string | undefined; readonly error: unknown };

export interface BatchResult {
  /** Per record, in input order. `failed` records must be retried; nothing else was lost. */
  readonly outcomes: ReadonlyMap<string, RecordOutcome>;
  readonly published: number;
  /** The metric values the evaluators reported for the batch. */
  readonly metrics: readonly MetricDatum[];
}

export interface Pipeline {
  processBatch(records: readonly PipelineRecord[]): Promise<BatchResult>;
}

export interface PipelineOptions {
  readonly routes: readonly Route[];
  readonly reader: StateReader;
  readonly sink: FindingSink;
  readonly rulebook: Rulebook;
}

/**
 * The one pipeline behind every function and `ecs-guardrails replay`: route → parse → read what the
 * event lacks → normalize → evaluate → publish. Findings of a batch are published together (at most one
 * update per finding id: the latest observation wins), and a record fails only when its own reads or
 * findings failed, so the queue retries exactly those.
 */
export function createPipeline({ routes, reader, sink, rulebook }: PipelineOptions): Pipeline {
  return {
    async processBatch(records) {
      const outcomes = new Map<string, RecordOutcome>();
      const latest = new Map<string, { finding: AwsSecurityFinding; recordIds: Set<string> }>();
      const metrics: MetricDatum[] = [];
      const batched = new Map<
        BatchEvaluator<unknown>,
        { recordId: string; eventId: string; event: unknown }[]
      >();

      const record = (
        recordIds: readonly string[],
        eventIds: readonly string[],
        evaluation: EventEvaluation,
      ) => {
        for (const finding of evaluation.findings)
          for (const id of recordIds) keepLatest(latest, finding, id);
        metrics.push(...(evaluation.metrics ?? []));
        recordIds.forEach((recordId, index) => {
          outcomes.set(recordId, {
            kind: "evaluated",
            eventId: eventIds[index] ?? recordId,
            // A batch evaluator's findings belong to all its records; each record counts them once.
            findings: evaluation.findings.length,
            skipped: index === 0 ? evaluation.skipped : [],
          });
        });
      };

      for (const { id, event } of records) {
        const eventId = eventIdOf(event);
        const evaluator = evaluatorFor(routes, event);
        if (evaluator === undefined) {
          outcomes.set(id, { kind: "unrouted", eventId });
          continue;
        }
        const parsed = evaluator.schema.safeParse(event);
        if (!parsed.success) {
          outcomes.set(id, { kind: "malformed", eventId, reason: describeIssues(parsed.error.issues) });
          continue;
        }
        if (isBatchEvaluator(evaluator)) {
          const pending = batched.get(evaluator) ?? [];
          pending.push({ recordId: id, eventId: eventId ?? id, event: parsed.data });
          batched.set(evaluator, pending);
          continue;
        }
        try {
          record([id], [eventId ?? id], await evaluator.evaluate(parsed.data, reader, rulebook));
        } catch (error) {
          outcomes.set(id, { kind: "failed", eventId, error });
        }
      }

      for (const [evaluator, pending] of batched) {
        try {
          const evaluation = await evaluator.evaluateBatch(
            pending.map((entry) => entry.event),
            reader,
            rulebook,
          );
          record(
            pending.map((entry) => entry.recordId),
            pending.map((entry) => entry.eventId),
            evaluation,
          );
        } catch (error) {
          for (const entry of pending) {
            outcomes.set(entry.recordId, { kind: "failed", eventId: entry.eventId, error });
          }
        }
      }

      const findings = [...latest.values()].map((entry) => entry.finding);
      if (findings.length === 0) return { outcomes, published: 0, metrics };
      try {
        await sink.publish(findings);
        return { outcomes, published: findings.length, metrics };
      } catch (error) {
        const failedIds =
          error instanceof FindingImportError
            ? new Set(error.failed.map((failed) => failed.id))
            : new Set(latest.keys());
        for (const [findingId, { recordIds }] of latest) {
          if (!failedIds.has(findingId)) continue;
          for (const recordId of recordIds) {
            const outcome = outcomes.get(recordId);
            outcomes.set(recordId, { kind: "failed", eventId: outcome?.eventId, error });
          }
        }
        return { outcomes, published: findings.length - failedIds.size, metrics };
      }
    },
  };
}

/** The evaluator of the first rule (of any route) whose pattern matches the event. */
function evaluatorFor(routes: readonly Route[], event: unknown): RuleEvaluator | undefined {
  for (const route of routes) {
    const rule = route.spec.rules.find((candidate) => matchesPattern(candidate.pattern, event));
    if (rule !== undefined) return route.evaluators[rule.id];
  }
  return undefined;
}

/** Later observations replace earlier ones; equal times keep the later record. Every contributor is remembered. */
function keepLatest(
  latest: Map<string, { finding: AwsSecurityFinding; recordIds: Set<string> }>,
  finding: AwsSecurityFinding,
  recordId: string,
): void {
  const id = finding.Id ?? "";
  const current = latest.get(id);
  if (current === undefined) {
    latest.set(id, { finding, recordIds: new Set([recordId]) });
    return;
  }
  current.recordIds.add(recordId);
  if ((finding.UpdatedAt ?? "") >= (current.finding.UpdatedAt ?? "")) current.finding = finding;
}

function eventIdOf(event: unknown): string | undefined {
  if (typeof event !== "object" || event === null) return undefined;
  const id = (event as { id?: unknown }).id;
  return typeof id === "string" ? id : undefined;
}

function describeIssues(issues: readonly { path: readonly PropertyKey[]; message: string }[]): string {
  return issues
    .slice(0, 5)
    .map((issue) => `${issue.path.map(String).join(".") || "(event)"}: ${issue.message}`)
    .join("; ");
}
