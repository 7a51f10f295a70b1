import * as z from "zod/mini";
import { namedInFinding } from "../model/api-throttling.ts";
import { definePolicy, violation } from "./define-policy.ts";

/** The lists of an API's throttling that say what the calls were about; each has its message. */
const AFFECTED = ["targetGroups", "cloudMapServices", "subnets", "ecsServices"] as const;

export default definePolicy({
  id: "ecs-dependency-throttling",
  title: "Calls ECS makes for you to EC2, Elastic Load Balancing and Cloud Map are not throttled",
  severity: "MEDIUM",
  resource: "ApiThrottling",
  controls: [],
  practice: "G3: Watch for asynchronous throttling of the APIs ECS calls on your behalf",
  rationale:
    "ECS calls EC2 (task network interfaces), Elastic Load Balancing (target registration and health) and " +
    "Cloud Map (instance registration) on your behalf. When these calls are throttled, ECS retries them with " +
    "back-off: tasks start late, deployments stall and scaling lags, while the throttles show only in CloudTrail " +
    "and in the services' event messages.",
  deviations:
    "The catalog counts throttles over a query's time window; a finding here counts one batch of events, seconds " +
    "apart, and each batch replaces the previous count on the same finding. Exact totals are the ThrottledCalls " +
    "metric (namespace ECSGuardrails, dimensions EventSource and EventName).",
  parameters: {
    minimumThrottledCalls: {
      description:
        "Throttled calls to one API within one batch from which it is reported: ECS retries throttled calls " +
        "with back-off, so a few may be harmless.",
      schema: z.int().check(z.positive()),
      default: 1,
    },
  },
  messages: {
    throttled:
      "{{count}} {{eventName}} calls ECS made to {{eventSource}} in {{region}} were throttled ({{errorCodes}}) " +
      "from {{first}} to {{last}}",
    targetGroups: "the throttled calls were about target groups {{names}}",
    cloudMapServices: "the throttled calls were about Cloud Map services {{names}}",
    subnets: "the throttled calls were about subnets {{names}}",
    ecsServices: "the throttled calls were made for ECS services {{names}}",
  },
  remediation: {
    recommendation:
      "Stagger the deployments and scaling that run at the same time (see the resources named here), split very " +
      "large services, turn on ENI trunking for awsvpc tasks on EC2, and ask AWS Support to raise the API's " +
      "throttle limits, with the ThrottledCalls metric as evidence.",
    url: "https://docs.aws.amazon.com/AmazonECS/latest/developerguide/operating-at-scale-dealing-with-throttles.html",
    fixable: false,
  },
  evaluate: (throttling, { parameters }) => {
    if (throttling.throttledCalls < parameters.minimumThrottledCalls) return [];
    return [
      violation("throttled", "/throttledCalls", {
        count: throttling.throttledCalls,
        eventName: throttling.eventName,
        eventSource: throttling.eventSource,
        region: throttling.region,
        errorCodes: throttling.errorCodes.join(", "),
        first: throttling.firstCallAt,
        last: throttling.lastCallAt,
      }),
      ...AFFECTED.filter((field) => throttling[field].length > 0).map((field) =>
        violation(field, `/${field}`, { names: namedInFinding(throttling[field]).join(", ") }),
      ),
    ];
  },
});
