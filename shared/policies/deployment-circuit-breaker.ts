import { isUnresolved } from "../model/resolvable.ts";
import type { Service } from "../model/types.ts";
import { definePolicy, notApplicable, type Observation, undecided, violation } from "./define-policy.ts";
import { deploymentControllerOf } from "./utils/service-deployment.ts";

const CIRCUIT_BREAKER_PATH = "/deploymentConfiguration/deploymentCircuitBreaker";

type CircuitBreakerMessage = "breakerOff" | "rollbackOff" | "notRollingUpdate";

export default definePolicy({
  id: "deployment-circuit-breaker",
  title: "ECS rolling deployments stop and roll back automatically when they fail",
  severity: "LOW",
  resource: "Service",
  controls: [],
  practice: "F5: Turn on the deployment circuit breaker with rollback",
  rationale:
    "Without the circuit breaker, a deployment whose tasks never become healthy keeps replacing failed tasks " +
    "indefinitely, consuming capacity and hiding the failure; without rollback it stops but leaves the service " +
    "on the broken revision. With both, ECS marks the deployment failed and returns to the last one that worked.",
  messages: {
    breakerOff: "deploymentCircuitBreaker.enable is {{value}}: a failing deployment is retried indefinitely",
    rollbackOff:
      "deploymentCircuitBreaker.rollback is {{value}}: a failed deployment leaves the service on the failing revision",
    notRollingUpdate:
      "the service is deployed by CodeDeploy or an external controller (deploymentController.type), which has no circuit breaker",
  },
  remediation: {
    recommendation:
      "Update the service's deploymentConfiguration with deploymentCircuitBreaker { enable: true, rollback: true }, " +
      "and watch for SERVICE_DEPLOYMENT_FAILED events.",
    url: "https://docs.aws.amazon.com/AmazonECS/latest/developerguide/deployment-circuit-breaker.html",
    fixable: false,
  },
  evaluate: (service) => {
    const controller = deploymentControllerOf(service);
    if (isUnresolved(controller)) return [undecided(controller)];
    if (controller !== "ECS") return [notApplicable("notRollingUpdate")];
    return circuitBreakerObservations(service);
  },
});

function circuitBreakerObservations({ deploymentConfiguration }: Service) {
  if (isUnresolved(deploymentConfiguration)) return [undecided(deploymentConfiguration)];
  const breaker = deploymentConfiguration?.deploymentCircuitBreaker;
  if (isUnresolved(breaker)) return [undecided(breaker)];
  const observations: Observation<CircuitBreakerMessage>[] = [];
  for (const [field, messageId] of [
    ["enable", "breakerOff"],
    ["rollback", "rollbackOff"],
  ] as const) {
    const value = breaker?.[field];
    if (isUnresolved(value)) observations.push(undecided(value));
    else if (value !== true)
      observations.push(
        violation(messageId, `${CIRCUIT_BREAKER_PATH}/${field}`, { value: String(value ?? "not set") }),
      );
  }
  return observations;
}
