import { readdirSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { matchesPattern } from "../../events/pattern-matcher.ts";
import { throttlesPattern } from "../../events/patterns.ts";
import { cloudTrailThrottleEvent } from "../../events/schemas/cloudtrail-throttle.ts";
import { routes } from "../../shared/runtime/routes.ts";
import { sampleEvent } from "../helpers/samples.ts";

const rules = routes.flatMap((route) => route.rules);
const samples = readdirSync(new URL("../../events/samples/throttles/", import.meta.url))
  .filter((file) => file.endsWith(".json"))
  .map((file) => file.replace(/\.json$/, ""));

/** The throttled calls ECS made; the others were made by a person, succeeded, or failed for another reason. */
const THROTTLED_BY_ECS = [
  "create-network-interface-throttled",
  "describe-network-interfaces-throttled",
  "describe-target-health-throttled",
  "describe-target-health-throttled-guide-example",
  "register-instance-throttled",
  "register-targets-throttled",
];

function matchingRules(event: unknown): string[] {
  return rules.filter((rule) => matchesPattern(rule.pattern, event)).map((rule) => rule.id);
}

interface Editable {
  source: string;
  detail: Record<string, unknown> & { userIdentity: Record<string, unknown> };
}

/** A throttled call ECS made, to edit: the caller named only as `keep` says, or in no way ECS. */
function callerNamedOnlyBy(keep: "invokedBy" | "sessionIssuer" | "sourceIPAddress" | "nothing"): Editable {
  const event = structuredClone(sampleEvent("throttles/register-targets-throttled")) as unknown as Editable;
  const { detail } = event;
  if (keep !== "invokedBy") delete detail.userIdentity.invokedBy;
  if (keep !== "sessionIssuer") delete detail.userIdentity.sessionContext;
  if (keep !== "sourceIPAddress") detail.sourceIPAddress = "10.0.12.34";
  return event;
}

describe("the AsyncThrottles rule", () => {
  it("has a sample for every case it decides", () => {
    expect(samples.filter((sample) => THROTTLED_BY_ECS.includes(sample)).sort()).toEqual(THROTTLED_BY_ECS);
    expect(samples.length).toBeGreaterThan(THROTTLED_BY_ECS.length);
  });

  it.each(samples)("sample %s is matched by exactly the rules that should match it", (sample) => {
    expect(matchingRules(sampleEvent(`throttles/${sample}`))).toEqual(
      THROTTLED_BY_ECS.includes(sample) ? ["AsyncThrottles"] : [],
    );
  });

  it.each(["invokedBy", "sessionIssuer", "sourceIPAddress"] as const)(
    "knows ECS as the caller by %s alone",
    (keep) => {
      expect(matchesPattern(throttlesPattern, callerNamedOnlyBy(keep))).toBe(true);
    },
  );

  it("does not match a throttled call nothing names ECS in", () => {
    expect(matchesPattern(throttlesPattern, callerNamedOnlyBy("nothing"))).toBe(false);
  });

  it.each([
    "RequestLimitExceeded",
    "Client.RequestLimitExceeded",
    "Throttling",
    "ThrottlingException",
    "TooManyRequestsException",
  ])("matches the throttling error code %s", (errorCode) => {
    const event = callerNamedOnlyBy("invokedBy");
    event.detail.errorCode = errorCode;
    expect(matchesPattern(throttlesPattern, event)).toBe(true);
  });

  it("does not match the same call to ECS's own API (the ApiCalls and ServiceEvents routes' business)", () => {
    const event = callerNamedOnlyBy("invokedBy");
    event.source = "aws.ecs";
    event.detail.eventSource = "ecs.amazonaws.com";
    expect(matchingRules(event)).toEqual([]);
  });
});

describe("the throttled call schema", () => {
  it.each(THROTTLED_BY_ECS)("parses sample %s", (sample) => {
    expect(cloudTrailThrottleEvent.safeParse(sampleEvent(`throttles/${sample}`)).error).toBeUndefined();
  });

  it.each([
    ["eventID", (detail: Record<string, unknown>) => delete detail.eventID, "detail.eventID"],
    ["errorCode", (detail: Record<string, unknown>) => delete detail.errorCode, "detail.errorCode"],
    [
      "a service the route does not watch",
      (detail: Record<string, unknown>) => {
        detail.eventSource = "ecs.amazonaws.com";
      },
      "detail.eventSource",
    ],
    [
      "an event time that is no time",
      (detail: Record<string, unknown>) => {
        detail.eventTime = "yesterday";
      },
      "detail.eventTime",
    ],
  ] as const)("rejects a record without %s, naming the field", (_, edit, path) => {
    const event = structuredClone(sampleEvent("throttles/register-targets-throttled")) as {
      detail: Record<string, unknown>;
    };
    edit(event.detail);
    const issues = cloudTrailThrottleEvent.safeParse(event).error?.issues ?? [];
    expect(issues.map((issue) => issue.path.join("."))).toEqual([path]);
  });

  it("accepts a record CloudTrail kept without its request", () => {
    const event = structuredClone(sampleEvent("throttles/register-targets-throttled")) as {
      detail: Record<string, unknown>;
    };
    event.detail.requestParameters = null;
    expect(cloudTrailThrottleEvent.safeParse(event).success).toBe(true);
  });
});
