import type { AwsSecurityFinding } from "@aws-sdk/client-securityhub";
import type { ZodMiniType } from "zod/mini";
import { type GuardrailsConfig, isEnabled } from "../engine/config.ts";
import type { StateReader } from "../hydrate/state-reader.ts";
import type { SkippedRead } from "../model/cloudtrail.ts";
import type { Policy, PolicyLookups } from "../policies/define-policy.ts";

/** A CloudWatch metric value the handler emits (Powertools Metrics), with its dimensions. */
export interface MetricDatum {
  readonly name: string;
  readonly value: number;
  readonly dimensions?: Readonly<Record<string, string>>;
}

export interface EventEvaluation {
  readonly findings: readonly AwsSecurityFinding[];
  readonly skipped: readonly SkippedRead[];
  readonly metrics?: readonly MetricDatum[];
  /** Work the event leaves for later invocations (the sweep's next steps), sent once its findings are published. */
  readonly followUps?: readonly FollowUp[];
}

/** An event the guardrail sends itself through EventBridge, so its rule queues the work it describes. */
export interface FollowUp {
  readonly source: string;
  readonly detailType: string;
  readonly detail: object;
}

/** What resources are judged by: the policies and the configuration (switches, parameters, exemptions). */
export interface Rulebook {
  readonly policies: readonly Policy[];
  readonly config: GuardrailsConfig;
}

/** Whether a policy that is on reads this lookup: state no policy reads is not fetched (nor paid for). */
export function needsLookup(lookup: keyof PolicyLookups, { policies, config }: Rulebook): boolean {
  return policies.some((policy) => policy.needs?.includes(lookup) && isEnabled(policy, config));
}

/** How one rule's events become findings, one event at a time: its schema, then evaluation (reads through the reader). */
export interface EventEvaluator<Event> {
  readonly schema: ZodMiniType<Event>;
  evaluate(event: Event, reader: StateReader, rulebook: Rulebook): Promise<EventEvaluation>;
}

/**
 * How one rule's events become findings when they only mean something together (throttling storms are
 * counted per API): all the batch's valid events of the rule at once; they succeed or fail together.
 */
export interface BatchEvaluator<Event> {
  readonly schema: ZodMiniType<Event>;
  evaluateBatch(events: readonly Event[], reader: StateReader, rulebook: Rulebook): Promise<EventEvaluation>;
  /**
   * The resources an event's findings are about (their ids as findings name them), the event's own first, where
   * events of different resources are judged independently: the pipeline then ties a failure to the records of
   * the resource it hit, and a finding to the records whose event names its resource. Without it, the batch's
   * events stand or fall together (throttling counts mean something only together).
   */
  resourcesOf?(event: Event): readonly [string, ...string[]];
}

// biome-ignore lint/suspicious/noExplicitAny: each rule's evaluator has its own event type, checked by its schema.
export type RuleEvaluator = EventEvaluator<any> | BatchEvaluator<any>;

export function isBatchEvaluator(
  evaluator: RuleEvaluator,
): evaluator is Extract<RuleEvaluator, { evaluateBatch: unknown }> {
  return "evaluateBatch" in evaluator;
}
