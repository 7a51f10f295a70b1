import { existsSync, readFileSync } from "node:fs";
import { parseConfig } from "../shared/engine/config.ts";
import { policies } from "../shared/policies/index.ts";

/** Lambda allows 4 KB of environment in all; the rest is the function's own variables. */
const MAX_CONFIG_BYTES = 3 * 1024;

/**
 * The config file the functions receive (as `GUARDRAILS_CONFIG`), validated at deploy time so a typo
 * fails the deploy instead of every invocation; undefined when there is none.
 */
export function guardrailsConfigFor(path: string): string | undefined {
  if (!existsSync(path)) return undefined;
  const document: unknown = JSON.parse(readFileSync(path, "utf8").replace(/^\uFEFF/, ""));
  parseConfig(document, policies, path);
  const compact = JSON.stringify(document);
  if (Buffer.byteLength(compact) > MAX_CONFIG_BYTES) {
    throw new Error(
      `${path} is ${Buffer.byteLength(compact)} bytes once compacted; the functions' environment holds ${MAX_CONFIG_BYTES}`,
    );
  }
  return compact;
}
