import { readdirSync } from "node:fs";
import { type ServiceEvent, serviceEventFromEvent } from "../../shared/model/service-event.ts";
import { sampleEvent } from "./samples.ts";
import { readSharedJson, SHARED_DATA_DIRECTORY } from "./shared-data.ts";

/** The service of our own service-event samples (events/samples/service-events). */
export const SERVICE_ARN = "arn:aws:ecs:eu-west-1:123456789012:service/prod/checkout-api";
export const CLUSTER_ARN = "arn:aws:ecs:eu-west-1:123456789012:cluster/prod";

/** The service of the ECS guide's samples in ../shared/data/events. */
export const GUIDE_SERVICE_ARN = "arn:aws:ecs:us-west-2:111122223333:service/default/servicetest";

/** An "ECS Service Action" event about the sample service, with the given `detail`. */
export function serviceActionEvent(detail: Record<string, unknown>): Record<string, unknown> {
  return {
    version: "0",
    id: `service-action-${String(detail.eventName)}`,
    "detail-type": "ECS Service Action",
    source: "aws.ecs",
    account: "123456789012",
    time: "2026-11-24T12:00:00Z",
    region: "eu-west-1",
    resources: [SERVICE_ARN],
    detail: { eventType: "INFO", clusterArn: CLUSTER_ARN, createdAt: "2026-11-24T12:00:00.000Z", ...detail },
  };
}

/** An "ECS Deployment State Change" event about the sample service, with the given `detail`. */
export function deploymentEvent(detail: Record<string, unknown>): Record<string, unknown> {
  return {
    ...serviceActionEvent({}),
    id: `deployment-${String(detail.eventName)}`,
    "detail-type": "ECS Deployment State Change",
    detail: { eventType: "INFO", deploymentId: "ecs-svc/7351826730914475202", ...detail },
  };
}

/** A service action, normalized by the real normalizer. */
export function serviceAction(detail: Record<string, unknown>): ServiceEvent {
  return serviceEventFromEvent(serviceActionEvent(detail));
}

/** A deployment state change, normalized by the real normalizer. */
export function deploymentStateChange(detail: Record<string, unknown>): ServiceEvent {
  return serviceEventFromEvent(deploymentEvent(detail));
}

/** One of our own samples in events/samples/service-events, normalized. */
export function sampleServiceEvent(name: string): ServiceEvent {
  return serviceEventFromEvent(sampleEvent(`service-events/${name}`));
}

/** The ECS guide's sample `awsdocs__ecs-dev-guide__<name>.json` in ../shared/data/events, as AWS delivers it. */
export function guideEvent(name: string): Record<string, unknown> {
  return readSharedJson(`events/awsdocs__ecs-dev-guide__${name}.json`) as Record<string, unknown>;
}

/** The ECS guide's sample, normalized (call it inside `fromSamples`: ../shared/data may be absent). */
export function guideServiceEvent(name: string): ServiceEvent {
  return serviceEventFromEvent(guideEvent(name));
}

/** Every real "ECS Deployment State Change" and "ECS Service Action" sample in ../shared/data/events, by file. */
export function guideServiceEventFiles(): string[] {
  return readdirSync(`${SHARED_DATA_DIRECTORY}events`).filter((file) =>
    /__(deployment|service-action)-.*\.json$/.test(file),
  );
}
