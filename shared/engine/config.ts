import * as z from "zod/mini";
import en from "zod/v4/locales/en.js";
import type { Policy } from "../policies/define-policy.ts";

// English messages for config errors (zod/mini ships none by default).
z.config(en());

/**
 * The one configuration file, read by the CLI (`--config`, or `ecs-guardrails.config.json` where it
 * stands) and by the deployed functions (the stack passes it to them): per-policy switches, parameters
 * and remediation modes, exemptions of resources by id, and what differs between stages.
 */
export interface GuardrailsConfig {
  readonly policies: Readonly<Record<string, PolicyConfig>>;
  readonly exemptions: readonly ConfiguredExemption[];
  /** Caps the remediation actions of every stage that sets no budget of its own. */
  readonly remediationBudget?: RemediationBudgetConfig;
  /** What every stage that sets no scope of its own may repair; unset, any resource of the account and region. */
  readonly remediationScope?: RemediationScopeConfig;
  /** When the inventory sweep runs, as an EventBridge schedule expression; `rate(1 day)` unless set. */
  readonly sweepSchedule?: string;
  /** How long the functions' logs are kept; the stack's default for the stage unless set. */
  readonly logRetention?: LogRetention;
  /** Overrides per stage (`sst deploy --stage <name>`), by stage name. */
  readonly stages?: Readonly<Record<string, StageConfig>>;
}

/**
 * What the guardrail does about a FAILED verdict: nothing (`off`, the default), tell people (`notify`),
 * record the exact API calls it would make (`dry-run`), repair (`auto`), or repair only when a person
 * chooses the Security Hub custom action on the finding (`manual`).
 */
export const REMEDIATION_MODES = ["off", "notify", "dry-run", "auto", "manual"] as const;
export type RemediationMode = (typeof REMEDIATION_MODES)[number];

export interface PolicyConfig {
  readonly enabled?: boolean;
  readonly parameters?: Readonly<Record<string, unknown>>;
  readonly remediation?: RemediationMode;
}

/** At most `maxActions` remediation actions in each window of `windowMinutes`, per account. */
export interface RemediationBudgetConfig {
  readonly maxActions: number;
  readonly windowMinutes: number;
}

/**
 * The resources the guardrail may change: those of the named clusters (names, not ARNs) and those carrying the tag.
 * Both, where both are set. A resource that belongs to no cluster (a task definition, a capacity provider) is
 * outside any `clusters` scope.
 */
export interface RemediationScopeConfig {
  readonly clusters?: readonly string[];
  readonly tag?: { readonly key: string; readonly value: string };
}

/** A stage's own remediation modes (which override the top-level ones), budget and scope, sweep and logs. */
export interface StageConfig {
  readonly policies?: Readonly<Record<string, { readonly remediation?: RemediationMode }>>;
  readonly remediationBudget?: RemediationBudgetConfig;
  readonly remediationScope?: RemediationScopeConfig;
  readonly sweepSchedule?: string;
  readonly logRetention?: LogRetention;
}

/** The log retention periods CloudWatch Logs (and SST's `logging.retention`) accept. */
export const LOG_RETENTIONS = [
  "1 day",
  "3 days",
  "5 days",
  "1 week",
  "2 weeks",
  "1 month",
  "2 months",
  "3 months",
  "4 months",
  "5 months",
  "6 months",
  "1 year",
  "13 months",
  "18 months",
  "2 years",
  "3 years",
  "5 years",
  "6 years",
  "7 years",
  "8 years",
  "9 years",
  "10 years",
  "forever",
] as const;
export type LogRetention = (typeof LOG_RETENTIONS)[number];

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

const remediationModeField = z.enum(REMEDIATION_MODES);

const remediationBudgetField = z.strictObject({
  maxActions: z.int().check(z.minimum(1)),
  windowMinutes: z.int().check(z.minimum(1)),
});

// Cluster names as CreateCluster accepts them; an ARN here would never equal the name a resource's ARN holds.
const CLUSTER_NAME = /^[a-zA-Z0-9_-]{1,255}$/;

const remediationScopeField = z
  .strictObject({
    clusters: z.optional(
      z
        .array(z.string().check(z.regex(CLUSTER_NAME, "expected a cluster name, not an ARN")))
        .check(z.minLength(1)),
    ),
    tag: z.optional(
      z.strictObject({
        key: z.string().check(z.minLength(1), z.maxLength(128)),
        value: z.string().check(z.maxLength(256)),
      }),
    ),
  })
  .check(
    z.refine(
      (scope) => scope.clusters !== undefined || scope.tag !== undefined,
      "a scope names clusters, a tag, or both",
    ),
  );

// EventBridge's rate expressions (singular unit for 1, plural otherwise) and six-field cron expressions.
const RATE = /^rate\((?:1 (?:minute|hour|day)|([2-9]|[1-9]\d+) (?:minutes|hours|days))\)$/;
const CRON = /^cron\(\S+( \S+){5}\)$/;
const MINUTES_PER_UNIT: Readonly<Record<string, number>> = { minute: 1, hour: 60, day: 1440 };

/** Every sweep imports every finding again, which Security Hub charges for: at most one an hour. */
function sweepScheduleProblem(expression: string): string | undefined {
  if (CRON.test(expression)) return undefined;
  if (!RATE.test(expression)) {
    return 'expected an EventBridge schedule expression: "rate(<n> hours)", "rate(1 day)" or "cron(<6 fields>)"';
  }
  const [, value = "", unit = ""] = /^rate\((\d+) (minute|hour|day)s?\)$/.exec(expression) ?? [];
  return Number(value) * (MINUTES_PER_UNIT[unit] ?? 0) < 60
    ? "a sweep re-imports every finding: at most one an hour (rate(1 hour) or slower)"
    : undefined;
}

const sweepScheduleField = z.string().check(
  z.superRefine((expression, context) => {
    const problem = sweepScheduleProblem(expression);
    if (problem !== undefined) context.addIssue({ code: "custom", message: problem, input: expression });
  }),
);

const logRetentionField = z.enum(LOG_RETENTIONS);

const configFile = z.strictObject({
  $schema: z.optional(z.string()),
  policies: z.optional(
    z.record(
      z.string(),
      z.strictObject({
        enabled: z.optional(z.boolean()),
        parameters: z.optional(z.record(z.string(), z.unknown())),
        remediation: z.optional(remediationModeField),
      }),
    ),
  ),
  remediationBudget: z.optional(remediationBudgetField),
  remediationScope: z.optional(remediationScopeField),
  sweepSchedule: z.optional(sweepScheduleField),
  logRetention: z.optional(logRetentionField),
  stages: z.optional(
    z.record(
      z.string().check(z.minLength(1)),
      z.strictObject({
        policies: z.optional(
          z.record(z.string(), z.strictObject({ remediation: z.optional(remediationModeField) })),
        ),
        remediationBudget: z.optional(remediationBudgetField),
        remediationScope: z.optional(remediationScopeField),
        sweepSchedule: z.optional(sweepScheduleField),
        logRetention: z.optional(logRetentionField),
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
 * parameters, parameter values that fail their schema, and a remediation mode other than `off` on a
 * policy that cannot repair (not `fixable`) are errors naming where they are.
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
    problems.push(...remediationProblems(`policies.${id}`, policy, policyConfig.remediation));
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
  for (const [stage, stageConfig] of Object.entries(parsed.data.stages ?? {})) {
    for (const [id, policyConfig] of Object.entries(stageConfig.policies ?? {})) {
      const policy = byId.get(id);
      if (policy === undefined) problems.push(`stages.${stage}.policies.${id}: no such policy`);
      else
        problems.push(
          ...remediationProblems(`stages.${stage}.policies.${id}`, policy, policyConfig.remediation),
        );
    }
  }
  for (const [index, exemption] of (parsed.data.exemptions ?? []).entries()) {
    if (exemption.policies === "all") continue;
    for (const id of exemption.policies)
      if (!byId.has(id)) problems.push(`exemptions.${index}.policies: no policy "${id}"`);
  }
  if (problems.length > 0) throw new ConfigError(`${source}: ${problems.join("; ")}`);
  const { remediationBudget, remediationScope, sweepSchedule, logRetention, stages } = parsed.data;
  return {
    policies: parsed.data.policies ?? {},
    exemptions: parsed.data.exemptions ?? [],
    ...(remediationBudget === undefined ? {} : { remediationBudget }),
    ...(remediationScope === undefined ? {} : { remediationScope }),
    ...(sweepSchedule === undefined ? {} : { sweepSchedule }),
    ...(logRetention === undefined ? {} : { logRetention }),
    ...(stages === undefined ? {} : { stages }),
  };
}

/** Only a policy that can repair its resource (`remediation.fixable`) may have a mode other than `off`. */
function remediationProblems(where: string, policy: Policy, mode: RemediationMode | undefined): string[] {
  if (mode === undefined || mode === "off" || policy.remediation.fixable) return [];
  return [
    `${where}.remediation: ${policy.id} cannot repair its resources (not fixable), so its mode can only be "off", not "${mode}"`,
  ];
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

/** What a stage deploys differently: its own sweep schedule and log retention, else the top-level ones. */
export function stageDeployment(
  config: GuardrailsConfig,
  stage: string,
): { readonly sweepSchedule?: string; readonly logRetention?: LogRetention } {
  const own = config.stages?.[stage];
  const sweepSchedule = own?.sweepSchedule ?? config.sweepSchedule;
  const logRetention = own?.logRetention ?? config.logRetention;
  return {
    ...(sweepSchedule === undefined ? {} : { sweepSchedule }),
    ...(logRetention === undefined ? {} : { logRetention }),
  };
}
