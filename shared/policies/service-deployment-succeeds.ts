import { isUnresolved } from "../model/resolvable.ts";
import { definePolicy, notApplicable, undecided, violation } from "./define-policy.ts";
import { DEPLOYMENT_STATE_CHANGE, EVENT_NAME_PATH, shown } from "./utils/service-events.ts";

/** How ECS words the start of a rollback, whether the circuit breaker or a CloudWatch alarm started it. */
const ROLLBACK = /\brolling back\b/i;

export default definePolicy({
  id: "service-deployment-succeeds",
  title: "ECS service deployments complete without failing or rolling back",
  severity: "MEDIUM",
  resource: "ServiceEvent",
  controls: [],
  practice:
    "F5: Use the deployment circuit breaker, and act on the deployments it fails (ecs.event.deployment-failed)",
  rationale:
    "A deployment that fails leaves the service short of the revision the team shipped: with rollback on, ECS " +
    "returns to the previous revision, so the fix or feature is not running although the pipeline may have " +
    "reported success; without it, the service can be left with failing tasks. The next completed deployment " +
    "ends the finding.",
  deviations:
    "Judged from ECS Deployment State Change events alone, without state: SERVICE_DEPLOYMENT_FAILED and an " +
    "IN_PROGRESS deployment whose reason says it is rolling back fail; the next SERVICE_DEPLOYMENT_COMPLETED " +
    "passes, even when the deployment that completed was the rollback (the service is steady again, on the " +
    "previous revision). A new deployment that is not a rollback publishes nothing until it ends.",
  messages: {
    failed: "deployment {{deploymentId}} failed: {{reason}}",
    rollingBack: "deployment {{deploymentId}} rolls the service back: {{reason}}",
    inProgress: "the deployment is in progress and is no rollback; its end decides",
    otherEvent: "the event is no deployment state change",
  },
  remediation: {
    recommendation:
      "Find why the new tasks failed (stopped tasks' stoppedReason, container logs, load balancer health checks, " +
      "the alarms that triggered the rollback), fix the task definition or the service, and deploy again.",
    url: "https://docs.aws.amazon.com/AmazonECS/latest/developerguide/deployment-circuit-breaker.html",
    fixable: false,
  },
  evaluate: ({ detailType, eventName, deploymentId, reason }) => {
    if (isUnresolved(detailType)) return [undecided(detailType)];
    if (isUnresolved(eventName)) return [undecided(eventName)];
    if (detailType !== DEPLOYMENT_STATE_CHANGE) return [notApplicable("otherEvent")];
    const data = {
      deploymentId: deploymentId === undefined ? "(no deploymentId)" : shown(deploymentId),
      reason: reason === undefined ? "ECS gave no reason" : shown(reason),
    };
    switch (eventName) {
      case "SERVICE_DEPLOYMENT_COMPLETED":
        return [];
      case "SERVICE_DEPLOYMENT_FAILED":
        return [violation("failed", EVENT_NAME_PATH, data)];
      case "SERVICE_DEPLOYMENT_IN_PROGRESS":
        if (isUnresolved(reason)) return [undecided(reason)];
        return reason !== undefined && ROLLBACK.test(reason)
          ? [violation("rollingBack", "/reason", data)]
          : [notApplicable("inProgress")];
      default:
        return [notApplicable("otherEvent")];
    }
  },
});
