import * as z from "zod/mini";
import { eventBridgeEnvelope } from "./eventbridge.ts";
import { serviceEventResources } from "./service-event.ts";

/**
 * Every "ECS Service Action" event name the ECS developer guide documents ("Amazon ECS service action events"),
 * by the `eventType` ECS sends it with.
 */
export const serviceActionEventNames = {
  INFO: [
    "SERVICE_STEADY_STATE",
    "TASKSET_STEADY_STATE",
    "CAPACITY_PROVIDER_STEADY_STATE",
    "SERVICE_DESIRED_COUNT_UPDATED",
    "TASKS_STOPPED",
    "SERVICE_DEPLOYMENT_IN_PROGRESS",
    "SERVICE_DEPLOYMENT_COMPLETED",
  ],
  WARN: [
    "SERVICE_TASK_START_IMPAIRED",
    "SERVICE_DISCOVERY_INSTANCE_UNHEALTHY",
    "VPC_LATTICE_TARGET_UNHEALTHY",
  ],
  ERROR: [
    "SERVICE_DAEMON_PLACEMENT_CONSTRAINT_VIOLATED",
    "ECS_OPERATION_THROTTLED",
    "SERVICE_DISCOVERY_OPERATION_THROTTLED",
    "SERVICE_TASK_PLACEMENT_FAILURE",
    "SERVICE_TASK_CONFIGURATION_FAILURE",
    "SERVICE_HEALTH_UNKNOWN",
    "SERVICE_DEPLOYMENT_FAILED",
  ],
} as const;

export type ServiceActionEventName =
  (typeof serviceActionEventNames)[keyof typeof serviceActionEventNames][number];

/**
 * The service actions the ServiceActions rule routes: the problems a policy reports and SERVICE_STEADY_STATE,
 * which ends them all. The other documented names are not routed, so they cost no invocation:
 * - TASKSET_STEADY_STATE and CAPACITY_PROVIDER_STEADY_STATE are about one task set or one capacity provider:
 *   the service may still lack tasks (another task set failing, another provider of its strategy, a placement
 *   constraint), so neither ends a problem of the service; SERVICE_STEADY_STATE follows when the service is whole.
 * - SERVICE_DESIRED_COUNT_UPDATED and TASKS_STOPPED are the scheduler's routine work, no problem.
 * - SERVICE_DEPLOYMENT_IN_PROGRESS, _COMPLETED and _FAILED reach the DeploymentStateChanges rule as
 *   "ECS Deployment State Change" events, with the deployment id and reason; judging both would judge each
 *   transition twice.
 */
export const judgedServiceActionNames = [
  "SERVICE_STEADY_STATE",
  "SERVICE_TASK_START_IMPAIRED",
  "SERVICE_DISCOVERY_INSTANCE_UNHEALTHY",
  "VPC_LATTICE_TARGET_UNHEALTHY",
  "SERVICE_DAEMON_PLACEMENT_CONSTRAINT_VIOLATED",
  "ECS_OPERATION_THROTTLED",
  "SERVICE_DISCOVERY_OPERATION_THROTTLED",
  "SERVICE_TASK_PLACEMENT_FAILURE",
  "SERVICE_TASK_CONFIGURATION_FAILURE",
  "SERVICE_HEALTH_UNKNOWN",
] as const satisfies readonly ServiceActionEventName[];

/**
 * An "ECS Service Action" event. Only what routing and the finding's identity need is checked; the fields the
 * policies quote as evidence (reason, capacity providers, …) are read by the normalizer, which makes a
 * mistyped one Unresolved rather than the event malformed.
 */
export const serviceActionEvent = z.extend(eventBridgeEnvelope, {
  "detail-type": z.literal("ECS Service Action"),
  source: z.literal("aws.ecs"),
  resources: serviceEventResources,
  detail: z.looseObject({
    eventName: z.enum(Object.values(serviceActionEventNames).flat()),
  }),
});

export type ServiceActionEvent = z.infer<typeof serviceActionEvent>;
