import { definePolicy } from "./define-policy.ts";
import { judgeServiceAction } from "./utils/service-events.ts";

export default definePolicy({
  id: "service-operations-not-throttled",
  title: "ECS is not throttled while it operates the service",
  severity: "MEDIUM",
  resource: "ServiceEvent",
  controls: [],
  practice: "G1, G2: Watch ECS_OPERATION_THROTTLED and SERVICE_DISCOVERY_OPERATION_THROTTLED events",
  rationale:
    "ECS calls the ECS and Cloud Map APIs on the service's behalf to launch, register and stop its tasks. When " +
    "those calls are throttled, the scheduler backs off: tasks start late, deployments and scaling slow down. " +
    "The account's other API traffic shares the same limits. SERVICE_STEADY_STATE ends the finding.",
  deviations:
    "The catalog's G1 escalates throttling that lasts over 30 minutes to HIGH; one policy has one severity, " +
    "so it is MEDIUM, and the finding stays FAILED until the service reaches steady state.",
  messages: {
    ecsThrottled: "ECS API calls for the service are throttled ({{eventName}}): {{evidence}}",
    cloudMapThrottled: "Cloud Map API calls for the service are throttled ({{eventName}}): {{evidence}}",
    otherEvent: "the event neither reports nor ends throttling",
  },
  remediation: {
    recommendation:
      "Find who else calls the throttled API (CloudTrail, AWS/Usage CallCount), stagger large deployments, " +
      "split very large services, retry your own calls with backoff and jitter, and ask AWS Support to raise the " +
      "limits. Pause automated remediation in the cluster meanwhile.",
    url: "https://docs.aws.amazon.com/AmazonECS/latest/developerguide/operating-at-scale-dealing-with-throttles.html",
    fixable: false,
  },
  evaluate: (event) =>
    judgeServiceAction(
      event,
      {
        ECS_OPERATION_THROTTLED: { outcome: "violation", messageId: "ecsThrottled" },
        SERVICE_DISCOVERY_OPERATION_THROTTLED: { outcome: "violation", messageId: "cloudMapThrottled" },
      },
      "otherEvent",
    ),
});
