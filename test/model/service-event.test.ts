import { describe, expect, it } from "vitest";
import { serviceEventFromEvent, serviceOfEvent } from "../../shared/model/service-event.ts";
import {
  CLUSTER_ARN,
  deploymentEvent,
  GUIDE_SERVICE_ARN,
  guideEvent,
  SERVICE_ARN,
  sampleServiceEvent,
  serviceActionEvent,
} from "../helpers/service-events.ts";
import { sharedDataAvailable, warnSharedDataAbsent } from "../helpers/shared-data.ts";

describe("serviceEventFromEvent", () => {
  it("reads a service action: the service from resources, the detail's fields flattened", () => {
    // Prepare, Act
    const event = sampleServiceEvent("service-task-placement-failure");

    // Assess
    expect(event).toEqual({
      kind: "ServiceEvent",
      arn: SERVICE_ARN,
      detailType: "ECS Service Action",
      tags: undefined,
      eventName: "SERVICE_TASK_PLACEMENT_FAILURE",
      reason: "RESOURCE:MEMORY",
      deploymentId: undefined,
      clusterArn: CLUSTER_ARN,
      capacityProviderArns: undefined,
      containerInstanceArns: [
        "arn:aws:ecs:eu-west-1:123456789012:container-instance/prod/3e2d1c0b9a8f4e7d6c5b4a3f2e1d0c9b",
      ],
      taskArns: undefined,
      serviceRegistryArns: undefined,
      targetGroupArns: undefined,
    });
  });

  it("reads a deployment state change, which names no cluster", () => {
    // Prepare, Act
    const event = sampleServiceEvent("deployment-rollback-in-progress");

    // Assess
    expect(event).toMatchObject({
      arn: SERVICE_ARN,
      detailType: "ECS Deployment State Change",
      eventName: "SERVICE_DEPLOYMENT_IN_PROGRESS",
      deploymentId: "ecs-svc/0886302735286351912",
      reason: "ECS deployment circuit breaker: rolling back to deploymentId ecs-svc/2197483921630583415.",
      clusterArn: undefined,
    });
  });

  it("makes mistyped fields Unresolved where they sit in detail, and never throws", () => {
    // Prepare
    const raw = serviceActionEvent({ eventName: "SERVICE_TASK_PLACEMENT_FAILURE", reason: 7, taskArns: "t" });

    // Act
    const event = serviceEventFromEvent(raw);

    // Assess
    expect(event.reason).toBe("7");
    expect(event.taskArns).toEqual({ unresolved: 'expected a list, found string "t"', at: "/taskArns" });
    expect(serviceEventFromEvent(null)).toMatchObject({
      kind: "ServiceEvent",
      arn: undefined,
      eventName: undefined,
    });
    expect(serviceEventFromEvent({ resources: "arn", detail: [] })).toMatchObject({ arn: undefined });
    expect(serviceEventFromEvent({ resources: [{ arn: SERVICE_ARN }] })).toMatchObject({ arn: undefined });
  });

  describe.skipIf(!sharedDataAvailable)("the ECS guide's samples", () => {
    warnSharedDataAbsent("normalizing the ECS guide's service events");

    it("reads the Fargate Spot placement failure's capacity provider and reason", () => {
      const event = serviceEventFromEvent(
        guideEvent("service-action-SERVICE_TASK_PLACEMENT_FAILURE-fargate-spot"),
      );
      expect(event).toMatchObject({
        arn: GUIDE_SERVICE_ARN,
        reason: "RESOURCE:FARGATE",
        capacityProviderArns: ["arn:aws:ecs:us-west-2:111122223333:capacity-provider/FARGATE_SPOT"],
      });
    });

    it("reads the failed deployment's id and reason", () => {
      const event = serviceEventFromEvent(guideEvent("deployment-SERVICE_DEPLOYMENT_FAILED"));
      expect(event).toMatchObject({
        arn: GUIDE_SERVICE_ARN,
        eventName: "SERVICE_DEPLOYMENT_FAILED",
        deploymentId: "ecs-svc/123",
        reason: "ECS deployment circuit breaker: task failed to start.",
      });
    });
  });
});

describe("serviceOfEvent", () => {
  it.each([
    {
      name: "the cluster the event names",
      event: serviceActionEvent({ eventName: "SERVICE_STEADY_STATE" }),
      service: { serviceArn: SERVICE_ARN, serviceName: "checkout-api", clusterArn: CLUSTER_ARN },
    },
    {
      name: "a deployment event: the cluster follows from the service's ARN",
      event: deploymentEvent({ eventName: "SERVICE_DEPLOYMENT_COMPLETED" }),
      service: { serviceArn: SERVICE_ARN, serviceName: "checkout-api", clusterArn: CLUSTER_ARN },
    },
    {
      name: "an old-format service ARN names no cluster",
      event: {
        ...deploymentEvent({ eventName: "SERVICE_DEPLOYMENT_COMPLETED" }),
        resources: ["arn:aws:ecs:eu-west-1:123456789012:service/checkout-api"],
      },
      service: {
        serviceArn: "arn:aws:ecs:eu-west-1:123456789012:service/checkout-api",
        serviceName: "checkout-api",
      },
    },
    {
      name: "a first resource that is no service ARN: only the ARN",
      event: { ...deploymentEvent({}), resources: ["arn:aws:ecs:eu-west-1:123456789012:task-set/prod/a/b"] },
      service: { serviceArn: "arn:aws:ecs:eu-west-1:123456789012:task-set/prod/a/b" },
    },
    { name: "no resources: nothing", event: { detail: {} }, service: {} },
  ])("$name", ({ event, service }) => {
    expect(serviceOfEvent(serviceEventFromEvent(event))).toEqual(service);
  });
});
