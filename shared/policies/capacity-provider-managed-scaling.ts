import { isUnresolved } from "../model/resolvable.ts";
import { definePolicy, notApplicable, undecided, violation } from "./define-policy.ts";

export default definePolicy({
  id: "capacity-provider-managed-scaling",
  title: "ECS Auto Scaling group capacity providers scale their instances with managed scaling",
  severity: "LOW",
  resource: "CapacityProvider",
  controls: [],
  practice: "C9: Turn on managed scaling for Auto Scaling group capacity providers",
  rationale:
    "Without managed scaling, ECS does not grow the Auto Scaling group when tasks cannot be placed or shrink it " +
    "when instances are idle: tasks wait in PROVISIONING during a scale-out or a zone failure, and idle " +
    "instances keep costing money, unless separate alarms and policies are maintained by hand.",
  messages: {
    managedScalingOff: "managedScaling.status is {{status}}: ECS does not scale the Auto Scaling group",
    noAutoScalingGroup: "the capacity provider has no Auto Scaling group (Fargate or ECS-managed instances)",
  },
  remediation: {
    recommendation:
      "Update the capacity provider with autoScalingGroupProvider.managedScaling.status ENABLED and a " +
      "targetCapacity (100, or lower to keep spare instances); ECS then owns the group's desired capacity.",
    url: "https://docs.aws.amazon.com/AmazonECS/latest/developerguide/asg-capacity-providers.html",
    fixable: false,
  },
  evaluate: ({ autoScalingGroupProvider: provider }) => {
    if (isUnresolved(provider)) return [undecided(provider)];
    if (provider === undefined) return [notApplicable("noAutoScalingGroup")];
    const { managedScaling } = provider;
    if (isUnresolved(managedScaling)) return [undecided(managedScaling)];
    const status = managedScaling?.status;
    if (isUnresolved(status)) return [undecided(status)];
    if (status === "ENABLED") return [];
    return [
      violation("managedScalingOff", "/autoScalingGroupProvider/managedScaling/status", {
        status: status ?? "not set",
      }),
    ];
  },
});
