import serviceOperationsNotThrottled from "../../shared/policies/service-operations-not-throttled.ts";
import { EVENT_NAME_PATH } from "../../shared/policies/utils/service-events.ts";
import { policyTester } from "../helpers/policy-tester.ts";
import { guideServiceEvent, sampleServiceEvent, serviceAction } from "../helpers/service-events.ts";
import { fromSamples } from "../helpers/shared-data.ts";

policyTester.run(serviceOperationsNotThrottled, {
  valid: [
    {
      name: "SERVICE_STEADY_STATE ends the throttling",
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
      name: "ECS API calls for the service are throttled",
      resource: sampleServiceEvent("ecs-operation-throttled"),
      violations: [
        {
          messageId: "ecsThrottled",
          path: EVENT_NAME_PATH,
          data: { eventName: "ECS_OPERATION_THROTTLED", evidence: "ECS gave no reason" },
        },
      ],
    },
    {
      name: "Cloud Map API calls for the service are throttled",
      resource: sampleServiceEvent("service-discovery-operation-throttled"),
      violations: [
        {
          messageId: "cloudMapThrottled",
          path: EVENT_NAME_PATH,
          data: {
            eventName: "SERVICE_DISCOVERY_OPERATION_THROTTLED",
            evidence: "Cloud Map services srv-utcrh6wavdkggqtk",
          },
        },
      ],
    },
  ],
  unknown: [
    {
      name: "an eventName that is a list",
      resource: serviceAction({ eventName: ["ECS_OPERATION_THROTTLED"] }),
      observations: [{ messageId: "unresolved", path: EVENT_NAME_PATH }],
    },
  ],
  notApplicable: [
    {
      name: "an unhealthy Cloud Map instance",
      resource: sampleServiceEvent("service-discovery-instance-unhealthy"),
      messageId: "otherEvent",
    },
    ...fromSamples("real sample cases", () => [
      {
        name: "the ECS guide's Fargate Spot placement failure (real sample)",
        resource: guideServiceEvent("service-action-SERVICE_TASK_PLACEMENT_FAILURE-fargate-spot"),
        messageId: "otherEvent" as const,
      },
    ]),
  ],
});
