import type { ZodMiniType } from "zod/mini";
import {
  type DeploymentStateChangeEvent,
  deploymentStateChangeEvent,
} from "../../events/schemas/deployment-state-change.ts";
import { type ServiceActionEvent, serviceActionEvent } from "../../events/schemas/service-action.ts";
import type { FindingContext, FindingSubject } from "../findings/to-asff.ts";
import { partitionOf } from "../model/arns.ts";
import { serviceEventFromEvent, serviceOfEvent } from "../model/service-event.ts";
import type { EventEvaluator } from "./event-evaluator.ts";
import { judge } from "./judge.ts";

/** "ECS Deployment State Change" events: what the deployment did, judged on the service. */
export const deploymentStateChangesEvaluator = serviceEventEvaluator(deploymentStateChangeEvent);

/** "ECS Service Action" events: a problem ECS reports on the service, or the steady state that ends it. */
export const serviceActionsEvaluator = serviceEventEvaluator(serviceActionEvent);

/**
 * Native events about a service say all the policies judge, so nothing is read: normalize the event, evaluate
 * every policy on it, and build the findings on the service the event names.
 */
function serviceEventEvaluator<Event extends DeploymentStateChangeEvent | ServiceActionEvent>(
  schema: ZodMiniType<Event>,
): EventEvaluator<Event> {
  return {
    schema,
    async evaluate(event, _reader, rulebook) {
      const resource = serviceEventFromEvent(event);
      const [serviceArn] = event.resources;
      const subject: FindingSubject = { resourceId: serviceArn, document: serviceOfEvent(resource) };
      const context: FindingContext = {
        partition: partitionOf(event.region),
        region: event.region,
        account: event.account,
        // The pipeline keeps the latest verdict of a finding by this time, so a steady state wins over the
        // failure it follows even when one batch delivers the two in reverse order.
        observedAt: event.time,
        cause: { eventId: event.id, eventName: event.detail.eventName },
      };
      return { findings: judge(resource, subject, rulebook, context).findings, skipped: [] };
    },
  };
}
