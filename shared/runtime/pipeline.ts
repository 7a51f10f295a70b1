import type { AwsSecurityFinding } from "@aws-sdk/client-securityhub";
import { matchesPattern } from "../../events/pattern-matcher.ts";
import { FindingImportError } from "../findings/publish-findings.ts";
import type { StateReader } from "../hydrate/state-reader.ts";
import type { SkippedRead } from "../model/cloudtrail.ts";
import {
  type BatchEvaluator,
  type EventEvaluation,
  type FollowUp,
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

/** Where follow-up work goes: the default event bus in the deployed functions. */
export interface FollowUpSender {
  /** Throws when any of them was not sent. */
  send(followUps: readonly FollowUp[]): Promise<void>;
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
  /** Without one, a record that leaves follow-up work fails: its work would be lost. */
  readonly followUps?: FollowUpSender;
}

/**
 * The one pipeline behind every function and `ecs-guardrails replay`: route → parse → read what the
 * event lacks → normalize → evaluate → publish. Findings of a batch are published together (at most one
 * update per finding id: the latest observation wins), and a record fails only when its own reads or
 * findings failed, so the queue retries exactly those.
 */
export function createPipeline({ routes, reader, sink, rulebook, followUps }: PipelineOptions): Pipeline {
  return {
    async processBatch(records) {
      const outcomes = new Map<string, RecordOutcome>();
      const latest = new Map<string, { finding: AwsSecurityFinding; recordIds: Set<string> }>();
      const metrics: MetricDatum[] = [];
      const pendingFollowUps = new Map<string, readonly FollowUp[]>();
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
        const [firstRecordId] = recordIds;
        if (evaluation.followUps?.length && firstRecordId !== undefined) {
          pendingFollowUps.set(firstRecordId, evaluation.followUps);
        }
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

      const published = await publishLatest(latest, sink, outcomes);
      await sendFollowUps(pendingFollowUps, followUps, outcomes);
      return { outcomes, published, metrics };
    },
  };
}

/** Publishes the batch's findings; the records of those that could not be published fail. Returns how many were. */
async function publishLatest(
  latest: ReadonlyMap<string, { finding: AwsSecurityFinding; recordIds: ReadonlySet<string> }>,
  sink: FindingSink,
  outcomes: Map<string, RecordOutcome>,
): Promise<number> {
  const findings = [...latest.values()].map((entry) => entry.finding);
  if (findings.length === 0) return 0;
  try {
    await sink.publish(findings);
    return findings.length;
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
    return findings.length - failedIds.size;
  }
}

/**
 * Sends the follow-up work of the records whose findings were all published: a failed record sends nothing, since
 * its retry leaves the same work again. A record whose work cannot be sent fails, so its retry sends it.
 */
async function sendFollowUps(
  pending: ReadonlyMap<string, readonly FollowUp[]>,
  sender: FollowUpSender | undefined,
  outcomes: Map<string, RecordOutcome>,
): Promise<void> {
  const ready = [...pending].filter(([recordId]) => outcomes.get(recordId)?.kind === "evaluated");
  if (ready.length === 0) return;
  try {
    if (sender === undefined) throw new Error("this pipeline has no way to send follow-up work");
    await sender.send(ready.flatMap(([, followUps]) => followUps));
  } catch (error) {
    for (const [recordId] of ready) {
      outcomes.set(recordId, { kind: "failed", eventId: outcomes.get(recordId)?.eventId, error });
    }
  }
}

/** The evaluator of the first rule (of any route) whose pattern matches the event. */
function evaluatorFor(routes: readonly Route[], event: unknown): RuleEvaluator | undefined {
  for (const route of routes) {
    const rule = route.spec.rules.find((candidate) => matchesPattern(candidate.pattern, event));
    if (rule !== undefined) return route.evaluators[rule.id];
  }
  return undefined;
}

/**
 * Later observations replace earlier ones; equal times keep the later record, except that nothing replaces an
 * archive (supersedes). Every contributor is remembered.
 */
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
  if (supersedes(finding, current.finding)) current.finding = finding;
}

/**
 * Whether a finding replaces another of the same id in a batch. Event times have whole seconds, and a queue delivers
 * a batch in any order, so on a tie an archive wins over a verdict whatever their order: a resource changed and
 * deleted within one second (a tear-down scales a service to zero, then deletes it) is gone, and a stopped task
 * never runs again. A resource re-created within the second of its deletion is the rarer case; the next event or
 * sweep that judges it brings its findings back.
 */
function supersedes(finding: AwsSecurityFinding, current: AwsSecurityFinding): boolean {
  const updatedAt = finding.UpdatedAt ?? "";
  const currentUpdatedAt = current.UpdatedAt ?? "";
  if (updatedAt !== currentUpdatedAt) return updatedAt > currentUpdatedAt;
  return finding.RecordState === "ARCHIVED" || current.RecordState !== "ARCHIVED";
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
