import type { AwsSecurityFinding } from "@aws-sdk/client-securityhub";
import { matchesPattern } from "../../events/pattern-matcher.ts";
import { FindingImportError } from "../findings/publish-findings.ts";
import type { StateReader } from "../hydrate/state-reader.ts";
import type { SkippedRead } from "../model/cloudtrail.ts";
import type { EventEvaluator, Rulebook } from "./event-evaluator.ts";
import type { RouteSpec } from "./routes.ts";

/** A route as the pipeline runs it: its rules (to route events) and its evaluator. */
export interface Route {
  readonly spec: RouteSpec;
  // biome-ignore lint/suspicious/noExplicitAny: each route's evaluator has its own event type, checked by its schema.
  readonly evaluator: EventEvaluator<any>;
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

      for (const record of records) {
        const eventId = eventIdOf(record.event);
        const route = routes.find((candidate) =>
          candidate.spec.rules.some((rule) => matchesPattern(rule.pattern, record.event)),
        );
        if (route === undefined) {
          outcomes.set(record.id, { kind: "unrouted", eventId });
          continue;
        }
        const parsed = route.evaluator.schema.safeParse(record.event);
        if (!parsed.success) {
          outcomes.set(record.id, {
            kind: "malformed",
            eventId,
            reason: describeIssues(parsed.error.issues),
          });
          continue;
        }
        try {
          const evaluation = await route.evaluator.evaluate(parsed.data, reader, rulebook);
          for (const finding of evaluation.findings) keepLatest(latest, finding, record.id);
          outcomes.set(record.id, {
            kind: "evaluated",
            eventId: eventId ?? record.id,
            findings: evaluation.findings.length,
            skipped: evaluation.skipped,
          });
        } catch (error) {
          outcomes.set(record.id, { kind: "failed", eventId, error });
        }
      }

      const findings = [...latest.values()].map((entry) => entry.finding);
      if (findings.length === 0) return { outcomes, published: 0 };
      try {
        await sink.publish(findings);
        return { outcomes, published: findings.length };
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
        return { outcomes, published: findings.length - failedIds.size };
      }
    },
  };
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
