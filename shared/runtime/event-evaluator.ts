import type { AwsSecurityFinding } from "@aws-sdk/client-securityhub";
import type { ZodMiniType } from "zod/mini";
import type { GuardrailsConfig } from "../engine/config.ts";
import type { StateReader } from "../hydrate/state-reader.ts";
import type { SkippedRead } from "../model/cloudtrail.ts";
import type { Policy } from "../policies/define-policy.ts";

export interface EventEvaluation {
  readonly findings: readonly AwsSecurityFinding[];
  readonly skipped: readonly SkippedRead[];
}

/** What resources are judged by: the policies and the configuration (switches, parameters, exemptions). */
export interface Rulebook {
  readonly policies: readonly Policy[];
  readonly config: GuardrailsConfig;
}

/** How one route turns an event of its kind into findings: its schema, then evaluation (reads through the reader). */
export interface EventEvaluator<Event> {
  readonly schema: ZodMiniType<Event>;
  evaluate(event: Event, reader: StateReader, rulebook: Rulebook): Promise<EventEvaluation>;
}
