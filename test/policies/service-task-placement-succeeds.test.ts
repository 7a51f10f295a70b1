import { serviceEventFromEvent } from "../../shared/model/service-event.ts";
import serviceTaskPlacementSucceeds from "../../shared/policies/service-task-placement-succeeds.ts";
import { EVENT_NAME_PATH } from "../../shared/policies/utils/service-events.ts";
import { policyTester } from "../helpers/policy-tester.ts";
import {
  deploymentStateChange,
  guideServiceEvent,
  sampleServiceEvent,
  serviceAction,
  serviceActionEvent,
} from "../helpers/service-events.ts";
import { fromSamples } from "../helpers/shared-data.ts";

const placementFailure = (evidence: string) => ({
  messageId: "placementFailure" as const,
  path: EVENT_NAME_PATH,
  data: { eventName: "SERVICE_TASK_PLACEMENT_FAILURE", evidence },
});

policyTester.run(serviceTaskPlacementSucceeds, {
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
      name: "no memory left on the container instances",
      resource: sampleServiceEvent("service-task-placement-failure"),
      violations: [
        placementFailure("reason RESOURCE:MEMORY; container instances 3e2d1c0b9a8f4e7d6c5b4a3f2e1d0c9b"),
      ],
    },
    {
      name: "a DAEMON task no longer meets its placement constraints",
      resource: sampleServiceEvent("service-daemon-placement-constraint-violated"),
      violations: [
        {
          messageId: "daemonConstraintViolated",
          path: EVENT_NAME_PATH,
          data: {
            eventName: "SERVICE_DAEMON_PLACEMENT_CONSTRAINT_VIOLATED",
            evidence:
              "container instances 8a7b6c5d4e3f4a2b9c1d0e2f3a4b5c6d; tasks 1a2b3c4d5e6f4a7b8c9d0e1f2a3b4c5d",
          },
        },
      ],
    },
    {
      name: "a failure without reason still fails",
      resource: serviceAction({ eventName: "SERVICE_TASK_PLACEMENT_FAILURE", eventType: "ERROR" }),
      violations: [placementFailure("ECS gave no reason")],
    },
    {
      name: "a failure whose reason is mistyped still fails, and says so",
      resource: serviceAction({ eventName: "SERVICE_TASK_PLACEMENT_FAILURE", reason: { code: "CPU" } }),
      violations: [placementFailure("reason (unreadable: expected a string, found an object)")],
    },
    {
      name: "an empty list of container instances is left out of the evidence",
      resource: serviceAction({
        eventName: "SERVICE_TASK_PLACEMENT_FAILURE",
        reason: "AGENT",
        containerInstanceArns: [],
      }),
      violations: [placementFailure("reason AGENT")],
    },
    {
      name: "resources ECS named in a shape it does not document are shown as unreadable",
      resource: serviceAction({
        eventName: "SERVICE_TASK_PLACEMENT_FAILURE",
        capacityProviderArns: "FARGATE_SPOT",
        containerInstanceArns: [null],
      }),
      violations: [
        placementFailure(
          'capacity providers (unreadable: expected a list, found string "FARGATE_SPOT"); ' +
            "container instances (unreadable: expected a value, found null)",
        ),
      ],
    },
    ...fromSamples("real sample cases", () => [
      {
        name: "the ECS guide's EC2 placement failure: not enough CPU (real sample)",
        resource: guideServiceEvent("service-action-SERVICE_TASK_PLACEMENT_FAILURE-ec2"),
        violations: [
          placementFailure("reason RESOURCE:CPU; container instances 2dd1b186f39845a584488d2ef155c131"),
        ],
      },
      {
        name: "the ECS guide's Fargate Spot placement failure: no Spot capacity (real sample)",
        resource: guideServiceEvent("service-action-SERVICE_TASK_PLACEMENT_FAILURE-fargate-spot"),
        violations: [placementFailure("reason RESOURCE:FARGATE; capacity providers FARGATE_SPOT")],
      },
    ]),
  ],
  unknown: [
    {
      name: "an eventName that is a list",
      resource: serviceAction({ eventName: ["SERVICE_TASK_PLACEMENT_FAILURE"] }),
      observations: [{ messageId: "unresolved", path: EVENT_NAME_PATH }],
    },
    {
      name: "a detail-type that is an object",
      resource: serviceEventFromEvent({
        ...serviceActionEvent({ eventName: "SERVICE_TASK_PLACEMENT_FAILURE" }),
        "detail-type": { name: "ECS Service Action" },
      }),
      observations: [{ messageId: "unresolved", path: "/detail-type" }],
    },
  ],
  notApplicable: [
    {
      name: "another family's problem",
      resource: sampleServiceEvent("service-task-configuration-failure"),
      messageId: "otherEvent",
    },
    {
      name: "a deployment state change",
      resource: deploymentStateChange({ eventName: "SERVICE_DEPLOYMENT_FAILED" }),
      messageId: "otherEvent",
    },
    {
      name: "a service action named like SERVICE_STEADY_STATE's neighbours (TASKSET_STEADY_STATE)",
      resource: serviceAction({ eventName: "TASKSET_STEADY_STATE" }),
      messageId: "otherEvent",
    },
    {
      name: "an eventName no object key must match (constructor)",
      resource: serviceAction({ eventName: "constructor" }),
      messageId: "otherEvent",
    },
    ...fromSamples("real sample cases", () => [
      {
        name: "the ECS guide's CAPACITY_PROVIDER_STEADY_STATE: the provider, not the service, is steady (real sample)",
        resource: guideServiceEvent("service-action-CAPACITY_PROVIDER_STEADY_STATE"),
        messageId: "otherEvent" as const,
      },
    ]),
  ],
});
