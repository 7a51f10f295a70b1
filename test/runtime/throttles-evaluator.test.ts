import type { AwsSecurityFinding } from "@aws-sdk/client-securityhub";
import { describe, expect, it } from "vitest";
import {
  type CloudTrailThrottleEvent,
  cloudTrailThrottleEvent,
} from "../../events/schemas/cloudtrail-throttle.ts";
import { EMPTY_CONFIG, type GuardrailsConfig } from "../../shared/engine/config.ts";
import type { StateReader } from "../../shared/hydrate/state-reader.ts";
import { policies } from "../../shared/policies/index.ts";
import { THROTTLED_CALLS_METRIC, throttlesEvaluator } from "../../shared/runtime/throttles-evaluator.ts";
import { validateAsffLimits } from "../helpers/aws-model.ts";
import { ACCOUNT, REGION } from "../helpers/builders.ts";
import { sampleEvent } from "../helpers/samples.ts";

/** A reader that fails the test if the evaluator reads anything: the events say all it needs. */
const readsNothing = new Proxy({} as StateReader, {
  get: (_, method) => () => {
    throw new Error(`the throttles evaluator read ${String(method)}`);
  },
});

const POLICY = "ecs-dependency-throttling";

function sample(name: string): CloudTrailThrottleEvent {
  return cloudTrailThrottleEvent.parse(sampleEvent(`throttles/${name}`));
}

/** `count` throttled RegisterTargets calls, one target group each (`targetGroups` distinct ones in turn). */
function registerTargetsStorm(count: number, targetGroups = 1): CloudTrailThrottleEvent[] {
  const event = sample("register-targets-throttled");
  return Array.from({ length: count }, (_, index) => ({
    ...event,
    id: `storm-${index}`,
    detail: {
      ...event.detail,
      eventID: `storm-event-${index}`,
      requestParameters: {
        targetGroupArn: `arn:aws:elasticloadbalancing:${REGION}:${ACCOUNT}:targetgroup/service-with-a-long-name-${index % targetGroups}/0123456789abcdef`,
      },
    },
  }));
}

async function evaluate(events: readonly CloudTrailThrottleEvent[], config: GuardrailsConfig = EMPTY_CONFIG) {
  return throttlesEvaluator.evaluateBatch(events, readsNothing, { policies, config });
}

function throttlingFindings(findings: readonly AwsSecurityFinding[]) {
  return findings.filter((finding) => finding.GeneratorId === POLICY);
}

const THROTTLED_SAMPLES = [
  "create-network-interface-throttled",
  "describe-network-interfaces-throttled",
  "describe-target-health-throttled",
  "describe-target-health-throttled-guide-example",
  "register-instance-throttled",
  "register-targets-throttled",
];

describe("throttles evaluator", () => {
  it("publishes one FAILED finding per API and region, on an Other resource named after the API", async () => {
    const { findings, skipped } = await evaluate(THROTTLED_SAMPLES.map(sample));
    expect(skipped).toEqual([]);
    expect(findings).toEqual(throttlingFindings(findings));
    expect(
      findings.map((finding) => [finding.Id, finding.Compliance?.Status, finding.Resources?.[0]?.Type]),
    ).toEqual(
      [
        [REGION, ACCOUNT, "ec2.amazonaws.com/CreateNetworkInterface"],
        [REGION, ACCOUNT, "ec2.amazonaws.com/DescribeNetworkInterfaces"],
        [REGION, ACCOUNT, "elasticloadbalancing.amazonaws.com/DescribeTargetHealth"],
        ["us-east-1", "111122223333", "elasticloadbalancing.amazonaws.com/DescribeTargetHealth"],
        [REGION, ACCOUNT, "elasticloadbalancing.amazonaws.com/RegisterTargets"],
        [REGION, ACCOUNT, "servicediscovery.amazonaws.com/RegisterInstance"],
      ].map(([region, account, api]) => [
        `${region}/${account}/${POLICY}/arn:aws:ecs-guardrails:${region}:${account}:throttling/${api}`,
        "FAILED",
        "Other",
      ]),
    );
  });

  it("describes the API's throttling in the finding: counts, times, codes, caller and what the calls were about", async () => {
    const { findings } = await evaluate([sample("register-instance-throttled")]);
    expect(findings).toHaveLength(1);
    const [finding] = findings;
    expect(finding?.Resources?.[0]?.Details).toEqual({
      Other: {
        EventSource: "servicediscovery.amazonaws.com",
        EventName: "RegisterInstance",
        Region: REGION,
        ThrottledCalls: "1",
        FirstCallAt: "2026-11-24T14:02:31Z",
        LastCallAt: "2026-11-24T14:02:31Z",
        ErrorCodes: "ThrottlingException",
        Callers: `arn:aws:sts::${ACCOUNT}:assumed-role/AWSServiceRoleForECS/ecs-service-scheduler`,
        CloudMapServices: "srv-4yxo3pu7kfqhnhpd",
        EcsServices: "prod/checkout-api",
      },
    });
    expect(finding?.ProductFields).toMatchObject({
      "ecs-guardrails/policy": POLICY,
      "ecs-guardrails/status": "FAILED",
      "ecs-guardrails/actor": `arn:aws:sts::${ACCOUNT}:assumed-role/AWSServiceRoleForECS/ecs-service-scheduler`,
      "ecs-guardrails/event-id": "7d2e4f60-1b3c-4d5e-8f6a-7b8c9d0e1f05",
      "ecs-guardrails/event-name": "RegisterInstance",
    });
    expect(finding?.Description).toContain(
      "/throttledCalls: 1 RegisterInstance calls ECS made to servicediscovery.amazonaws.com in eu-west-1 were " +
        "throttled (ThrottlingException) from 2026-11-24T14:02:31Z to 2026-11-24T14:02:31Z",
    );
    expect(finding?.Description).toContain(
      "/ecsServices: the throttled calls were made for ECS services prod/checkout-api",
    );
    expect(finding?.UpdatedAt).toBe("2026-11-24T14:02:31Z");
  });

  it("counts a storm exactly in its metric, and names what it can within ASFF's limits", async () => {
    const { findings, metrics } = await evaluate(registerTargetsStorm(500, 40));
    expect(metrics).toEqual([
      {
        name: THROTTLED_CALLS_METRIC,
        value: 500,
        dimensions: { EventSource: "elasticloadbalancing.amazonaws.com", EventName: "RegisterTargets" },
      },
    ]);
    expect(findings).toHaveLength(1);
    const [finding] = findings;
    expect(validateAsffLimits(finding)).toEqual([]);
    expect(finding?.Resources?.[0]?.Details?.Other?.TargetGroups).toMatch(/,35 more$/);
    expect(finding?.Description).toContain("/throttledCalls: 500 RegisterTargets calls");
  });

  it("counts every API apart in the metrics", async () => {
    const { metrics } = await evaluate([...THROTTLED_SAMPLES.map(sample), ...registerTargetsStorm(3)]);
    expect(
      metrics?.map((metric) => [metric.dimensions?.EventSource, metric.dimensions?.EventName, metric.value]),
    ).toEqual([
      ["ec2.amazonaws.com", "CreateNetworkInterface", 1],
      ["ec2.amazonaws.com", "DescribeNetworkInterfaces", 1],
      ["elasticloadbalancing.amazonaws.com", "DescribeTargetHealth", 1],
      ["elasticloadbalancing.amazonaws.com", "DescribeTargetHealth", 1],
      ["elasticloadbalancing.amazonaws.com", "RegisterTargets", 4],
      ["servicediscovery.amazonaws.com", "RegisterInstance", 1],
    ]);
  });

  it("publishes PASSED for an API throttled less than the configured minimum, and still counts it", async () => {
    const { findings, metrics } = await evaluate(registerTargetsStorm(3), {
      policies: { [POLICY]: { parameters: { minimumThrottledCalls: 4 } } },
      exemptions: [],
    });
    expect(findings.map((finding) => finding.Compliance?.Status)).toEqual(["PASSED"]);
    expect(metrics?.map((metric) => metric.value)).toEqual([3]);
  });

  it("publishes nothing while the policy is off, but still counts", async () => {
    const { findings, metrics } = await evaluate(registerTargetsStorm(2), {
      policies: { [POLICY]: { enabled: false } },
      exemptions: [],
    });
    expect(findings).toEqual([]);
    expect(metrics?.map((metric) => metric.value)).toEqual([2]);
  });

  it("exempts an API by its resource id from the config file", async () => {
    const { findings } = await evaluate(registerTargetsStorm(2), {
      policies: {},
      exemptions: [
        {
          resource: "arn:aws:ecs-guardrails:*:*:throttling/elasticloadbalancing.amazonaws.com/*",
          policies: [POLICY],
          reason: "load tests throttle on purpose",
        },
      ],
    });
    expect(findings.map((finding) => finding.Compliance)).toEqual([
      {
        Status: "PASSED",
        StatusReasons: [
          {
            ReasonCode: "EXEMPTED",
            Description: "exempted by the config file: load tests throttle on purpose",
          },
        ],
      },
    ]);
  });

  it("names no actor when several sessions called", async () => {
    const [first, second] = registerTargetsStorm(2);
    if (first === undefined || second === undefined) throw new Error("two events expected");
    const other = {
      ...second,
      detail: {
        ...second.detail,
        userIdentity: { arn: `arn:aws:sts::${ACCOUNT}:assumed-role/AWSServiceRoleForECS/another-session` },
      },
    };
    const { findings } = await evaluate([first, other]);
    expect(findings[0]?.ProductFields?.["ecs-guardrails/actor"]).toBeUndefined();
    expect(findings[0]?.Resources?.[0]?.Details?.Other?.Callers).toContain("another-session");
  });
});
