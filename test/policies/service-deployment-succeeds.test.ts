import { serviceEventFromEvent } from "../../shared/model/service-event.ts";
import serviceDeploymentSucceeds from "../../shared/policies/service-deployment-succeeds.ts";
import { EVENT_NAME_PATH } from "../../shared/policies/utils/service-events.ts";
import { policyTester } from "../helpers/policy-tester.ts";
import {
  deploymentEvent,
  deploymentStateChange,
  guideServiceEvent,
  sampleServiceEvent,
  serviceAction,
} from "../helpers/service-events.ts";
import { fromSamples } from "../helpers/shared-data.ts";

const GUIDE_DEPLOYMENT = "ecs-svc/123";

policyTester.run(serviceDeploymentSucceeds, {
  valid: [
    {
      name: "the deployment completed (here the rollback: the service is steady again)",
      resource: sampleServiceEvent("deployment-completed"),
    },
    ...fromSamples("real sample cases", () => [
      {
        name: "the ECS guide's SERVICE_DEPLOYMENT_COMPLETED (real sample)",
        resource: guideServiceEvent("deployment-SERVICE_DEPLOYMENT_COMPLETED"),
      },
    ]),
  ],
  invalid: [
    {
      name: "the circuit breaker failed the deployment",
      resource: sampleServiceEvent("deployment-failed"),
      violations: [
        {
          messageId: "failed",
          path: EVENT_NAME_PATH,
          data: {
            deploymentId: "ecs-svc/7351826730914475202",
            reason: "ECS deployment circuit breaker: tasks failed to start.",
          },
        },
      ],
    },
    {
      name: "the circuit breaker rolls the service back",
      resource: sampleServiceEvent("deployment-rollback-in-progress"),
      violations: [
        {
          messageId: "rollingBack",
          path: "/reason",
          data: {
            deploymentId: "ecs-svc/0886302735286351912",
            reason:
              "ECS deployment circuit breaker: rolling back to deploymentId ecs-svc/2197483921630583415.",
          },
        },
      ],
    },
    {
      name: "a CloudWatch alarm rolls the service back",
      resource: deploymentStateChange({
        eventName: "SERVICE_DEPLOYMENT_IN_PROGRESS",
        reason: "ECS deployment alarms: Rolling back to deploymentId ecs-svc/2197483921630583415.",
      }),
      violations: [{ messageId: "rollingBack", path: "/reason" }],
    },
    {
      name: "a failure without deployment id or reason",
      resource: deploymentStateChange({ eventName: "SERVICE_DEPLOYMENT_FAILED", deploymentId: undefined }),
      violations: [
        {
          messageId: "failed",
          path: EVENT_NAME_PATH,
          data: { deploymentId: "(no deploymentId)", reason: "ECS gave no reason" },
        },
      ],
    },
    {
      name: "a failure whose deployment id is mistyped",
      resource: deploymentStateChange({
        eventName: "SERVICE_DEPLOYMENT_FAILED",
        deploymentId: ["ecs-svc/1"],
      }),
      violations: [
        {
          messageId: "failed",
          path: EVENT_NAME_PATH,
          data: {
            deploymentId: "(unreadable: expected a string, found a list)",
            reason: "ECS gave no reason",
          },
        },
      ],
    },
    ...fromSamples("real sample cases", () => [
      {
        name: "the ECS guide's SERVICE_DEPLOYMENT_FAILED (real sample)",
        resource: guideServiceEvent("deployment-SERVICE_DEPLOYMENT_FAILED"),
        violations: [
          {
            messageId: "failed" as const,
            path: EVENT_NAME_PATH,
            data: {
              deploymentId: GUIDE_DEPLOYMENT,
              reason: "ECS deployment circuit breaker: task failed to start.",
            },
          },
        ],
      },
      {
        name: "the ECS guide's rollback IN_PROGRESS (real sample)",
        resource: guideServiceEvent("deployment-SERVICE_DEPLOYMENT_IN_PROGRESS-rollback"),
        violations: [
          {
            messageId: "rollingBack" as const,
            path: "/reason",
            data: {
              deploymentId: GUIDE_DEPLOYMENT,
              reason: "ECS deployment circuit breaker: rolling back to deploymentId deploymentID.",
            },
          },
        ],
      },
    ]),
  ],
  unknown: [
    {
      name: "an IN_PROGRESS deployment whose reason is mistyped: a rollback or not?",
      resource: deploymentStateChange({
        eventName: "SERVICE_DEPLOYMENT_IN_PROGRESS",
        reason: { text: "rolling back" },
      }),
      observations: [{ messageId: "unresolved", path: "/reason" }],
    },
    {
      name: "an eventName that is an object",
      resource: deploymentStateChange({ eventName: { name: "SERVICE_DEPLOYMENT_FAILED" } }),
      observations: [{ messageId: "unresolved", path: EVENT_NAME_PATH }],
    },
    {
      name: "a detail-type that is a list",
      resource: serviceEventFromEvent({
        ...deploymentEvent({ eventName: "SERVICE_DEPLOYMENT_FAILED" }),
        "detail-type": ["ECS Deployment State Change"],
      }),
      observations: [{ messageId: "unresolved", path: "/detail-type" }],
    },
  ],
  notApplicable: [
    {
      name: "a new deployment starts: its end decides",
      resource: deploymentStateChange({
        eventName: "SERVICE_DEPLOYMENT_IN_PROGRESS",
        reason: "ECS deployment ecs-svc/7351826730914475202 in progress.",
      }),
      messageId: "inProgress",
    },
    {
      name: "an IN_PROGRESS deployment without reason",
      resource: deploymentStateChange({ eventName: "SERVICE_DEPLOYMENT_IN_PROGRESS" }),
      messageId: "inProgress",
    },
    {
      name: "the service action of the same name: the deployment rule judges the transition",
      resource: serviceAction({ eventName: "SERVICE_DEPLOYMENT_FAILED", eventType: "ERROR" }),
      messageId: "otherEvent",
    },
    {
      name: "an undocumented deployment event",
      resource: deploymentStateChange({ eventName: "SERVICE_DEPLOYMENT_STOPPED" }),
      messageId: "otherEvent",
    },
    {
      name: "a service's steady state",
      resource: sampleServiceEvent("service-steady-state"),
      messageId: "otherEvent",
    },
    ...fromSamples("real sample cases", () => [
      {
        name: "the ECS guide's initial IN_PROGRESS (real sample)",
        resource: guideServiceEvent("deployment-SERVICE_DEPLOYMENT_IN_PROGRESS-initial"),
        messageId: "inProgress" as const,
      },
    ]),
  ],
});
