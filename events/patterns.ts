import { ecsApiCallNames } from "./ecs-api-calls.ts";
import { deploymentStateChangeNames } from "./schemas/deployment-state-change.ts";
import {
  CUSTOM_ACTION,
  REMEDIATION_REQUEST_DETAIL_TYPE,
  REMEDIATION_SOURCE,
  SECURITY_HUB_CUSTOM_ACTION_DETAIL_TYPE,
} from "./schemas/remediation.ts";
import { judgedServiceActionNames } from "./schemas/service-action.ts";
import { SWEEP_SOURCE, SWEEP_STEP_DETAIL_TYPE } from "./schemas/sweep.ts";
import {
  ECS_SERVICE_LINKED_ROLE,
  ECS_SERVICE_PRINCIPAL,
  throttledEventSources,
  throttledServiceSources,
  throttlingErrorCodes,
} from "./throttling.ts";

/**
 * EventBridge patterns, in the JSON shape the rules receive. The stack deploys them and
 * `ecs-guardrails replay` routes events with them, so both see the same events.
 */

/** ECS write calls that create, change or delete what policies judge (tags included); failed calls change nothing. */
export const apiCallsPattern = {
  source: ["aws.ecs"],
  "detail-type": ["AWS API Call via CloudTrail"],
  detail: {
    eventSource: ["ecs.amazonaws.com"],
    eventName: ecsApiCallNames,
    errorCode: [{ exists: false }],
  },
} as const;

/**
 * Calls ECS made on the user's behalf to EC2, Elastic Load Balancing and Cloud Map that were throttled. CloudTrail
 * names ECS as the caller three ways, each enough alone: `userIdentity.invokedBy` (present whenever a service
 * calls, service-linked roles included), the issuer of the session (ECS's service-linked role), and
 * `sourceIPAddress` (a service's DNS name in place of an address, as in the ECS guide's example record).
 */
export const throttlesPattern = {
  source: Object.values(throttledServiceSources),
  "detail-type": ["AWS API Call via CloudTrail"],
  detail: {
    eventSource: throttledEventSources,
    errorCode: throttlingErrorCodes,
    $or: [
      { userIdentity: { invokedBy: [ECS_SERVICE_PRINCIPAL] } },
      { userIdentity: { sessionContext: { sessionIssuer: { userName: [ECS_SERVICE_LINKED_ROLE] } } } },
      { sourceIPAddress: [ECS_SERVICE_PRINCIPAL] },
    ],
  },
} as const;

/** Every deployment state change of a service: each is judged (service-deployment-succeeds). */
export const deploymentStateChangesPattern = {
  source: ["aws.ecs"],
  "detail-type": ["ECS Deployment State Change"],
  detail: { eventName: deploymentStateChangeNames },
} as const;

/** The service actions a policy judges (which ones, and why not the others: judgedServiceActionNames). */
export const serviceActionsPattern = {
  source: ["aws.ecs"],
  "detail-type": ["ECS Service Action"],
  detail: { eventName: judgedServiceActionNames },
} as const;

/**
 * Every state change of a container instance: registration, agent connection and version, status (deregistration
 * archives its findings) and each task placed on or stopped from it.
 */
export const containerInstanceStateChangesPattern = {
  source: ["aws.ecs"],
  "detail-type": ["ECS Container Instance State Change"],
} as const;

/**
 * Tasks ECS reports running or stopped: RUNNING is what to judge, STOPPED archives the task's findings. The
 * transitions in between (PROVISIONING, PENDING, ACTIVATING, DEACTIVATING, STOPPING, DEPROVISIONING) say
 * nothing new to judge and would multiply the volume of the busiest event ECS emits.
 */
export const taskStateChangesPattern = {
  source: ["aws.ecs"],
  "detail-type": ["ECS Task State Change"],
  detail: { lastStatus: ["RUNNING", "STOPPED"] },
} as const;

/** The sweep's schedule: EventBridge sends the rule's own "Scheduled Event", which starts a sweep. */
export const scheduledSweepPattern = {
  source: ["aws.events"],
  "detail-type": ["Scheduled Event"],
} as const;

/** The steps a sweep sends itself, so work that does not fit one invocation continues in the next. */
export const sweepStepsPattern = {
  source: [SWEEP_SOURCE],
  "detail-type": [SWEEP_STEP_DETAIL_TYPE],
} as const;

/** The remediation requests the event routes send themselves once a FAILED finding is published. */
export const remediationRequestsPattern = {
  source: [REMEDIATION_SOURCE],
  "detail-type": [REMEDIATION_REQUEST_DETAIL_TYPE],
} as const;

/**
 * A person chose "Remediate with ECS Guardrails" on findings in the Security Hub console: only the guardrail's own
 * custom action, by its exact name (other custom actions of the account are someone else's).
 */
export const remediateCustomActionPattern = {
  source: ["aws.securityhub"],
  "detail-type": [SECURITY_HUB_CUSTOM_ACTION_DETAIL_TYPE],
  detail: { actionName: [CUSTOM_ACTION.name] },
} as const;
