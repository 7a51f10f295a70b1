import type { ScanReport } from "../../cli/scan/scan.ts";
import type { Status } from "../../shared/engine/evaluate.ts";
import type { Policy } from "../../shared/policies/define-policy.ts";
import { policies } from "../../shared/policies/index.ts";

/** The policies the conformance tests judge, with the Security Hub control each reproduces. */
export const CONTROLS = {
  "no-service-public-ip": "ECS.2",
  "no-host-pid-mode": "ECS.3",
  "no-privileged-containers": "ECS.4",
  "no-task-set-public-ip": "ECS.16",
  "no-host-network-mode": "ECS.17",
  "no-root-user": "ECS.20",
  "no-windows-admin-user": "ECS.21",
} as const;

export type PolicyId = keyof typeof CONTROLS;

export const POLICY_IDS = Object.keys(CONTROLS) as PolicyId[];

export function policyNamed(id: string): Policy {
  const policy = policies.find((candidate) => candidate.id === id);
  if (policy === undefined) throw new Error(`no policy ${id} in the registry`);
  return policy;
}

/** The seven policies under test, from the registry. */
export const POLICIES_UNDER_TEST: readonly Policy[] = POLICY_IDS.map(policyNamed);

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
