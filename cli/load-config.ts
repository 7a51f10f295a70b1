import { existsSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { EMPTY_CONFIG, type GuardrailsConfig, parseConfig } from "../shared/engine/config.ts";
import type { Policy } from "../shared/policies/define-policy.ts";

/** Where the config file is looked for when `--config` names none. */
export const DEFAULT_CONFIG_FILE = "ecs-guardrails.config.json";

/** The config file named by `--config`, else `ecs-guardrails.config.json` if it exists, else defaults only. */
export async function loadConfig(
  path: string | undefined,
  policies: readonly Policy[],
): Promise<GuardrailsConfig> {
  const file = path ?? (existsSync(DEFAULT_CONFIG_FILE) ? DEFAULT_CONFIG_FILE : undefined);
  if (file === undefined) return EMPTY_CONFIG;
  let document: unknown;
  try {
    document = JSON.parse((await readFile(file, "utf8")).replace(/^\uFEFF/, ""));
  } catch (error) {
    throw new Error(`cannot read the config file ${file}: ${(error as Error).message}`);
  }
  return parseConfig(document, policies, file);
}
