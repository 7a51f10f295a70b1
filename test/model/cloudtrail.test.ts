import { describe, expect, it } from "vitest";
import { type ApiCall, resolveApiCall, subjectsFromRead } from "../../shared/model/cloudtrail.ts";
import { sampleEvent } from "../helpers/samples.ts";

const scope = { partition: "aws", region: "eu-west-1", account: "123456789012" };

function apiCall(
  sample: string,
  change: (detail: Record<string, unknown>) => void = () => undefined,
): ApiCall {
  const { detail } = structuredClone(sampleEvent(`api-calls/${sample}`)) as {
    detail: Record<string, unknown>;
  };
  change(detail);
  return {
    ...scope,
    eventName: String(detail.eventName),
    requestParameters: detail.requestParameters,
    responseElements: detail.responseElements,
  };
}

describe("resolveApiCall", () => {
  it.each([
    [
      "register-task-definition-privileged-root",
      "TaskDefinition",
      "arn:aws:ecs:eu-west-1:123456789012:task-definition/payments-worker:12",
    ],
    ["create-service-public-ip", "Service", "arn:aws:ecs:eu-west-1:123456789012:service/prod/checkout-api"],
    [
      "update-service-public-ip-disabled",
      "Service",
      "arn:aws:ecs:eu-west-1:123456789012:service/prod/checkout-api",
    ],
    [
      "create-task-set-public-ip",
      "TaskSet",
      "arn:aws:ecs:eu-west-1:123456789012:task-set/prod/checkout-canary/ecs-svc/1234567890123456789",
    ],
    [
      "run-task-public-ip",
      "Task",
      "arn:aws:ecs:eu-west-1:123456789012:task/prod/4d5e6f708192a3b4c5d6e7f8091a2b3c",
    ],
    [
      "start-task-bridge",
      "Task",
      "arn:aws:ecs:eu-west-1:123456789012:task/prod/5e6f708192a3b4c5d6e7f8091a2b3c4d",
    ],
  ])("normalizes %s from responseElements, with no read", (sample, kind, resourceId) => {
    const resolution = resolveApiCall(apiCall(sample));
    expect(resolution.reads).toEqual([]);
    expect(resolution.skipped).toEqual([]);
    expect(resolution.subjects.map((subject) => [subject.resource.kind, subject.resourceId])).toEqual([
      [kind, resourceId],
    ]);
  });

  it.each([
    [
      "register-task-definition-response-omitted",
      {
        call: "DescribeTaskDefinition",
        kind: "TaskDefinition",
        input: { taskDefinition: "payments-worker", include: ["TAGS"] },
      },
      true,
    ],
    [
      "update-service-response-omitted",
      {
        call: "DescribeServices",
        kind: "Service",
        input: { cluster: "prod", services: ["checkout-api"], include: ["TAGS"] },
      },
      false,
    ],
  ])("asks to describe what CloudTrail left out of %s", (sample, read, fromEvent) => {
    const [request] = resolveApiCall(apiCall(sample)).reads;
    expect(request).toMatchObject(read);
    expect(request?.fromEvent !== undefined).toBe(fromEvent);
  });

  it("describes a task set's service when CreateTaskSet's response is missing, on the default cluster when none is named", () => {
    const [request] = resolveApiCall(
      apiCall("create-task-set-public-ip", (detail) => {
        detail.responseElements = null;
        delete (detail.requestParameters as Record<string, unknown>).cluster;
      }),
    ).reads;
    expect(request).toMatchObject({
      call: "DescribeTaskSets",
      input: { cluster: "default", service: "checkout-canary" },
    });
  });

  it("skips a RunTask whose response is missing: the started tasks are unknown", () => {
    const resolution = resolveApiCall(
      apiCall("run-task-public-ip", (detail) => (detail.responseElements = null)),
    );
    expect(resolution).toEqual({
      subjects: [],
      reads: [],
      skipped: [
        {
          call: "DescribeTasks",
          reason: "CloudTrail left out the RunTask response, so the tasks it started are unknown",
        },
      ],
    });
  });

  it("yields no task for a RunTask that started none", () => {
    const resolution = resolveApiCall(
      apiCall(
        "run-task-public-ip",
        (detail) => (detail.responseElements = { tasks: [], failures: [{ reason: "RESOURCE:MEMORY" }] }),
      ),
    );
    expect(resolution.subjects).toEqual([]);
  });

  it("skips a call without response and without the request fields a read needs", () => {
    const resolution = resolveApiCall({
      ...scope,
      eventName: "UpdateService",
      requestParameters: null,
      responseElements: null,
    });
    expect(resolution.skipped).toEqual([
      {
        call: "DescribeServices",
        reason: "CloudTrail left out both the response and the service, so there is nothing to describe",
      },
    ]);
  });
});

describe("subjectsFromRead", () => {
  it("names a resource read without an ARN by the ARN ECS would give it", () => {
    const [request] = resolveApiCall(apiCall("register-task-definition-response-omitted")).reads;
    if (request === undefined) throw new Error("expected a read");
    const [subject] = subjectsFromRead(request, [request.fromEvent], scope);
    expect(subject?.resourceId).toBe("arn:aws:ecs:eu-west-1:123456789012:task-definition/payments-worker");
  });
});
