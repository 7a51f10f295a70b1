import { isUnresolved } from "../model/resolvable.ts";
import { definePolicy, notApplicable, undecided, violation } from "./define-policy.ts";
import { schedulingStrategyOf } from "./utils/service-deployment.ts";

export default definePolicy({
  id: "service-redundancy",
  title: "ECS replica services run at least two tasks",
  severity: "LOW",
  resource: "Service",
  controls: [],
  practice: "C6: Run production services across Availability Zones (at least two tasks)",
  rationale:
    "A service with a single task is down whenever that task is replaced, crashes, or loses its host or " +
    "Availability Zone; ECS spreads tasks across zones only when there is more than one. Two or more tasks keep " +
    "the service answering through deployments and zone failures.",
  deviations:
    "Only the desiredCount part of C6 is judged, on every REPLICA service (the catalog asks it of production, " +
    "which an exemption expresses for the others). A desiredCount of 0 is a service deliberately scaled to zero " +
    "and is not judged. Catalog severity is MEDIUM for production, LOW otherwise; LOW is used here.",
  messages: {
    singleTask: "desiredCount is {{desired}}: the service has no second task to take over",
    desiredCountNotSet:
      "desiredCount is not set: CloudFormation starts a single task (the ECS API requires a value for REPLICA services)",
    daemon: "DAEMON services run one task per container instance; their count follows the instances",
    scaledToZero: "desiredCount is 0: the service is scaled to zero and runs no task",
  },
  remediation: {
    recommendation:
      "Set desiredCount (and the Application Auto Scaling minimum capacity) to at least 2, with subnets in at " +
      "least two Availability Zones so ECS spreads the tasks across them.",
    url: "https://docs.aws.amazon.com/AmazonECS/latest/developerguide/task-placement-strategies.html",
    fixable: false,
  },
  evaluate: (service) => {
    const strategy = schedulingStrategyOf(service);
    if (isUnresolved(strategy)) return [undecided(strategy)];
    if (strategy === "DAEMON") return [notApplicable("daemon")];
    const { desiredCount } = service;
    if (isUnresolved(desiredCount)) return [undecided(desiredCount)];
    if (desiredCount === undefined) return [violation("desiredCountNotSet", "/desiredCount")];
    if (desiredCount === 0) return [notApplicable("scaledToZero")];
    return desiredCount < 2 ? [violation("singleTask", "/desiredCount", { desired: desiredCount })] : [];
  },
});
