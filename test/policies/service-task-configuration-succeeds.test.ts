import serviceTaskConfigurationSucceeds from "../../shared/policies/service-task-configuration-succeeds.ts";
import { EVENT_NAME_PATH } from "../../shared/policies/utils/service-events.ts";
import { policyTester } from "../helpers/policy-tester.ts";
import { guideServiceEvent, sampleServiceEvent, serviceAction } from "../helpers/service-events.ts";
import { fromSamples } from "../helpers/shared-data.ts";

policyTester.run(serviceTaskConfigurationSucceeds, {
  valid: [
    { name: "SERVICE_STEADY_STATE ends the failure", resource: sampleServiceEvent("service-steady-state") },
    ...fromSamples("real sample cases", () => [
      {
        name: "the ECS guide's SERVICE_STEADY_STATE (real sample)",
        resource: guideServiceEvent("service-action-SERVICE_STEADY_STATE"),
      },
    ]),
  ],
  invalid: [
    {
      name: "ECS cannot assume the task role",
      resource: sampleServiceEvent("service-task-configuration-failure"),
      violations: [
        {
          messageId: "configurationFailure",
          path: EVENT_NAME_PATH,
          data: {
            eventName: "SERVICE_TASK_CONFIGURATION_FAILURE",
            evidence:
              "reason ECS was unable to assume the role 'arn:aws:iam::123456789012:role/checkout-api-task' that " +
              "was provided for this task. Please verify that the role being passed has the proper trust " +
              "relationship and permissions and that your IAM user has permissions to pass this role.",
          },
        },
      ],
    },
  ],
  unknown: [
    {
      name: "an eventName that is a list",
      resource: serviceAction({ eventName: ["SERVICE_TASK_CONFIGURATION_FAILURE"] }),
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
      name: "throttling",
      resource: sampleServiceEvent("ecs-operation-throttled"),
      messageId: "otherEvent",
    },
    ...fromSamples("real sample cases", () => [
      {
        name: "the ECS guide's SERVICE_TASK_START_IMPAIRED (real sample)",
        resource: guideServiceEvent("service-action-SERVICE_TASK_START_IMPAIRED"),
        messageId: "otherEvent" as const,
      },
    ]),
  ],
});
