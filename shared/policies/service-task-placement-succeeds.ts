import { definePolicy } from "./define-policy.ts";
import { judgeServiceAction } from "./utils/service-events.ts";

export default definePolicy({
  id: "service-task-placement-succeeds",
  title: "ECS services can place their tasks",
  severity: "HIGH",
  resource: "ServiceEvent",
  controls: [],
  practice:
    "C13: Size tasks and capacity so every task fits, and act on placement failures (ecs.event.task-placement-failure)",
  rationale:
    "When ECS cannot place a service's tasks (no capacity left for their CPU, memory or ports, no Fargate or " +
    "Spot capacity, a disconnected agent, placement constraints nothing meets), the service runs below its " +
    "desired count and deployments stall. A DAEMON task that no longer meets its constraints leaves an instance " +
    "without its daemon. SERVICE_STEADY_STATE ends the finding.",
  messages: {
    placementFailure: "ECS could not place the service's tasks ({{eventName}}): {{evidence}}",
    daemonConstraintViolated:
      "a task of the DAEMON service no longer meets its placement constraints ({{eventName}}): {{evidence}}",
    otherEvent: "the event neither reports nor ends a placement problem",
  },
  remediation: {
    recommendation:
      "Act on the reason: RESOURCE:CPU, RESOURCE:MEMORY or ports need more or larger instances (managed scaling " +
      "of the capacity provider) or smaller tasks; RESOURCE:FARGATE needs another capacity provider beside " +
      "FARGATE_SPOT; AGENT needs a reconnected agent; ATTRIBUTE needs instances that meet the constraints.",
    url: "https://docs.aws.amazon.com/AmazonECS/latest/developerguide/service-event-messages.html",
    fixable: false,
  },
  evaluate: (event) =>
    judgeServiceAction(
      event,
      {
        SERVICE_TASK_PLACEMENT_FAILURE: { outcome: "violation", messageId: "placementFailure" },
        SERVICE_DAEMON_PLACEMENT_CONSTRAINT_VIOLATED: {
          outcome: "violation",
          messageId: "daemonConstraintViolated",
        },
      },
      "otherEvent",
    ),
});
