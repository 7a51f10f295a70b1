import { readdirSync } from "node:fs";
import { describe, expect, it } from "vitest";
import {
  type ApiThrottling,
  apiThrottlingDocument,
  apiThrottlingsFrom,
  namedInFinding,
  type ThrottledCall,
  type ThrottledCallEvent,
  throttledCallFrom,
  throttlingArn,
} from "../../shared/model/api-throttling.ts";
import { ACCOUNT, REGION } from "../helpers/builders.ts";
import { sampleEvent } from "../helpers/samples.ts";

const ELB = "elasticloadbalancing.amazonaws.com";
const TARGET_GROUP = `arn:aws:elasticloadbalancing:${REGION}:${ACCOUNT}:targetgroup/web/0123456789abcdef`;
const OTHER_TARGET_GROUP = `arn:aws:elasticloadbalancing:${REGION}:${ACCOUNT}:targetgroup/api/fedcba9876543210`;
const ECS_ROLE = `arn:aws:sts::${ACCOUNT}:assumed-role/AWSServiceRoleForECS/ecs-service-scheduler`;

/** A throttled RegisterTargets call ECS made, with the given changes. */
function call(overrides: Partial<ThrottledCall> = {}): ThrottledCall {
  return {
    account: ACCOUNT,
    region: REGION,
    eventSource: ELB,
    eventName: "RegisterTargets",
    eventId: "event-1",
    time: "2026-11-24T14:00:00Z",
    errorCode: "ThrottlingException",
    caller: ECS_ROLE,
    requestParameters: { targetGroupArn: TARGET_GROUP },
    ...overrides,
  };
}

/** What a case expects of each aggregate: only the fields it names. */
type Expected = Partial<ApiThrottling>;

describe("apiThrottlingsFrom", () => {
  it.each<[string, readonly ThrottledCall[], readonly Expected[]]>([
    ["no calls: nothing", [], []],
    [
      "one call",
      [call()],
      [
        {
          kind: "ApiThrottling",
          arn: `arn:aws:ecs-guardrails:${REGION}:${ACCOUNT}:throttling/${ELB}/RegisterTargets`,
          throttledCalls: 1,
          firstCallAt: "2026-11-24T14:00:00Z",
          lastCallAt: "2026-11-24T14:00:00Z",
          lastEventId: "event-1",
          errorCodes: ["ThrottlingException"],
          callers: [ECS_ROLE],
          targetGroups: [TARGET_GROUP],
          cloudMapServices: [],
          subnets: [],
          ecsServices: [],
          tags: undefined,
        },
      ],
    ],
    [
      "calls to one API are counted together, with their first and last time whatever the order",
      [
        call({ eventId: "middle", time: "2026-11-24T14:00:30Z" }),
        call({ eventId: "last", time: "2026-11-24T14:00:59Z" }),
        call({ eventId: "first", time: "2026-11-24T14:00:01Z" }),
      ],
      [
        {
          throttledCalls: 3,
          firstCallAt: "2026-11-24T14:00:01Z",
          lastCallAt: "2026-11-24T14:00:59Z",
          lastEventId: "last",
        },
      ],
    ],
    [
      "calls at the same time: the later record is the last call",
      [call({ eventId: "one" }), call({ eventId: "two" })],
      [{ throttledCalls: 2, lastEventId: "two" }],
    ],
    [
      "times in other offsets compare as instants",
      [call({ eventId: "earlier", time: "2026-11-24T15:30:00+02:00" }), call({ eventId: "later" })],
      [
        {
          firstCallAt: "2026-11-24T15:30:00+02:00",
          lastCallAt: "2026-11-24T14:00:00Z",
          lastEventId: "later",
        },
      ],
    ],
    [
      "each API, region and account is counted apart, sorted by API, then region",
      [
        call({ eventName: "RegisterTargets" }),
        call({ eventSource: "ec2.amazonaws.com", eventName: "CreateNetworkInterface" }),
        call({ eventName: "DescribeTargetHealth", region: "us-east-1" }),
        call({ eventName: "DescribeTargetHealth" }),
        call({ eventName: "DescribeTargetHealth", account: "210987654321" }),
      ],
      [
        { eventName: "CreateNetworkInterface", region: REGION, account: ACCOUNT, throttledCalls: 1 },
        { eventName: "DescribeTargetHealth", region: REGION, account: ACCOUNT, throttledCalls: 1 },
        { eventName: "DescribeTargetHealth", region: REGION, account: "210987654321", throttledCalls: 1 },
        { eventName: "DescribeTargetHealth", region: "us-east-1", account: ACCOUNT, throttledCalls: 1 },
        { eventName: "RegisterTargets", region: REGION, account: ACCOUNT, throttledCalls: 1 },
      ],
    ],
    [
      "lists are distinct and sorted; callers and codes too",
      [
        call({ requestParameters: { targetGroupArn: TARGET_GROUP }, errorCode: "Throttling" }),
        call({ requestParameters: { targetGroupArn: OTHER_TARGET_GROUP }, caller: undefined }),
        call({ requestParameters: { targetGroupArn: TARGET_GROUP } }),
      ],
      [
        {
          throttledCalls: 3,
          targetGroups: [OTHER_TARGET_GROUP, TARGET_GROUP],
          errorCodes: ["Throttling", "ThrottlingException"],
          callers: [ECS_ROLE],
        },
      ],
    ],
    [
      "a call without its request, or with mistyped or empty members, still counts and names nothing",
      [
        call({ requestParameters: null }),
        call({ requestParameters: undefined }),
        call({ requestParameters: "targetGroupArn" }),
        call({ requestParameters: { targetGroupArn: 7, serviceId: "", subnetId: " " } }),
        call({ requestParameters: { attributes: "ECS_SERVICE_NAME" } }),
      ],
      [{ throttledCalls: 5, targetGroups: [], cloudMapServices: [], subnets: [], ecsServices: [] }],
    ],
    [
      "Cloud Map registrations name the Cloud Map service, and the ECS service with its cluster where ECS says",
      [
        call({
          eventSource: "servicediscovery.amazonaws.com",
          eventName: "RegisterInstance",
          requestParameters: {
            serviceId: "srv-1",
            attributes: { ECS_CLUSTER_NAME: "prod", ECS_SERVICE_NAME: "web" },
          },
        }),
        call({
          eventSource: "servicediscovery.amazonaws.com",
          eventName: "RegisterInstance",
          requestParameters: { serviceId: "srv-2", attributes: { ECS_SERVICE_NAME: "worker" } },
        }),
        call({
          eventSource: "servicediscovery.amazonaws.com",
          eventName: "RegisterInstance",
          requestParameters: { serviceId: "srv-3", attributes: { ECS_CLUSTER_NAME: "prod" } },
        }),
      ],
      [{ cloudMapServices: ["srv-1", "srv-2", "srv-3"], ecsServices: ["prod/web", "worker"] }],
    ],
    [
      "network interfaces name their subnet",
      [
        call({
          eventSource: "ec2.amazonaws.com",
          eventName: "CreateNetworkInterface",
          requestParameters: { subnetId: "subnet-b" },
        }),
        call({
          eventSource: "ec2.amazonaws.com",
          eventName: "CreateNetworkInterface",
          requestParameters: { subnetId: "subnet-a" },
        }),
      ],
      [{ subnets: ["subnet-a", "subnet-b"], targetGroups: [] }],
    ],
  ])("%s", (_, calls, expected) => {
    const throttlings = apiThrottlingsFrom(calls);
    expect(throttlings).toHaveLength(expected.length);
    throttlings.forEach((throttling, index) => {
      expect(throttling).toMatchObject(expected[index] ?? {});
    });
  });

  it("does not change its input", () => {
    const calls = Object.freeze(
      [call({ time: "2026-11-24T14:00:09Z" }), call()].map((frozen) => Object.freeze(frozen)),
    );
    expect(() => apiThrottlingsFrom(calls)).not.toThrow();
  });
});

describe("throttledCallFrom", () => {
  const samples = readdirSync(new URL("../../events/samples/throttles/", import.meta.url))
    .filter((file) => file.endsWith("-throttled.json"))
    .map((file) => file.replace(/\.json$/, ""));

  it.each(samples)("reads sample %s", (sample) => {
    const event = sampleEvent(`throttles/${sample}`) as unknown as ThrottledCallEvent;
    expect(throttledCallFrom(event)).toEqual({
      account: ACCOUNT,
      region: REGION,
      eventSource: event.detail.eventSource,
      eventName: event.detail.eventName,
      eventId: event.detail.eventID,
      time: event.detail.eventTime,
      errorCode: event.detail.errorCode,
      caller: ECS_ROLE,
      requestParameters: event.detail.requestParameters,
    });
  });

  it("dates a record without eventTime by its event", () => {
    const event = structuredClone(sampleEvent("throttles/register-targets-throttled")) as {
      time: string;
      detail: Record<string, unknown>;
    };
    delete event.detail.eventTime;
    event.time = "2026-11-24T14:02:21Z";
    expect(throttledCallFrom(event as unknown as ThrottledCallEvent).time).toBe("2026-11-24T14:02:21Z");
  });

  it("aggregates the samples into what they name", () => {
    const throttlings = apiThrottlingsFrom(
      samples.map((sample) => throttledCallFrom(sampleEvent(`throttles/${sample}`) as never)),
    );
    expect(
      throttlings.map(
        ({ eventName, throttledCalls, targetGroups, cloudMapServices, subnets, ecsServices }) => ({
          eventName,
          throttledCalls,
          named: [...targetGroups, ...cloudMapServices, ...subnets, ...ecsServices],
        }),
      ),
    ).toEqual([
      { eventName: "CreateNetworkInterface", throttledCalls: 1, named: ["subnet-0a1b2c3d4e5f60718"] },
      { eventName: "DescribeNetworkInterfaces", throttledCalls: 1, named: [] },
      {
        eventName: "DescribeTargetHealth",
        throttledCalls: 1,
        named: [
          `arn:aws:elasticloadbalancing:${REGION}:${ACCOUNT}:targetgroup/payments-api/0f9e8d7c6b5a4321`,
        ],
      },
      {
        eventName: "RegisterTargets",
        throttledCalls: 1,
        named: [
          `arn:aws:elasticloadbalancing:${REGION}:${ACCOUNT}:targetgroup/checkout-api/6d0ecf831eec9f09`,
        ],
      },
      {
        eventName: "RegisterInstance",
        throttledCalls: 1,
        named: ["srv-4yxo3pu7kfqhnhpd", "prod/checkout-api"],
      },
    ]);
  });
});

describe("throttlingArn", () => {
  it.each([
    [
      "eu-west-1",
      "arn:aws:ecs-guardrails:eu-west-1:123456789012:throttling/ec2.amazonaws.com/CreateNetworkInterface",
    ],
    [
      "cn-north-1",
      "arn:aws-cn:ecs-guardrails:cn-north-1:123456789012:throttling/ec2.amazonaws.com/CreateNetworkInterface",
    ],
    [
      "us-gov-west-1",
      "arn:aws-us-gov:ecs-guardrails:us-gov-west-1:123456789012:throttling/ec2.amazonaws.com/CreateNetworkInterface",
    ],
  ])("names the API in %s in its partition", (region, arn) => {
    expect(throttlingArn(ACCOUNT, region, "ec2.amazonaws.com", "CreateNetworkInterface")).toBe(arn);
  });
});

describe("namedInFinding", () => {
  const values = (count: number, length = 10) =>
    Array.from({ length: count }, (_, index) => `${index}`.padStart(length, "v"));

  it.each<[string, readonly string[], readonly string[]]>([
    ["none", [], []],
    ["five: all of them", values(5), values(5)],
    ["seven: five, and how many more", values(7), [...values(5), "2 more"]],
    ["long values: as many as fit in 900 characters", values(4, 400), [...values(2, 400), "2 more"]],
    ["one value too long to fit: only how many", values(1, 1000), ["1 more"]],
  ])("%s", (_, given, named) => {
    expect(namedInFinding(given)).toEqual(named);
  });
});

describe("apiThrottlingDocument", () => {
  it("carries the counts and times, and the lists cut to what a finding names", () => {
    const [throttling] = apiThrottlingsFrom(
      Array.from({ length: 8 }, (_, index) =>
        call({ requestParameters: { targetGroupArn: `${TARGET_GROUP}${index}` } }),
      ),
    );
    expect(throttling && apiThrottlingDocument(throttling)).toEqual({
      eventSource: ELB,
      eventName: "RegisterTargets",
      region: REGION,
      throttledCalls: 8,
      firstCallAt: "2026-11-24T14:00:00Z",
      lastCallAt: "2026-11-24T14:00:00Z",
      errorCodes: ["ThrottlingException"],
      callers: [ECS_ROLE],
      targetGroups: [0, 1, 2, 3, 4].map((index) => `${TARGET_GROUP}${index}`).concat("3 more"),
      cloudMapServices: [],
      subnets: [],
      ecsServices: [],
    });
  });
});
