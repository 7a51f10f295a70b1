import { isUnresolved } from "../model/resolvable.ts";
import type { Resource } from "../model/types.ts";
import { DATE, type GuardrailsConfig } from "./config.ts";

/** The resource tags that exempt it; their values allow only letters, digits, spaces and `_ . : / = + - @`. */
export const EXEMPT_TAG = "ecs-guardrails:exempt";
export const EXEMPT_REASON_TAG = "ecs-guardrails:exempt-reason";
export const EXEMPT_UNTIL_TAG = "ecs-guardrails:exempt-until";

export interface Exemption {
  readonly source: "tag" | "config";
  readonly reason: string;
  readonly until?: string;
  /** Who set the exemption tags, where the TagResource call that set them was seen. */
  readonly setBy?: string;
}

/** Why an exemption that names the policy does not apply, for the evidence. */
export interface IgnoredExemption {
  readonly source: "tag" | "config";
  readonly problem: string;
}

export type ExemptionLookup =
  | { readonly exemption: Exemption }
  | { readonly ignored: IgnoredExemption }
  | undefined;

/**
 * Whether a resource is exempted from a policy on `today` (`YYYY-MM-DD`), by its tags or by the
 * config: an exemption needs a reason, and it ends after its `until` day.
 */
export function exemptionFor(
  policyId: string,
  resource: Resource,
  resourceId: string | undefined,
  config: GuardrailsConfig,
  today: string,
): ExemptionLookup {
  const fromTags = tagExemption(policyId, resource, today);
  if (fromTags !== undefined && "exemption" in fromTags) return fromTags;
  const fromConfig =
    resourceId === undefined ? undefined : configExemption(policyId, resourceId, config, today);
  return fromConfig ?? fromTags;
}

function tagExemption(policyId: string, resource: Resource, today: string): ExemptionLookup {
  const tags = resourceTags(resource);
  const exempt = tags.get(EXEMPT_TAG);
  if (exempt === undefined) return undefined;
  const names = exempt.split(/\s+/).filter(Boolean);
  if (!names.includes("all") && !names.includes(policyId)) return undefined;
  const reason = tags.get(EXEMPT_REASON_TAG)?.trim();
  if (reason === undefined || reason === "") {
    return {
      ignored: {
        source: "tag",
        problem: `the ${EXEMPT_TAG} tag is ignored: ${EXEMPT_REASON_TAG} is missing`,
      },
    };
  }
  const until = tags.get(EXEMPT_UNTIL_TAG)?.trim();
  if (until !== undefined && !DATE.test(until)) {
    return {
      ignored: {
        source: "tag",
        problem: `the ${EXEMPT_TAG} tag is ignored: ${EXEMPT_UNTIL_TAG} "${until}" is not YYYY-MM-DD`,
      },
    };
  }
  if (until !== undefined && until < today) {
    return { ignored: { source: "tag", problem: `the exemption by tag ended on ${until}` } };
  }
  return { exemption: { source: "tag", reason, ...(until === undefined ? {} : { until }) } };
}

function configExemption(
  policyId: string,
  resourceId: string,
  config: GuardrailsConfig,
  today: string,
): ExemptionLookup {
  let ignored: IgnoredExemption | undefined;
  for (const exemption of config.exemptions) {
    if (exemption.policies !== "all" && !exemption.policies.includes(policyId)) continue;
    if (!matches(exemption.resource, resourceId)) continue;
    if (exemption.until !== undefined && exemption.until < today) {
      ignored = { source: "config", problem: `the exemption in the config ended on ${exemption.until}` };
      continue;
    }
    return {
      exemption: {
        source: "config",
        reason: exemption.reason,
        ...(exemption.until === undefined ? {} : { until: exemption.until }),
      },
    };
  }
  return ignored === undefined ? undefined : { ignored };
}

/** `*` matches any run of characters; everything else matches itself. */
function matches(pattern: string, resourceId: string): boolean {
  const expression = pattern
    .split("*")
    .map((part) => part.replace(/[.+?^${}()|[\]\\]/g, "\\$&"))
    .join(".*");
  return new RegExp(`^${expression}$`).test(resourceId);
}

/** A resource's tags that are known, by key; none for a resource whose tags are not. */
export function resourceTags(resource: Resource): Map<string, string> {
  const tags = resource.tags;
  if (tags === undefined || isUnresolved(tags)) return new Map();
  const entries: [string, string][] = [];
  for (const tag of tags) {
    if (isUnresolved(tag) || typeof tag.key !== "string" || typeof tag.value !== "string") continue;
    entries.push([tag.key, tag.value]);
  }
  return new Map(entries);
}

/** Whether a TagResource request sets one of the exemption tags, so its caller is who set the exemption. */
export function setsExemptionTags(requestParameters: unknown): boolean {
  if (typeof requestParameters !== "object" || requestParameters === null) return false;
  const { tags } = requestParameters as { tags?: unknown };
  if (!Array.isArray(tags)) return false;
  return tags.some(
    (tag: unknown) =>
      typeof tag === "object" &&
      tag !== null &&
      [EXEMPT_TAG, EXEMPT_REASON_TAG, EXEMPT_UNTIL_TAG].includes((tag as { key?: unknown }).key as string),
  );
}
