import { isUnresolved } from "../model/resolvable.ts";
import { definePolicy, notApplicable, type Observation, undecided, violation } from "./define-policy.ts";
import { deploymentControllerOf, schedulingStrategyOf } from "./utils/service-deployment.ts";

const MINIMUM_PATH = "/deploymentConfiguration/minimumHealthyPercent";
const MAXIMUM_PATH = "/deploymentConfiguration/maximumPercent";

type DeploymentMessage =
  | "cannotProgress"
  | "maximumBelowDesired"
  | "daemonCannotProgress"
  | "notRollingUpdate";

export default definePolicy({
  id: "deployment-configuration",
  title: "ECS rolling deployments have room to replace tasks",
  severity: "LOW",
  resource: "Service",
  controls: [],
  practice: "F4: Choose minimumHealthyPercent and maximumPercent that let deployments progress",
  rationale:
    "A rolling deployment replaces tasks by starting new ones above the desired count (up to maximumPercent) or " +
    "by stopping old ones first (down to minimumHealthyPercent). With no room on either side it cannot replace " +
    "anything, so fixes, security patches and rollbacks never reach the running tasks; a maximumPercent below " +
    "100 also caps the service below its desired count during every deployment.",
  deviations:
    "Absent values are the API defaults: 100/200 for REPLICA services, 0/100 for DAEMON services (whose " +
    "scheduler never runs two copies on one instance, so only minimumHealthyPercent matters). The catalog's " +
    "minimumHealthyPercent-below-50 check needs an environment tag and is left out; percentages are judged " +
    "without the desiredCount rounding, which can also stall a deployment of one or two tasks.",
  messages: {
    cannotProgress:
      "minimumHealthyPercent {{minimum}} and maximumPercent {{maximum}}: a rolling deployment can neither start a " +
      "task before stopping one nor stop one first, so it cannot progress",
    maximumBelowDesired:
      "maximumPercent is {{maximum}}: fewer tasks than the desired count may run during a deployment",
    daemonCannotProgress:
      "minimumHealthyPercent is {{minimum}} on a DAEMON service: its scheduler must stop a task before starting " +
      "the replacement on the same instance, which this forbids",
    notRollingUpdate:
      "the service is deployed by CodeDeploy or an external controller (deploymentController.type), not by rolling updates",
  },
  remediation: {
    recommendation:
      "Give the deployment room: keep maximumPercent at 200 (or above 100) for REPLICA services, or lower " +
      "minimumHealthyPercent (for example to 50) where the cluster has no spare capacity; DAEMON services need " +
      "minimumHealthyPercent below 100.",
    url: "https://docs.aws.amazon.com/AmazonECS/latest/developerguide/deployment-type-ecs.html",
    fixable: false,
  },
  evaluate: (service): readonly Observation<DeploymentMessage>[] => {
    const controller = deploymentControllerOf(service);
    if (isUnresolved(controller)) return [undecided(controller)];
    if (controller !== "ECS") return [notApplicable("notRollingUpdate")];
    const strategy = schedulingStrategyOf(service);
    if (isUnresolved(strategy)) return [undecided(strategy)];
    const configuration = service.deploymentConfiguration;
    if (isUnresolved(configuration)) return [undecided(configuration)];
    const daemon = strategy === "DAEMON";
    const minimum = configuration?.minimumHealthyPercent ?? (daemon ? 0 : 100);
    if (isUnresolved(minimum)) return [undecided(minimum)];
    if (daemon) return minimum >= 100 ? [violation("daemonCannotProgress", MINIMUM_PATH, { minimum })] : [];
    const maximum = configuration?.maximumPercent ?? 200;
    if (isUnresolved(maximum)) return [undecided(maximum)];
    const observations: Observation<DeploymentMessage>[] = [];
    if (maximum < 100) observations.push(violation("maximumBelowDesired", MAXIMUM_PATH, { maximum }));
    if (minimum >= 100 && maximum <= 100)
      observations.push(violation("cannotProgress", "/deploymentConfiguration", { minimum, maximum }));
    return observations;
  },
});
