import type { Resource } from "../model/types.ts";
import {
  type MessageData,
  type Observation,
  type Policy,
  type PolicyContext,
  type PolicyLookups,
  UNRESOLVED,
} from "../policies/define-policy.ts";
import { EMPTY_CONFIG, type GuardrailsConfig, isEnabled, parametersOf } from "./config.ts";
import { type Exemption, exemptionFor } from "./exemptions.ts";
import { OFFLINE_LOOKUPS } from "./lookups.ts";

/** EXEMPTED: the resource would fail (or be undecidable), but an exemption with a reason covers it. */
export type Status = "PASSED" | "FAILED" | "NOT_APPLICABLE" | "UNKNOWN" | "EXEMPTED";

export interface Evidence {
  readonly outcome: Observation<string>["outcome"] | "error" | "exemption";
  /** JSON pointer in ECS API field names, relative to the resource ("" for the whole resource). */
  readonly path: string;
  readonly message: string;
}

/** One policy's verdict on one resource. */
export interface Verdict {
  readonly policy: Policy;
  readonly resource: Resource;
  readonly status: Status;
  readonly evidence: readonly Evidence[];
  /** The exemption that turned a FAILED or UNKNOWN verdict into EXEMPTED. */
  readonly exemption?: Exemption;
}

export interface EvaluationOptions {
  readonly config?: GuardrailsConfig;
  /** The day exemptions are judged on, `YYYY-MM-DD` (the event's day, or today in the CLI). */
  readonly today?: string;
  /** The id the resource is known by (ARN or `file#pointer`), which config exemptions match. */
  readonly resourceId?: string;
  /** State the shell read for the policies (IAM role permissions); by default every lookup is Unresolved. */
  readonly lookups?: PolicyLookups;
  /** Who set the resource's exemption tags, when the event being judged is the call that set them. */
  readonly exemptionTagsSetBy?: string;
}

/**
 * Runs every enabled policy that applies to the resource's kind. Pure: a policy that throws becomes an
 * UNKNOWN verdict naming the error, and the other policies still run.
 */
export function evaluatePolicies(
  policies: readonly Policy[],
  resource: Resource,
  options: EvaluationOptions = {},
): Verdict[] {
  const config = options.config ?? EMPTY_CONFIG;
  return policies
    .filter((policy) => policy.resource === resource.kind && isEnabled(policy, config))
    .map((policy) => evaluatePolicy(policy, resource, options));
}

export function evaluatePolicy(policy: Policy, resource: Resource, options: EvaluationOptions = {}): Verdict {
  const config = options.config ?? EMPTY_CONFIG;
  const verdict = judge(policy, resource, {
    parameters: parametersOf(policy, config),
    lookups: options.lookups ?? OFFLINE_LOOKUPS,
  });
  if (verdict.status !== "FAILED" && verdict.status !== "UNKNOWN") return verdict;
  const today = options.today ?? new Date().toISOString().slice(0, 10);
  const lookup = exemptionFor(policy.id, resource, options.resourceId, config, today);
  if (lookup === undefined) return verdict;
  if ("ignored" in lookup) {
    return {
      ...verdict,
      evidence: [...verdict.evidence, { outcome: "exemption", path: "", message: lookup.ignored.problem }],
    };
  }
  const exemption =
    lookup.exemption.source === "tag" && options.exemptionTagsSetBy !== undefined
      ? { ...lookup.exemption, setBy: options.exemptionTagsSetBy }
      : lookup.exemption;
  const until = exemption.until === undefined ? "" : ` until ${exemption.until}`;
  const how =
    exemption.source === "config"
      ? "by the config file"
      : `by the resource's ecs-guardrails:exempt tag${exemption.setBy === undefined ? "" : ` (set by ${exemption.setBy})`}`;
  return {
    ...verdict,
    status: "EXEMPTED",
    exemption,
    evidence: [
      ...verdict.evidence,
      { outcome: "exemption", path: "", message: `exempted ${how}${until}: ${exemption.reason}` },
    ],
  };
}

function judge(policy: Policy, resource: Resource, context: PolicyContext): Verdict {
  let observations: readonly Observation<string>[];
  try {
    observations = (
      policy.evaluate as (resource: Resource, context: PolicyContext) => readonly Observation<string>[]
    )(resource, context);
  } catch (error) {
    const message = `policy ${policy.id} failed: ${error instanceof Error ? error.message : String(error)}`;
    return { policy, resource, status: "UNKNOWN", evidence: [{ outcome: "error", path: "", message }] };
  }
  const evidence = observations.map((observation) => ({
    outcome: observation.outcome,
    path: "path" in observation ? observation.path : "",
    message: renderMessage(policy, observation.messageId, observation.data),
  }));
  return { policy, resource, status: statusOf(observations), evidence };
}

/** Precedence of outcomes: not applicable over a violation, over unknown, over passing. */
const STATUS_BY_RANK: readonly Status[] = ["PASSED", "UNKNOWN", "FAILED", "NOT_APPLICABLE"];
const RANK: Readonly<Record<string, number>> = { unknown: 1, violation: 2, "not-applicable": 3 };

function statusOf(observations: readonly Observation<string>[]): Status {
  let rank = 0;
  for (const { outcome } of observations) rank = Math.max(rank, RANK[outcome] ?? 0);
  return STATUS_BY_RANK[rank] ?? "PASSED";
}

export function renderMessage(policy: Policy, messageId: string, data: MessageData | undefined): string {
  const template =
    messageId === UNRESOLVED ? "cannot be decided from the input: {{reason}}" : policy.messages[messageId];
  if (template === undefined) return `unknown message "${messageId}" of policy ${policy.id}`;
  let message = "";
  for (const part of compiled(template)) {
    if (typeof part === "string") message += part;
    else message += data?.[part.name] === undefined ? part.placeholder : String(data[part.name]);
  }
  return message;
}

type TemplatePart = string | { readonly name: string; readonly placeholder: string };

// Every verdict renders its messages: each template is split into text and placeholders once. The templates are the
// catalog's own, so the cache is bounded by it.
const COMPILED_TEMPLATES = new Map<string, readonly TemplatePart[]>();

function compiled(template: string): readonly TemplatePart[] {
  const known = COMPILED_TEMPLATES.get(template);
  if (known !== undefined) return known;
  const parts: TemplatePart[] = [];
  let last = 0;
  for (const match of template.matchAll(/\{\{\s*(\w+)\s*\}\}/g)) {
    if (match.index > last) parts.push(template.slice(last, match.index));
    parts.push({ name: match[1] as string, placeholder: match[0] });
    last = match.index + match[0].length;
  }
  if (last < template.length) parts.push(template.slice(last));
  COMPILED_TEMPLATES.set(template, parts);
  return parts;
}
