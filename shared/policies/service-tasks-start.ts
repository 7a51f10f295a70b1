import { definePolicy } from "./define-policy.ts";
import { judgeServiceAction } from "./utils/service-events.ts";

export default definePolicy({
  id: "service-tasks-start",
  title: "ECS services start their tasks consistently",
  severity: "HIGH",
  resource: "ServiceEvent",
  controls: [],
  practice: "Act on services that cannot start their tasks (catalog §8: ecs.event.task-start-impaired)",
  rationale:
    "ECS reports SERVICE_TASK_START_IMPAIRED when the service's tasks keep stopping before they run. The " +
    "scheduler then waits longer and longer between attempts, so the service stays below its desired count, " +
    "losing capacity or availability, until the cause is fixed. SERVICE_STEADY_STATE ends the finding.",
  messages: {
    startImpaired: "ECS cannot consistently start the service's tasks ({{eventName}}): {{evidence}}",
    otherEvent: "the event neither reports nor ends a task start problem",
  },
  remediation: {
    recommendation:
      "Read the stoppedReason of the service's stopped tasks (CannotPullContainerError, " +
      "ResourceInitializationError, an essential container that exits, failing health checks), fix the image, " +
      "permissions, network or task definition, and update the service: a new task definition ends the back-off.",
    url: "https://docs.aws.amazon.com/AmazonECS/latest/developerguide/service-throttle-logic.html",
    fixable: false,
  },
  evaluate: (event) =>
    judgeServiceAction(
      event,
      { SERVICE_TASK_START_IMPAIRED: { outcome: "violation", messageId: "startImpaired" } },
      "otherEvent",
    ),
});
