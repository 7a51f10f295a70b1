import type { Policy } from "../shared/policies/define-policy.ts";
import type { AnyRemediationAction } from "../shared/remediation/actions/action.ts";
import { actionsFor } from "../shared/remediation/actions/index.ts";
import type { RemediationPermission } from "../shared/remediation/permission.ts";

/** The section of a fixable policy's page on the actions that repair it, from the actions' own declarations. */
export function remediationSection(policy: Policy): string[] {
  const actions = actionsFor(policy.id);
  if (actions.length === 0) return [];
  return [
    "## Remediation by ECS Guardrails",
    "",
    `Off unless the config file sets \`policies.${policy.id}.remediation\` (or a stage's) to \`notify\`, \`dry-run\`, \`auto\` or \`manual\`; \`remediationScope\` limits what it may change. ${
      actions.length > 1 ? "These actions run in this order:" : "The action:"
    }`,
    "",
    ...actions.flatMap(actionEntry),
  ];
}

function actionEntry(action: AnyRemediationAction): string[] {
  return [
    `### \`${action.id}\``,
    "",
    action.description,
    "",
    "The remediation role gets these statements only in a stage where the policy's mode is `auto` or `manual`:",
    "",
    "| Actions | Resources | Narrowed to the scope by | Always with |",
    "| --- | --- | --- | --- |",
    ...action.permissions.map(permissionRow),
    "",
  ];
}

function permissionRow(permission: RemediationPermission): string {
  const actions = permission.actions.map((name) => `\`${name}\``).join(", ");
  const resources = permission.resources
    .map((resource) => (resource === "*" ? "`*`" : `\`${resource.arn}\``))
    .join(", ");
  const scopedBy =
    permission.scopableBy.length === 0
      ? "nothing IAM supports: the remediation's own check"
      : permission.scopableBy
          .map((key) => `\`${key === "aws:ResourceTag" ? "aws:ResourceTag/<key>" : key}\``)
          .join(", ");
  const conditions = Object.entries(permission.conditions ?? {}).flatMap(([test, keys]) =>
    Object.entries(keys).map(([key, values]) => `${test} \`${key}\` = ${[values].flat().join(", ")}`),
  );
  const checked =
    permission.checkedDuring === undefined ? [] : [`checked during \`${permission.checkedDuring}\``];
  return `| ${actions} | ${resources} | ${scopedBy} | ${[...conditions, ...checked].join("; ")} |`;
}
