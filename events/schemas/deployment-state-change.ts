import * as z from "zod/mini";
import { eventBridgeEnvelope } from "./eventbridge.ts";
import { serviceEventResources } from "./service-event.ts";

/**
 * Every "ECS Deployment State Change" event name the ECS developer guide documents ("Amazon ECS service
 * deployment state change events"). IN_PROGRESS starts both new deployments and rollbacks: only its `reason`
 * tells them apart. FAILED is sent for services with the deployment circuit breaker (or alarms) on.
 */
export const deploymentStateChangeNames = [
  "SERVICE_DEPLOYMENT_IN_PROGRESS",
  "SERVICE_DEPLOYMENT_COMPLETED",
  "SERVICE_DEPLOYMENT_FAILED",
] as const;

/** An "ECS Deployment State Change" event; like service actions, only routing and identity are checked. */
export const deploymentStateChangeEvent = z.extend(eventBridgeEnvelope, {
  "detail-type": z.literal("ECS Deployment State Change"),
  source: z.literal("aws.ecs"),
  resources: serviceEventResources,
  detail: z.looseObject({
    eventName: z.enum(deploymentStateChangeNames),
  }),
});

export type DeploymentStateChangeEvent = z.infer<typeof deploymentStateChangeEvent>;
