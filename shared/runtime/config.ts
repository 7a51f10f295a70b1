import * as z from "zod/mini";
import { EMPTY_CONFIG, type GuardrailsConfig, parseConfig } from "../engine/config.ts";
import type { Policy } from "../policies/define-policy.ts";

/** The environment every guardrail function reads, parsed once at cold start; nothing else reads `process.env`. */
const environment = z.object({
  /** Set by Lambda: the function's region, which decides the partition of global services such as IAM. */
  AWS_REGION: z.string().check(z.minLength(1)),
  DEAD_LETTER_QUEUE_URL: z.url(),
  /** The config file's content, which the stack passes to every function (absent: defaults only). */
  GUARDRAILS_CONFIG: z.optional(z.string()),
  /** The stage the stack deployed, whose remediation modes apply. */
  GUARDRAILS_STAGE: z.optional(z.string().check(z.minLength(1))),
  /** The remediation function's: the DynamoDB table that counts its actions per window. */
  REMEDIATION_BUDGET_TABLE: z.optional(z.string().check(z.minLength(1))),
  /** The remediation function's: the account its budget counts for (Lambda does not say). */
  GUARDRAILS_ACCOUNT: z.optional(z.string().check(z.regex(/^\d{12}$/, "expected a 12-digit AWS account id"))),
  /** The remediation function's: the SNS topic it announces what it did on. */
  REMEDIATION_TOPIC_ARN: z.optional(z.string().check(z.minLength(1))),
  /** The remediation function's: the roles whose changes are the guardrail's own (comma-separated ARNs). */
  GUARDRAIL_ROLE_ARNS: z.optional(z.string().check(z.minLength(1))),
});

/** The stage whose modes apply where the stack named none (tests, replay): only the top-level modes apply. */
export const DEFAULT_STAGE = "default";

export interface RuntimeConfig {
  readonly region: string;
  readonly deadLetterQueueUrl: string;
  readonly guardrails: GuardrailsConfig;
  readonly stage: string;
  readonly remediationBudgetTable: string | undefined;
  readonly account: string | undefined;
  readonly remediationTopicArn: string | undefined;
  readonly guardrailRoleArns: readonly string[];
}

export function runtimeConfig(
  policies: readonly Policy[],
  env: NodeJS.ProcessEnv = process.env,
): RuntimeConfig {
  const parsed = environment.safeParse(env);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((issue) => `${issue.path.join(".")}: ${issue.message}`);
    throw new Error(`invalid function environment: ${issues.join("; ")}`);
  }
  const { AWS_REGION, DEAD_LETTER_QUEUE_URL, GUARDRAILS_CONFIG, GUARDRAILS_STAGE } = parsed.data;
  return {
    region: AWS_REGION,
    deadLetterQueueUrl: DEAD_LETTER_QUEUE_URL,
    stage: GUARDRAILS_STAGE ?? DEFAULT_STAGE,
    remediationBudgetTable: parsed.data.REMEDIATION_BUDGET_TABLE,
    account: parsed.data.GUARDRAILS_ACCOUNT,
    remediationTopicArn: parsed.data.REMEDIATION_TOPIC_ARN,
    guardrailRoleArns: parsed.data.GUARDRAIL_ROLE_ARNS?.split(",").map((arn) => arn.trim()) ?? [],
    guardrails:
      GUARDRAILS_CONFIG === undefined
        ? EMPTY_CONFIG
        : parseConfig(JSON.parse(GUARDRAILS_CONFIG), policies, "GUARDRAILS_CONFIG"),
  };
}
