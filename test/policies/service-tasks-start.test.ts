import serviceTasksStart from "../../shared/policies/service-tasks-start.ts";
import { EVENT_NAME_PATH } from "../../shared/policies/utils/service-events.ts";
import { policyTester } from "../helpers/policy-tester.ts";
import {
  deploymentStateChange,
  guideServiceEvent,
  sampleServiceEvent,
  serviceAction,
} from "../helpers/service-events.ts";
import { fromSamples } from "../helpers/shared-data.ts";

policyTester.run(serviceTasksStart, {
  valid: [
    {
      name: "SERVICE_STEADY_STATE ends the impairment",
      resource: sampleServiceEvent("service-steady-state"),
    },
    ...fromSamples("real sample cases", () => [
      {
        name: "the ECS guide's SERVICE_STEADY_STATE (real sample)",
        resource: guideServiceEvent("service-action-SERVICE_STEADY_STATE"),
      },
    ]),
  ],
  invalid: [
    {
      name: "tasks keep failing to start, with a reason",
      resource: serviceAction({
        eventName: "SERVICE_TASK_START_IMPAIRED",
        eventType: "WARN",
        reason: "CannotPullContainerError",
      }),
      violations: [
        {
          messageId: "startImpaired",
          path: EVENT_NAME_PATH,
          data: { eventName: "SERVICE_TASK_START_IMPAIRED", evidence: "reason CannotPullContainerError" },
        },
      ],
    },
    ...fromSamples("real sample cases", () => [
      {
        name: "the ECS guide's SERVICE_TASK_START_IMPAIRED, which gives no reason (real sample)",
        resource: guideServiceEvent("service-action-SERVICE_TASK_START_IMPAIRED"),
        violations: [
          {
            messageId: "startImpaired" as const,
            path: EVENT_NAME_PATH,
            data: { eventName: "SERVICE_TASK_START_IMPAIRED", evidence: "ECS gave no reason" },
          },
        ],
      },
    ]),
  ],
  unknown: [
    {
      name: "an eventName that is an object",
      resource: serviceAction({ eventName: { name: "SERVICE_TASK_START_IMPAIRED" } }),
      observations: [{ messageId: "unresolved", path: EVENT_NAME_PATH }],
    },
  ],
  notApplicable: [
    {
      name: "a placement failure",
      resource: sampleServiceEvent("service-task-placement-failure"),
      messageId: "otherEvent",
    },
    {
      name: "a failed deployment",
      resource: sampleServiceEvent("deployment-failed"),
      messageId: "otherEvent",
    },
    {
      name: "a deployment state change that completes",
      resource: deploymentStateChange({ eventName: "SERVICE_DEPLOYMENT_COMPLETED" }),
      messageId: "otherEvent",
    },
    {
      name: "a service action without eventName",
      resource: serviceAction({ eventName: undefined }),
      messageId: "otherEvent",
    },
  ],
});
