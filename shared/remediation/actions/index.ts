import type { AnyRemediationAction } from "./action.ts";
import deregisterTaskDefinition from "./deregister-task-definition.ts";
import disableServiceExec from "./disable-service-exec.ts";
import disableServicePublicIp from "./disable-service-public-ip.ts";
import enableContainerInsights from "./enable-container-insights.ts";
import enableManagedTerminationProtection from "./enable-managed-termination-protection.ts";
import enableServiceManagedTags from "./enable-service-managed-tags.ts";
import recreateTaskSetWithoutPublicIp from "./recreate-task-set-without-public-ip.ts";
import registerFixedRevision from "./register-fixed-revision.ts";
import requireInstanceMetadataV2 from "./require-instance-metadata-v2.ts";
import stopTask from "./stop-task.ts";

/**
 * Every remediation action, by id order but one; the stack grants the permissions of those a policy's mode can use.
 * The evaluator applies a policy's actions in this order: a fixed revision is registered and rolled out before the
 * old one is deregistered, which would leave it INACTIVE, gone for the fix.
 */
export const ACTIONS: readonly AnyRemediationAction[] = [
  registerFixedRevision,
  deregisterTaskDefinition,
  disableServiceExec,
  disableServicePublicIp,
  enableContainerInsights,
  enableManagedTerminationProtection,
  enableServiceManagedTags,
  recreateTaskSetWithoutPublicIp,
  requireInstanceMetadataV2,
  stopTask,
];

/** The actions that repair a policy's findings. */
export function actionsFor(policyId: string): readonly AnyRemediationAction[] {
  return ACTIONS.filter((action) => action.policies.includes(policyId));
}
