import { describe, expect, it } from "vitest";
import { type ApiCall, resolveApiCall, subjectsFromRead } from "../../shared/model/cloudtrail.ts";
import { sampleEvent } from "../helpers/samples.ts";
import { readSharedJson, sharedDataAvailable } from "../helpers/shared-data.ts";

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
      gone: [],
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

describe("resolveApiCall: account settings", () => {
  const SETTINGS = "arn:aws:ecs-guardrails:eu-west-1:123456789012:account-setting";

  /** A Put call of a sample, with its CloudTrail record (whose caller is the PlatformAdmin role's session). */
  function put(sample: string, change: (detail: Record<string, unknown>) => void = () => undefined): ApiCall {
    const { detail } = structuredClone(sampleEvent(`api-calls/${sample}`)) as {
      detail: Record<string, unknown>;
    };
    change(detail);
    return { ...apiCall(sample, change), record: detail };
  }

  function resolvedSetting(call: ApiCall) {
    const resolution = resolveApiCall(call);
    expect(resolution.reads).toEqual([]);
    expect(resolution.skipped).toEqual([]);
    const [subject, ...others] = resolution.subjects;
    expect(others).toEqual([]);
    return subject;
  }

  const withoutResponse = (request: Record<string, unknown>) => (detail: Record<string, unknown>) => {
    detail.responseElements = null;
    detail.requestParameters = request;
  };

  it("resolves PutAccountSettingDefault to the account default, from the setting ECS replied", () => {
    const subject = resolvedSetting(put("put-account-setting-default-insights-disabled"));
    expect(subject).toMatchObject({
      resourceId: `${SETTINGS}/containerInsights/default`,
      document: {
        name: "containerInsights",
        value: "disabled",
        principalArn: "arn:aws:iam::123456789012:root",
        type: "user",
      },
      resource: { kind: "AccountSetting", accountDefault: true, partition: "aws", value: "disabled" },
    });
  });

  it("resolves PutAccountSetting to the setting of the principal it names", () => {
    const subject = resolvedSetting(put("put-account-setting-trunking-instance-role"));
    expect(subject?.resourceId).toBe(`${SETTINGS}/awsvpcTrunking/role/ecsInstanceRole`);
    expect(subject?.resource).toMatchObject({ accountDefault: false, name: "awsvpcTrunking" });
  });

  it("resolves the root user's setting to the account default: the same resource as PutAccountSettingDefault sets", () => {
    const subject = resolvedSetting(
      put("put-account-setting-trunking-instance-role", (detail) => {
        detail.responseElements = {
          setting: {
            name: "awsvpcTrunking",
            value: "enabled",
            principalArn: "arn:aws:iam::123456789012:root",
          },
        };
      }),
    );
    expect(subject?.resourceId).toBe(`${SETTINGS}/awsvpcTrunking/default`);
  });

  it("judges what ECS replied it stored where the request says otherwise", () => {
    const subject = resolvedSetting(
      put("put-account-setting-default-insights-disabled", (detail) => {
        detail.requestParameters = { name: "awsvpcTrunking", value: "enabled" };
      }),
    );
    expect(subject?.resourceId).toBe(`${SETTINGS}/containerInsights/default`);
    expect(subject?.resource).toMatchObject({ name: "containerInsights", value: "disabled" });
  });

  it.each([
    [
      "PutAccountSettingDefault: the default",
      "put-account-setting-default-insights-disabled",
      { name: "containerInsights", value: "enhanced" },
      "containerInsights/default",
    ],
    [
      "PutAccountSetting: the principal the request names",
      "put-account-setting-trunking-instance-role",
      { name: "awsvpcTrunking", value: "enabled", principalArn: "arn:aws:iam::123456789012:user/jdoe" },
      "awsvpcTrunking/user/jdoe",
    ],
    [
      "PutAccountSetting without principalArn: the role behind the caller's session",
      "put-account-setting-trunking-instance-role",
      { name: "awsvpcTrunking", value: "enabled" },
      "awsvpcTrunking/role/PlatformAdmin",
    ],
  ])("without the response, resolves the request's setting; %s", (_, sample, request, id) => {
    const subject = resolvedSetting(put(sample, withoutResponse(request)));
    expect(subject?.resourceId).toBe(`${SETTINGS}/${id}`);
    expect(subject?.document).toMatchObject(request);
  });

  it.each([
    ["an IAM user: the user", { type: "IAMUser", arn: "arn:aws:iam::123456789012:user/jdoe" }, "user/jdoe"],
    [
      "the root user: the account default",
      { type: "Root", arn: "arn:aws:iam::123456789012:root" },
      "default",
    ],
  ])("without the response or principalArn, the caller's own setting; %s", (_, userIdentity, holder) => {
    const subject = resolvedSetting(
      put("put-account-setting-trunking-instance-role", (detail) => {
        withoutResponse({ name: "awsvpcTrunking", value: "enabled" })(detail);
        detail.userIdentity = userIdentity;
      }),
    );
    expect(subject?.resourceId).toBe(`${SETTINGS}/awsvpcTrunking/${holder}`);
  });

  it.each([
    ["no setting name", "put-account-setting-default-insights-disabled", {}, undefined],
    [
      "no IAM principal (a federated user's call)",
      "put-account-setting-trunking-instance-role",
      { name: "awsvpcTrunking", value: "enabled" },
      { type: "FederatedUser", arn: "arn:aws:sts::123456789012:federated-user/jdoe" },
    ],
  ])("skips a setting it cannot name: %s", (_, sample, request, userIdentity) => {
    const resolution = resolveApiCall(
      put(sample, (detail) => {
        withoutResponse(request)(detail);
        if (userIdentity !== undefined) detail.userIdentity = userIdentity;
      }),
    );
    expect(resolution).toEqual({
      subjects: [],
      reads: [],
      skipped: [
        {
          call: "ListAccountSettings",
          reason:
            "CloudTrail recorded no setting name, or no IAM principal whose setting it is, so there is nothing to judge",
        },
      ],
      gone: [],
    });
  });

  describe.skipIf(!sharedDataAvailable)("the ECS guide's PutAccountSettingDefault record", () => {
    it("resolves to the fargateFIPSMode default ECS replied it stored, not the awsvpcTrunking the request asked for", () => {
      const record = readSharedJson(
        "events/awsdocs__ecs-dev-guide__cloudtrail-RAW-record-PutAccountSettingDefault.json",
      ) as Record<string, unknown>;
      const subject = resolvedSetting({
        partition: "aws-us-gov",
        region: "us-gov-east-1",
        account: "123456789012",
        eventName: "PutAccountSettingDefault",
        requestParameters: record.requestParameters,
        responseElements: record.responseElements,
        record,
      });
      expect(subject?.resourceId).toBe(
        "arn:aws-us-gov:ecs-guardrails:us-gov-east-1:123456789012:account-setting/fargateFIPSMode/default",
      );
      // ECS named jdoe as the principal; the call set the default all the same.
      expect(subject?.resource).toMatchObject({
        accountDefault: true,
        partition: "aws-us-gov",
        name: "fargateFIPSMode",
        value: "enabled",
        principalArn: "arn:aws:iam::123456789012:user/jdoe",
      });
    });
  });
});
