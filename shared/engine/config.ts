import * as z from "zod/mini";
import en from "zod/v4/locales/en.js";
import type { Policy } from "../policies/define-policy.ts";

// English messages for config errors (zod/mini ships none by default).
z.config(en());

/**
 * The one configuration file, read by the CLI (`--config`, or `ecs-guardrails.config.json` where it
 * stands) and by the deployed functions (the stack passes it to them): per-policy switches and
 * parameters, and exemptions of resources by id.
 */
export interface GuardrailsConfig {
  readonly policies: Readonly<Record<string, PolicyConfig>>;
  readonly exemptions: readonly ConfiguredExemption[];
}

export interface PolicyConfig {
  readonly enabled?: boolean;
  readonly parameters?: Readonly<Record<string, unknown>>;
}

/** Exempts resources whose id matches `resource` (`*` matches any run of characters) from some policies. */
export interface ConfiguredExemption {
  readonly resource: string;
  /** Policy ids, or "all". */
  readonly policies: readonly string[] | "all";
  readonly reason: string;
  /** Last day of the exemption, `YYYY-MM-DD`. */
  readonly until?: string;
}

export const EMPTY_CONFIG: GuardrailsConfig = { policies: {}, exemptions: [] };

export const DATE = /^\d{4}-\d{2}-\d{2}$/;

const configFile = z.strictObject({
  $schema: z.optional(z.string()),
  policies: z.optional(
    z.record(
      z.string(),
      z.strictObject({
        enabled: z.optional(z.boolean()),
        parameters: z.optional(z.record(z.string(), z.unknown())),
      }),
    ),
  ),
  exemptions: z.optional(
    z.array(
      z.strictObject({
        resource: z.string().check(z.minLength(1)),
        policies: z.union([
          z.literal("all"),
          z.array(z.string().check(z.minLength(1))).check(z.minLength(1)),
        ]),
        reason: z.string().check(z.minLength(1, "an exemption needs a reason")),
        until: z.optional(z.string().check(z.regex(DATE, "expected YYYY-MM-DD"))),
      }),
    ),
  ),
});

export class ConfigError extends Error {
  override readonly name = "ConfigError";
}

/**
 * Validates a parsed config file against the registry: unknown keys, unknown policy ids and
 * parameters, and parameter values that fail their schema are errors naming where they are.
 */
export function parseConfig(
  document: unknown,
  policies: readonly Policy[],
  source: string,
): GuardrailsConfig {
  const parsed = configFile.safeParse(document);
  if (!parsed.success) {
    throw new ConfigError(
      `${source}: ${parsed.error.issues.map((issue) => `${issue.path.join(".") || "(file)"}: ${issue.message}`).join("; ")}`,
    );
  }
  const byId = new Map(policies.map((policy) => [policy.id, policy]));
  const problems: string[] = [];
  for (const [id, policyConfig] of Object.entries(parsed.data.policies ?? {})) {
    const policy = byId.get(id);
    if (policy === undefined) {
      problems.push(`policies.${id}: no such policy`);
      continue;
    }
    for (const [name, value] of Object.entries(policyConfig.parameters ?? {})) {
      const spec = policy.parameters?.[name];
      if (spec === undefined) {
        problems.push(`policies.${id}.parameters.${name}: the policy has no such parameter`);
        continue;
      }
      const checked = spec.schema.safeParse(value);
      if (!checked.success) {
        problems.push(
          `policies.${id}.parameters.${name}: ${checked.error.issues.map((issue) => issue.message).join("; ")}`,
        );
      }
    }
  }
  for (const [index, exemption] of (parsed.data.exemptions ?? []).entries()) {
    if (exemption.policies === "all") continue;
    for (const id of exemption.policies)
      if (!byId.has(id)) problems.push(`exemptions.${index}.policies: no policy "${id}"`);
  }
  if (problems.length > 0) throw new ConfigError(`${source}: ${problems.join("; ")}`);
  return { policies: parsed.data.policies ?? {}, exemptions: parsed.data.exemptions ?? [] };
}

/** A policy's parameter values: its defaults, overridden by the config. */
export function parametersOf(policy: Policy, config: GuardrailsConfig): Record<string, unknown> {
  const configured = config.policies[policy.id]?.parameters ?? {};
  return Object.fromEntries(
    Object.entries(policy.parameters ?? {}).map(([name, spec]) => [
      name,
      name in configured ? configured[name] : spec.default,
    ]),
  );
}

export function isEnabled(policy: Policy, config: GuardrailsConfig): boolean {
  return config.policies[policy.id]?.enabled !== false;
}
