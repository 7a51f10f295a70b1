import type { Resource } from "../model/types.ts";
import { type MessageData, type Observation, type Policy, UNRESOLVED } from "../policies/define-policy.ts";

export type Status = "PASSED" | "FAILED" | "NOT_APPLICABLE" | "UNKNOWN";

export interface Evidence {
  readonly outcome: Observation<string>["outcome"] | "error";
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
}

/**
 * Runs every policy that applies to the resource's kind. Pure: a policy that throws becomes an
 * UNKNOWN verdict naming the error, and the other policies still run.
 */
export function evaluatePolicies(policies: readonly Policy[], resource: Resource): Verdict[] {
  return policies
    .filter((policy) => policy.resource === resource.kind)
    .map((policy) => evaluatePolicy(policy, resource));
}

export function evaluatePolicy(policy: Policy, resource: Resource): Verdict {
  let observations: readonly Observation<string>[];
  try {
    observations = (policy.evaluate as (resource: Resource) => readonly Observation<string>[])(resource);
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

function statusOf(observations: readonly Observation<string>[]): Status {
  const outcomes = new Set(observations.map((observation) => observation.outcome));
  if (outcomes.has("not-applicable")) return "NOT_APPLICABLE";
  if (outcomes.has("violation")) return "FAILED";
  if (outcomes.has("unknown")) return "UNKNOWN";
  return "PASSED";
}

export function renderMessage(policy: Policy, messageId: string, data: MessageData | undefined): string {
  const template =
    messageId === UNRESOLVED ? "cannot be decided from the input: {{reason}}" : policy.messages[messageId];
  if (template === undefined) return `unknown message "${messageId}" of policy ${policy.id}`;
  return template.replaceAll(/\{\{\s*(\w+)\s*\}\}/g, (placeholder, name: string) =>
    data?.[name] === undefined ? placeholder : String(data[name]),
  );
}
