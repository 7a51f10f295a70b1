/**
 * An IAM resource a remediation permission names: `*`, or an ARN template whose `{partition}`, `{region}` and
 * `{account}` the stack fills in. Structurally a `PermissionResource` of the routes, so the stack grants both alike.
 */
export type RemediationResource = "*" | { readonly arn: string };

/**
 * A condition key AWS evaluates for every action of a statement, which the stack may use to narrow the grant to
 * what a stage's config lets the guardrail repair: the clusters (`ecs:cluster`, an ARN) or a resource tag (`aws:ResourceTag/<key>`).
 */
export type ScopingConditionKey = "ecs:cluster" | "aws:ResourceTag";

/**
 * An IAM statement a remediation action needs, as plain data (a `PermissionSpec` plus the condition keys that can
 * scope it): the stack grants it only where a policy's mode can use the action.
 */
export interface RemediationPermission {
  readonly actions: readonly string[];
  readonly resources: readonly RemediationResource[];
  /** Empty when AWS supports no such key for one of the actions. */
  readonly scopableBy: readonly ScopingConditionKey[];
  /**
   * Conditions the grant always carries, as an IAM policy's `Condition` block (operator, then key, then values):
   * the stack passes them through unchanged.
   */
  readonly conditions?: Readonly<Record<string, Readonly<Record<string, string | readonly string[]>>>>;
  /**
   * The API operation during which IAM checks these actions (`iam:PassRole` on RegisterTaskDefinition): they are
   * no calls of their own, so the function never sends them.
   */
  readonly checkedDuring?: string;
}
