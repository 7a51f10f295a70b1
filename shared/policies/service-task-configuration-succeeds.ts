import { definePolicy } from "./define-policy.ts";
import { judgeServiceAction } from "./utils/service-events.ts";

export default definePolicy({
  id: "service-task-configuration-succeeds",
  title: "ECS services launch their tasks without configuration errors",
  severity: "HIGH",
  resource: "ServiceEvent",
  controls: [],
  practice: "Act on task configuration failures (catalog §8: ecs.event.task-configuration-failure)",
  rationale:
    "ECS reports SERVICE_TASK_CONFIGURATION_FAILURE when a configuration error keeps it from launching the " +
    "service's tasks, for example a task role ECS cannot assume or tags the account's ARN format does not " +
    "allow. No task of the service starts until the configuration is fixed. SERVICE_STEADY_STATE ends the finding.",
  messages: {
    configurationFailure: "ECS cannot launch the service's tasks as configured ({{eventName}}): {{evidence}}",
    otherEvent: "the event neither reports nor ends a task configuration problem",
  },
  remediation: {
    recommendation:
      "Fix what the reason names: give the task role a trust policy for ecs-tasks.amazonaws.com and let the " +
      "deploying principal pass it, opt in to the long ARN format before tagging, or correct the task definition; " +
      "then update the service.",
    url: "https://docs.aws.amazon.com/AmazonECS/latest/developerguide/ecs_service_events.html",
    fixable: false,
  },
  evaluate: (event) =>
    judgeServiceAction(
      event,
      { SERVICE_TASK_CONFIGURATION_FAILURE: { outcome: "violation", messageId: "configurationFailure" } },
      "otherEvent",
    ),
});
