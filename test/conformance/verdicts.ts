import type { ScanReport } from "../../cli/scan/scan.ts";
import type { Status } from "../../shared/engine/evaluate.ts";
import type { Policy } from "../../shared/policies/define-policy.ts";
import { policies } from "../../shared/policies/index.ts";

/** The policies the conformance tests judge against Security Hub, with the control each reproduces. */
export const CONTROLS = {
  "no-host-network-root-user": "ECS.1",
  "no-service-public-ip": "ECS.2",
  "no-host-pid-mode": "ECS.3",
  "no-privileged-containers": "ECS.4",
  "read-only-root-filesystem": "ECS.5",
  "no-aws-credentials-in-environment": "ECS.8",
  "container-logging-configured": "ECS.9",
  "fargate-platform-version-latest": "ECS.10",
  "cluster-container-insights": "ECS.12",
  "service-tagged": "ECS.13",
  "cluster-tagged": "ECS.14",
  "task-definition-tagged": "ECS.15",
  "no-task-set-public-ip": "ECS.16",
  "no-host-network-mode": "ECS.17",
  "efs-transit-encryption": "ECS.18",
  "capacity-provider-termination-protection": "ECS.19",
  "no-root-user": "ECS.20",
  "no-windows-admin-user": "ECS.21",
} as const;

/** Policies beyond Security Hub that AWS Control Tower's proactive controls also judge. */
export const BEYOND_SECURITY_HUB = ["awsvpc-network-mode", "container-memory-limit"] as const;

/**
 * The policy that judges what each of AWS Control Tower's proactive ECS controls (`CT.ECS.PR.<n>`, the rules
 * cfn-guard runs) judges; `known-differences.ts` says where their verdicts differ.
 */
export const CONTROL_TOWER_POLICIES = {
  "CT.ECS.PR.1": "fargate-platform-version-latest",
  "CT.ECS.PR.2": "cluster-container-insights",
  "CT.ECS.PR.3": "no-root-user",
  "CT.ECS.PR.4": "awsvpc-network-mode",
  "CT.ECS.PR.5": "container-logging-configured",
  "CT.ECS.PR.6": "read-only-root-filesystem",
  "CT.ECS.PR.7": "container-memory-limit",
  "CT.ECS.PR.8": "no-host-network-root-user",
  "CT.ECS.PR.9": "no-service-public-ip",
  "CT.ECS.PR.10": "no-host-pid-mode",
  "CT.ECS.PR.11": "no-privileged-containers",
  "CT.ECS.PR.12": "no-aws-credentials-in-environment",
} as const satisfies Readonly<Record<string, PolicyId>>;

export type SecurityHubPolicyId = keyof typeof CONTROLS;
export type PolicyId = SecurityHubPolicyId | (typeof BEYOND_SECURITY_HUB)[number];

export const SECURITY_HUB_POLICY_IDS = Object.keys(CONTROLS) as SecurityHubPolicyId[];

export function policyNamed(id: string): Policy {
  const policy = policies.find((candidate) => candidate.id === id);
  if (policy === undefined) throw new Error(`no policy ${id} in the registry`);
  return policy;
}

/** The policies that reproduce a Security Hub control, from the registry. */
export const SECURITY_HUB_POLICIES: readonly Policy[] = SECURITY_HUB_POLICY_IDS.map(policyNamed);

/** Every policy under test: those of Security Hub and those Control Tower also judges. */
export const POLICIES_UNDER_TEST: readonly Policy[] = [
  ...SECURITY_HUB_POLICIES,
  ...BEYOND_SECURITY_HUB.map(policyNamed),
];

/** Resource id → policy id → status; throws when a resource gets two verdicts from one policy. */
export function verdictsOf(report: ScanReport): Map<string, Map<string, Status>> {
  const verdicts = new Map<string, Map<string, Status>>();
  for (const { result } of report.entries) {
    const byPolicy = verdicts.get(result.resource.id) ?? new Map<string, Status>();
    if (byPolicy.has(result.policy))
      throw new Error(`two ${result.policy} verdicts on ${result.resource.id}`);
    byPolicy.set(result.policy, result.status);
    verdicts.set(result.resource.id, byPolicy);
  }
  return verdicts;
}
