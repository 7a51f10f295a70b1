import type { GuardrailsConfig } from "../engine/config.ts";
import type { Policy } from "../policies/define-policy.ts";
import { actionsFor } from "./actions/index.ts";
import { changesResources, remediationMode } from "./mode.ts";
import type { RemediationPermission } from "./permission.ts";

/**
 * The permissions of the actions the stage's modes let the remediation function take, and only those: a stage
 * whose policies are all `off`, `notify` or `dry-run` holds no permission that changes a resource.
 */
export function remediationPermissions(
  policies: readonly Policy[],
  config: GuardrailsConfig,
  stage: string,
): RemediationPermission[] {
  const actions = new Set(
    policies
      .filter((policy) => changesResources(remediationMode(policy, config, stage)))
      .flatMap((policy) => actionsFor(policy.id)),
  );
  const statements = new Map<string, RemediationPermission>();
  for (const permission of [...actions].flatMap((action) => action.permissions)) {
    statements.set(JSON.stringify(permission), permission);
  }
  return [...statements.values()];
}
