import { isUnresolved } from "../model/resolvable.ts";
import { definePolicy, notApplicable, undecided, violation } from "./define-policy.ts";

const PATH = "/autoScalingGroupProvider/managedTerminationProtection";

export default definePolicy({
  id: "capacity-provider-termination-protection",
  title: "Auto Scaling group capacity providers have managed termination protection on",
  severity: "MEDIUM",
  resource: "CapacityProvider",
  controls: ["ECS.19"],
  practice: "C9: Manage EC2 capacity with capacity providers (nearest row: managed scaling)",
  rationale:
    "Without managed termination protection, the Auto Scaling group can terminate container instances that " +
    "still run tasks when it scales in: services lose capacity abruptly and standalone tasks, such as batch " +
    "or security agents, are killed without draining.",
  deviations:
    "As in Security Hub, only Auto Scaling group capacity providers are judged; FARGATE, FARGATE_SPOT and " +
    "ECS Managed Instances providers are not applicable. Like Security Hub, managed scaling is not checked, " +
    "although ECS accepts termination protection only with managed scaling on.",
  messages: {
    notSet: "managedTerminationProtection is not set, so it is DISABLED",
    disabled: "managedTerminationProtection is {{value}}",
    noAutoScalingGroup: "the capacity provider has no Auto Scaling group (Fargate or ECS Managed Instances)",
  },
  remediation: {
    recommendation:
      "Turn on managed scaling and set managedTerminationProtection to ENABLED on the capacity provider, and " +
      "turn on scale-in protection for new instances in its Auto Scaling group.",
    url: "https://docs.aws.amazon.com/AmazonECS/latest/developerguide/managed-termination-protection.html",
    fixable: true,
  },
  evaluate: ({ autoScalingGroupProvider: provider }) => {
    if (isUnresolved(provider)) return [undecided(provider)];
    if (provider === undefined) return [notApplicable("noAutoScalingGroup")];
    const protection = provider.managedTerminationProtection;
    if (isUnresolved(protection)) return [undecided(protection)];
    if (protection === "ENABLED") return [];
    return [
      protection === undefined
        ? violation("notSet", PATH)
        : violation("disabled", PATH, { value: protection }),
    ];
  },
});
