import type { Policy } from "../../shared/policies/define-policy.ts";

/** `ecs-guardrails policies --format json`: the catalog as external tools read it. */
export function formatPoliciesJson(policies: readonly Policy[]): string {
  const listed = policies.map((policy) => ({
    id: policy.id,
    title: policy.title,
    severity: policy.severity,
    resource: policy.resource,
    controls: policy.controls,
    fixable: policy.remediation.fixable,
    parameters: Object.fromEntries(
      Object.entries(policy.parameters ?? {}).map(([name, spec]) => [
        name,
        { description: spec.description, default: spec.default },
      ]),
    ),
  }));
  return `${JSON.stringify({ policies: listed }, null, 2)}\n`;
}

/** `ecs-guardrails policies`: one line a policy, then the count. */
export function formatPoliciesText(policies: readonly Policy[]): string {
  const width = Math.max(...policies.map((policy) => policy.id.length));
  const lines = policies.map((policy) => {
    const controls = policy.controls.length === 0 ? "beyond Security Hub" : policy.controls.join(", ");
    return `${policy.id.padEnd(width)}  ${policy.severity.padEnd(13)} ${policy.resource.padEnd(16)} ${controls.padEnd(20)} ${policy.title}`;
  });
  const controls = new Set(policies.flatMap((policy) => policy.controls)).size;
  const beyond = policies.filter((policy) => policy.controls.length === 0).length;
  lines.push(`${policies.length} policies: ${controls} Security Hub controls, ${beyond} beyond Security Hub`);
  return `${lines.join("\n")}\n`;
}
