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
});

export interface RuntimeConfig {
  readonly region: string;
  readonly deadLetterQueueUrl: string;
  readonly guardrails: GuardrailsConfig;
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
  const { AWS_REGION, DEAD_LETTER_QUEUE_URL, GUARDRAILS_CONFIG } = parsed.data;
  return {
    region: AWS_REGION,
    deadLetterQueueUrl: DEAD_LETTER_QUEUE_URL,
    guardrails:
      GUARDRAILS_CONFIG === undefined
        ? EMPTY_CONFIG
        : parseConfig(JSON.parse(GUARDRAILS_CONFIG), policies, "GUARDRAILS_CONFIG"),
  };
}
