import type { AwsSecurityFinding } from "@aws-sdk/client-securityhub";
import { matchesPattern } from "../../events/pattern-matcher.ts";
import { type FailedFinding, FindingImportError } from "../findings/publish-findings.ts";
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
  /** The follow-up a published finding leads to (its remediation request), if any. */
  readonly requestsFor?: (finding: AwsSecurityFinding) => FollowUp | undefined;
}

/**
 * The one pipeline behind every function and `ecs-guardrails replay`: route → parse → read what the
 * event lacks → normalize → evaluate → publish. Findings of a batch are published together (at most one
 * update per finding id: the latest observation wins), and a record fails only when its own reads or
 * findings failed, so the queue retries exactly those.
 */
export function createPipeline({
  routes,
  reader,
  sink,
  rulebook,
  followUps,
  requestsFor,
}: PipelineOptions): Pipeline {
  return {
    async processBatch(records) {
      const outcomes = new Map<string, RecordOutcome>();
      const latest = new Map<string, { finding: AwsSecurityFinding; recordIds: Set<string> }>();
      const metrics: MetricDatum[] = [];
      const pendingFollowUps = new Map<string, readonly FollowUp[]>();
      const batched = new Map<BatchEvaluator<unknown>, BatchedRecord[]>();

      /** Records an evaluation of `entries`; each finding belongs to the records `ownersOf` names (all by default). */
      const record = (
        entries: readonly BatchedRecord[],
        evaluation: EventEvaluation,
        ownersOf: (finding: AwsSecurityFinding) => readonly BatchedRecord[] = () => entries,
      ) => {
        const owned = new Map<string, number>();
        for (const finding of evaluation.findings) {
          for (const { recordId } of ownersOf(finding)) {
            keepLatest(latest, finding, recordId);
            owned.set(recordId, (owned.get(recordId) ?? 0) + 1);
          }
        }
        metrics.push(...(evaluation.metrics ?? []));
        const [first] = entries;
        if (evaluation.followUps?.length && first !== undefined) {
          pendingFollowUps.set(first.recordId, evaluation.followUps);
        }
        entries.forEach(({ recordId, eventId }, index) => {
          outcomes.set(recordId, {
            kind: "evaluated",
            eventId,
            findings: owned.get(recordId) ?? 0,
            skipped: index === 0 ? evaluation.skipped : [],
          });
        });
      };

      /** Evaluates a batch evaluator's records together and records the outcome; the error when that failed. */
      const attempt = async (
        evaluator: BatchEvaluator<unknown>,
        entries: readonly BatchedRecord[],
      ): Promise<{ readonly error: unknown } | undefined> => {
        try {
          const evaluation = await evaluator.evaluateBatch(
            entries.map((entry) => entry.event),
            reader,
            rulebook,
          );
          const { resourcesOf } = evaluator;
          if (resourcesOf === undefined) {
            record(entries, evaluation);
          } else {
            const byResource = new Map<string, BatchedRecord[]>();
            for (const entry of entries) {
              for (const resource of resourcesOf(entry.event)) {
                byResource.set(resource, [...(byResource.get(resource) ?? []), entry]);
              }
            }
            record(
              entries,
              evaluation,
              (finding) => byResource.get(finding.Resources?.[0]?.Id ?? "") ?? entries,
            );
          }
          return undefined;
        } catch (error) {
          return { error };
        }
      };

      const fail = (entries: readonly BatchedRecord[], error: unknown) => {
        for (const { recordId, eventId } of entries)
          outcomes.set(recordId, { kind: "failed", eventId, error });
      };

      /**
       * A batch evaluator's records, evaluated together. When that fails and the evaluator names each event's own
       * resource, those resources (units) are split in halves, each evaluated together: a failure that was passing, or that belongs
       * to a few units, then fails only the records of the units it hit (halving down to them), while batched reads
       * stay batched. When both halves fail too, the fault is everyone's (throttling, an outage): the records return
       * to the queue without more calls that would only deepen it.
       */
      const evaluateTogether = async (
        evaluator: BatchEvaluator<unknown>,
        entries: readonly BatchedRecord[],
      ): Promise<void> => {
        const failure = await attempt(evaluator, entries);
        if (failure !== undefined) await isolate(evaluator, entries, failure.error);
      };

      const isolate = async (
        evaluator: BatchEvaluator<unknown>,
        entries: readonly BatchedRecord[],
        error: unknown,
      ): Promise<void> => {
        const { resourcesOf } = evaluator;
        const units =
          resourcesOf === undefined
            ? []
            : [...groupBy(entries, (entry) => resourcesOf(entry.event)[0]).values()];
        if (units.length <= 1) return fail(entries, error);
        const middle = Math.ceil(units.length / 2);
        const halves = [units.slice(0, middle).flat(), units.slice(middle).flat()];
        const failures = [];
        for (const half of halves) failures.push(await attempt(evaluator, half));
        const [first, second] = failures;
        if (first !== undefined && second !== undefined) {
          fail(halves[0] ?? [], first.error);
          fail(halves[1] ?? [], second.error);
          return;
        }
        for (const [index, failure] of failures.entries()) {
          if (failure !== undefined) await isolate(evaluator, halves[index] ?? [], failure.error);
        }
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
          record(
            [{ recordId: id, eventId: eventId ?? id, event }],
            await evaluator.evaluate(parsed.data, reader, rulebook),
          );
        } catch (error) {
          outcomes.set(id, { kind: "failed", eventId, error });
        }
      }

      for (const [evaluator, pending] of batched) await evaluateTogether(evaluator, pending);

      const failedIds = await publishLatest(latest, sink, outcomes);
      // A finding published now may ask for its repair: only once it is in Security Hub.
      for (const [findingId, { finding, recordIds }] of latest) {
        const request = failedIds.has(findingId) ? undefined : requestsFor?.(finding);
        const [owner] = recordIds;
        if (request === undefined || owner === undefined) continue;
        pendingFollowUps.set(owner, [...(pendingFollowUps.get(owner) ?? []), request]);
      }
      await sendFollowUps(pendingFollowUps, followUps, outcomes);
      return { outcomes, published: latest.size - failedIds.size, metrics };
    },
  };
}

/** Publishes the batch's findings; the records of those that could not be published fail. Returns their ids. */
async function publishLatest(
  latest: ReadonlyMap<string, { finding: AwsSecurityFinding; recordIds: ReadonlySet<string> }>,
  sink: FindingSink,
  outcomes: Map<string, RecordOutcome>,
): Promise<ReadonlySet<string>> {
  const findings = [...latest.values()].map((entry) => entry.finding);
  if (findings.length === 0) return new Set();
  try {
    await sink.publish(findings);
    return new Set();
  } catch (error) {
    if (!(error instanceof FindingImportError)) {
      for (const { recordIds } of latest.values()) failRecords(recordIds, outcomes, error);
      return new Set(latest.keys());
    }
    // Each record fails with its own findings only: the error of a batch names thousands, once per record logged.
    const failedById = new Map(error.failed.map((failed) => [failed.id, failed]));
    const failedByRecord = new Map<string, FailedFinding[]>();
    for (const [findingId, { recordIds }] of latest) {
      const failed = failedById.get(findingId);
      if (failed === undefined) continue;
      for (const recordId of recordIds) {
        failedByRecord.set(recordId, [...(failedByRecord.get(recordId) ?? []), failed]);
      }
    }
    for (const [recordId, failed] of failedByRecord) {
      failRecords([recordId], outcomes, new FindingImportError(failed, { cause: error.cause }));
    }
    return new Set(failedById.keys());
  }
}

function failRecords(
  recordIds: Iterable<string>,
  outcomes: Map<string, RecordOutcome>,
  error: unknown,
): void {
  for (const recordId of recordIds) {
    outcomes.set(recordId, { kind: "failed", eventId: outcomes.get(recordId)?.eventId, error });
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

/** A record evaluated (or batched) with its event: parsed by the evaluator's schema once batched. */
interface BatchedRecord {
  readonly recordId: string;
  readonly eventId: string;
  readonly event: unknown;
}

function groupBy<Item>(items: readonly Item[], keyOf: (item: Item) => string): Map<string, Item[]> {
  const groups = new Map<string, Item[]>();
  for (const item of items) groups.set(keyOf(item), [...(groups.get(keyOf(item)) ?? []), item]);
  return groups;
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
