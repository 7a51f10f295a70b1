import type { AwsSecurityFinding } from "@aws-sdk/client-securityhub";
import type { ZodMiniType } from "zod/mini";
import type { StateReader } from "../hydrate/state-reader.ts";
import type { SkippedRead } from "../model/cloudtrail.ts";
import type { Policy } from "../policies/define-policy.ts";

export interface EventEvaluation {
  readonly findings: readonly AwsSecurityFinding[];
  readonly skipped: readonly SkippedRead[];
}

/** How one route turns an event of its kind into findings: its schema, then evaluation (reads through the reader). */
export interface EventEvaluator<Event> {
  readonly schema: ZodMiniType<Event>;
  evaluate(event: Event, reader: StateReader, policies: readonly Policy[]): Promise<EventEvaluation>;
}
