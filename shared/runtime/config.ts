import { z } from "zod";

/** The environment every guardrail function reads, parsed once at cold start; nothing else reads `process.env`. */
const environment = z.object({
  DEAD_LETTER_QUEUE_URL: z.url(),
  AWS_REGION: z.string().min(1).optional(),
});

export type RuntimeConfig = z.infer<typeof environment>;

export function runtimeConfig(env: NodeJS.ProcessEnv = process.env): RuntimeConfig {
  const parsed = environment.safeParse(env);
  if (!parsed.success) {
    throw new Error(
      `invalid function environment: ${parsed.error.issues.map((issue) => `${issue.path.join(".")} ${issue.message}`).join("; ")}`,
    );
  }
  return parsed.data;
}
