import type { GuardrailsConfig, RemediationScopeConfig } from "../engine/config.ts";
import type { Policy } from "../policies/define-policy.ts";
import { actionsFor } from "./actions/index.ts";
import { changesResources, remediationMode } from "./mode.ts";
import type { RemediationPermission } from "./permission.ts";
import { remediationScope } from "./scope.ts";

/**
 * The permissions of the actions the stage's modes let the remediation function take, and only those: a stage
 * whose policies are all `off`, `notify` or `dry-run` holds no permission that changes a resource. Each statement
 * is narrowed to the stage's remediation scope by the condition keys its actions support.
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
  const scope = remediationScope(config, stage);
  const statements = new Map<string, RemediationPermission>();
  for (const permission of [...actions].flatMap((action) => action.permissions)) {
    const scoped = scope === undefined ? permission : scopedPermission(permission, scope);
    statements.set(JSON.stringify(scoped), scoped);
  }
  return [...statements.values()];
}

/**
 * The statement with the scope's conditions for the keys it supports: the clusters as `ecs:cluster` ARNs (the
 * stack fills in `{partition}`, `{region}` and `{account}`), the tag as `aws:ResourceTag/<key>`. A scope the
 * statement's actions cannot be narrowed by is left to the remediation's own check (`outsideScope`).
 */
export function scopedPermission(
  permission: RemediationPermission,
  scope: RemediationScopeConfig,
): RemediationPermission {
  const conditions: Record<string, Record<string, string | readonly string[]>> = Object.fromEntries(
    Object.entries(permission.conditions ?? {}).map(([test, keys]) => [test, { ...keys }]),
  );
  const add = (test: string, key: string, values: string | readonly string[]) => {
    conditions[test] = { ...conditions[test], [key]: values };
  };
  if (scope.clusters !== undefined && permission.scopableBy.includes("ecs:cluster")) {
    add(
      "ArnEquals",
      "ecs:cluster",
      scope.clusters.map((name) => `arn:{partition}:ecs:{region}:{account}:cluster/${name}`),
    );
  }
  if (scope.tag !== undefined && permission.scopableBy.includes("aws:ResourceTag")) {
    add("StringEquals", `aws:ResourceTag/${scope.tag.key}`, scope.tag.value);
  }
  return Object.keys(conditions).length === 0 ? permission : { ...permission, conditions };
}
