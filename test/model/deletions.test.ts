import { describe, expect, it } from "vitest";
import { type ApiCall, resolveApiCall } from "../../shared/model/cloudtrail.ts";
import { sampleEvent } from "../helpers/samples.ts";

const ARN = "arn:aws:ecs:eu-west-1:123456789012";
const SETTINGS = "arn:aws:ecs-guardrails:eu-west-1:123456789012:account-setting";

/** A sample's call with its CloudTrail record (the caller), optionally changed first. */
function apiCall(
  sample: string,
  change: (detail: Record<string, unknown>) => void = () => undefined,
): ApiCall {
  const { account, region, detail } = structuredClone(sampleEvent(`api-calls/${sample}`)) as {
    account: string;
    region: string;
    detail: Record<string, unknown>;
  };
  change(detail);
  return {
    partition: "aws",
    region,
    account,
    eventName: String(detail.eventName),
    requestParameters: detail.requestParameters,
    responseElements: detail.responseElements,
    record: detail,
  };
}

const withoutResponse = (request: Record<string, unknown>) => (detail: Record<string, unknown>) => {
  detail.requestParameters = request;
  detail.responseElements = null;
};

/** The kinds and ids a call's resolution archives; it reads and judges nothing. */
function gone(call: ApiCall) {
  const resolution = resolveApiCall(call);
  expect(resolution.subjects).toEqual([]);
  expect(resolution.reads).toEqual([]);
  return resolution.gone.map(({ kinds, resourceId }) => ({ kinds, resourceId }));
}

describe("resolveApiCall: deletions", () => {
  it.each([
    ["deregister-task-definition", "register-task-definition-privileged-root", ["TaskDefinition"]],
    ["delete-task-definitions", "register-task-definition-privileged-root", ["TaskDefinition"]],
    ["delete-service", "create-service-public-ip", ["Service", "ServiceEvent"]],
    ["delete-task-set", "create-task-set-public-ip", ["TaskSet"]],
    ["delete-cluster", "create-cluster-insights-disabled", ["Cluster"]],
    ["delete-capacity-provider", "create-capacity-provider", ["CapacityProvider"]],
    ["delete-account-setting", "put-account-setting-trunking-instance-role", ["AccountSetting"]],
  ])("%s archives exactly the id %s published its findings under", (deletion, creation, kinds) => {
    const [created] = resolveApiCall(apiCall(creation)).subjects;
    expect(created).toBeDefined();
    expect(gone(apiCall(deletion))).toEqual([{ kinds, resourceId: created?.resourceId }]);
    expect(resolveApiCall(apiCall(deletion)).skipped).toEqual([]);
  });

  it("keeps the response's description of the deleted resource, for the archived findings' details", () => {
    const [service] = resolveApiCall(apiCall("delete-service")).gone;
    expect(service?.document).toMatchObject({ serviceName: "checkout-api", status: "DRAINING" });
    expect(service?.reason).toBe("the service is deleted");
  });

  it("archives an old-format service under the ARN ECS replied, which names no cluster", () => {
    expect(gone(apiCall("delete-service-old-arn-format"))).toEqual([
      { kinds: ["Service", "ServiceEvent"], resourceId: `${ARN}:service/legacy-api` },
    ]);
  });

  it("archives the revisions DeleteTaskDefinitions deleted, not its failures", () => {
    const call = apiCall("delete-task-definitions");
    expect(call.requestParameters).toEqual({ taskDefinitions: ["payments-worker:12", "payments-worker:13"] });
    expect(gone(call).map((subject) => subject.resourceId)).toEqual([
      `${ARN}:task-definition/payments-worker:12`,
    ]);
  });

  it.each([
    [
      "a deregistered revision named family:revision",
      "deregister-task-definition",
      { taskDefinition: "payments-worker:12" },
      `${ARN}:task-definition/payments-worker:12`,
    ],
    [
      "a deregistered revision named by ARN",
      "deregister-task-definition",
      { taskDefinition: `${ARN}:task-definition/payments-worker:12` },
      `${ARN}:task-definition/payments-worker:12`,
    ],
    [
      "a service named in its cluster",
      "delete-service-response-omitted",
      { cluster: "prod", service: "checkout-api", force: true },
      `${ARN}:service/prod/checkout-api`,
    ],
    [
      "a service named without a cluster (the default one)",
      "delete-service-response-omitted",
      { service: "checkout-api" },
      `${ARN}:service/default/checkout-api`,
    ],
    [
      "a service named by its old-format ARN",
      "delete-service-response-omitted",
      { service: `${ARN}:service/legacy-api` },
      `${ARN}:service/legacy-api`,
    ],
    [
      "a task set named by id, its service and cluster by ARN",
      "delete-task-set",
      {
        cluster: `${ARN}:cluster/prod`,
        service: `${ARN}:service/prod/checkout-canary`,
        taskSet: "ecs-svc/1234567890123456789",
      },
      `${ARN}:task-set/prod/checkout-canary/ecs-svc/1234567890123456789`,
    ],
    [
      "a task set named by ARN",
      "delete-task-set",
      {
        cluster: "prod",
        service: "checkout-canary",
        taskSet: `${ARN}:task-set/prod/checkout-canary/ecs-svc/1`,
      },
      `${ARN}:task-set/prod/checkout-canary/ecs-svc/1`,
    ],
    ["a cluster named", "delete-cluster", { cluster: "payments" }, `${ARN}:cluster/payments`],
    [
      "a cluster named by ARN",
      "delete-cluster",
      { cluster: `${ARN}:cluster/payments` },
      `${ARN}:cluster/payments`,
    ],
    [
      "an Auto Scaling group provider named",
      "delete-capacity-provider",
      { capacityProvider: "payments-asg" },
      `${ARN}:capacity-provider/payments-asg`,
    ],
    [
      "a cluster's provider named by ARN",
      "delete-capacity-provider",
      { capacityProvider: `${ARN}:capacity-provider/prod/managed`, cluster: "prod" },
      `${ARN}:capacity-provider/prod/managed`,
    ],
    [
      "the caller's own setting (no principal named)",
      "delete-account-setting",
      { name: "awsvpcTrunking" },
      `${SETTINGS}/awsvpcTrunking/role/PlatformAdmin`,
    ],
    [
      "the root user's setting: the account default",
      "delete-account-setting",
      { name: "awsvpcTrunking", principalArn: "arn:aws:iam::123456789012:root" },
      `${SETTINGS}/awsvpcTrunking/default`,
    ],
  ])("without the response, archives %s as the request names it", (_, sample, request, resourceId) => {
    const [subject, ...others] = gone(apiCall(sample, withoutResponse(request)));
    expect(others).toEqual([]);
    expect(subject?.resourceId).toBe(resourceId);
  });

  it.each([
    [
      "a revision named without its revision number",
      "deregister-task-definition",
      { taskDefinition: "payments-worker" },
      "DeregisterTaskDefinition",
    ],
    [
      "a cluster's capacity provider named without ARN (its ARN format is not documented)",
      "delete-capacity-provider",
      { capacityProvider: "managed", cluster: "prod" },
      "DeleteCapacityProvider",
    ],
    ["a service not named", "delete-service-response-omitted", { cluster: "prod" }, "DeleteService"],
    [
      "the revisions DeleteTaskDefinitions deleted (its failures are unknown too)",
      "delete-task-definitions",
      { taskDefinitions: ["payments-worker:12"] },
      "DeleteTaskDefinitions",
    ],
    ["a setting not named", "delete-account-setting", {}, "ListAccountSettings"],
  ])("without the response, archives nothing when it cannot name %s exactly", (_, sample, request, call) => {
    const resolution = resolveApiCall(apiCall(sample, withoutResponse(request)));
    expect(resolution.gone).toEqual([]);
    expect(resolution.subjects).toEqual([]);
    expect(resolution.skipped.map((skipped) => skipped.call)).toEqual([call]);
  });
});
