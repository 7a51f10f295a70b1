import type { AnyRemediationAction } from "./action.ts";
import deregisterTaskDefinition from "./deregister-task-definition.ts";
import disableServiceExec from "./disable-service-exec.ts";
import disableServicePublicIp from "./disable-service-public-ip.ts";
import enableContainerInsights from "./enable-container-insights.ts";
import enableManagedTerminationProtection from "./enable-managed-termination-protection.ts";
import enableServiceManagedTags from "./enable-service-managed-tags.ts";
import requireInstanceMetadataV2 from "./require-instance-metadata-v2.ts";
import stopTask from "./stop-task.ts";

/** Every remediation action, by id order; the stack grants the permissions of those a policy's mode can use. */
export const ACTIONS: readonly AnyRemediationAction[] = [
  deregisterTaskDefinition,
  disableServiceExec,
  disableServicePublicIp,
  enableContainerInsights,
  enableManagedTerminationProtection,
  enableServiceManagedTags,
  requireInstanceMetadataV2,
  stopTask,
];

/** The actions that repair a policy's findings. */
export function actionsFor(policyId: string): readonly AnyRemediationAction[] {
  return ACTIONS.filter((action) => action.policies.includes(policyId));
}
