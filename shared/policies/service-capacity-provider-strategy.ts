import { isUnresolved } from "../model/resolvable.ts";
import { definePolicy, undecided, violation } from "./define-policy.ts";

export default definePolicy({
  id: "service-capacity-provider-strategy",
  title: "ECS services on EC2 are placed by a capacity provider strategy, not the EC2 launch type",
  severity: "INFORMATIONAL",
  resource: "Service",
  controls: [],
  practice: "C8: Place EC2 tasks through capacity providers",
  rationale:
    "With the EC2 launch type a service can only use the instances that happen to be registered: tasks wait in " +
    "PROVISIONING when the cluster is full, and the Auto Scaling group must be scaled by hand or by separate " +
    "alarms. An Auto Scaling group capacity provider with managed scaling grows and shrinks the instances with " +
    "the tasks that need them.",
  deviations:
    "Only the service is judged; the catalog's cluster-side check (container instances registered without an " +
    "Auto Scaling group capacity provider) needs the cluster's instances, which the cluster resource does not hold.",
  messages: {
    placedByLaunchType:
      "launchType is EC2: tasks are placed on whatever instances are registered, not by a capacity provider",
  },
  remediation: {
    recommendation:
      "Create an Auto Scaling group capacity provider with managed scaling, add it to the cluster, and update the " +
      "service to a capacityProviderStrategy naming it (this replaces the launch type and forces a new deployment).",
    url: "https://docs.aws.amazon.com/AmazonECS/latest/developerguide/asg-capacity-providers.html",
    fixable: false,
  },
  evaluate: ({ launchType }) => {
    if (isUnresolved(launchType)) return [undecided(launchType)];
    return launchType === "EC2" ? [violation("placedByLaunchType", "/launchType")] : [];
  },
});
