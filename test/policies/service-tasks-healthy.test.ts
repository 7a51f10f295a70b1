import serviceTasksHealthy from "../../shared/policies/service-tasks-healthy.ts";
import { EVENT_NAME_PATH } from "../../shared/policies/utils/service-events.ts";
import { policyTester } from "../helpers/policy-tester.ts";
import { guideServiceEvent, sampleServiceEvent, serviceAction } from "../helpers/service-events.ts";
import { fromSamples } from "../helpers/shared-data.ts";

policyTester.run(serviceTasksHealthy, {
  valid: [
    {
      name: "SERVICE_STEADY_STATE: the tasks are healthy",
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
      name: "a task is unhealthy in Cloud Map",
      resource: sampleServiceEvent("service-discovery-instance-unhealthy"),
      violations: [
        {
          messageId: "cloudMapUnhealthy",
          path: EVENT_NAME_PATH,
          data: {
            eventName: "SERVICE_DISCOVERY_INSTANCE_UNHEALTHY",
            evidence: "tasks 5f1e8a4c2b7d4e3f9a0b1c2d3e4f5a6b; Cloud Map services srv-utcrh6wavdkggqtk",
          },
        },
      ],
    },
    {
      name: "a VPC Lattice target is unhealthy",
      resource: sampleServiceEvent("vpc-lattice-target-unhealthy"),
      violations: [
        {
          messageId: "latticeUnhealthy",
          path: EVENT_NAME_PATH,
          data: {
            eventName: "VPC_LATTICE_TARGET_UNHEALTHY",
            evidence: "tasks 9c8b7a6f5e4d4c3b8a2f1e0d9c8b7a6f; target groups tg-0e2f2ab8e37e1d6a2",
          },
        },
      ],
    },
  ],
  unknown: [
    {
      name: "ECS cannot read the tasks' health",
      resource: sampleServiceEvent("service-health-unknown"),
      observations: [
        {
          messageId: "healthUnknown",
          path: EVENT_NAME_PATH,
          data: { eventName: "SERVICE_HEALTH_UNKNOWN", evidence: "ECS gave no reason" },
        },
      ],
    },
    {
      name: "an eventName that is an object",
      resource: serviceAction({ eventName: { name: "VPC_LATTICE_TARGET_UNHEALTHY" } }),
      observations: [{ messageId: "unresolved", path: EVENT_NAME_PATH }],
    },
  ],
  notApplicable: [
    {
      name: "Cloud Map throttling: no health problem",
      resource: sampleServiceEvent("service-discovery-operation-throttled"),
      messageId: "otherEvent",
    },
    {
      name: "a rollback",
      resource: sampleServiceEvent("deployment-rollback-in-progress"),
      messageId: "otherEvent",
    },
  ],
});
