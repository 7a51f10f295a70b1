import * as z from "zod/mini";

/** The environment every guardrail function reads, parsed once at cold start; nothing else reads `process.env`. */
const environment = z.object({
  DEAD_LETTER_QUEUE_URL: z.url(),
});

export type RuntimeConfig = z.infer<typeof environment>;

export function runtimeConfig(env: NodeJS.ProcessEnv = process.env): RuntimeConfig {
  const parsed = environment.safeParse(env);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((issue) => `${issue.path.join(".")}: ${issue.message}`);
    throw new Error(`invalid function environment: ${issues.join("; ")}`);
  }
  return parsed.data;
}
