import {
  DescribeCapacityProvidersCommand,
  type CapacityProvider as DescribedCapacityProvider,
  UpdateCapacityProviderCommand,
} from "@aws-sdk/client-ecs";
import { isUnresolved } from "../../model/resolvable.ts";
import { type ApiCall, defineAction, planCall, precluded } from "./action.ts";
import { describedOne } from "./described.ts";

const ID = "enable-managed-termination-protection";

interface UpdateCapacityProviderInput {
  readonly name: string;
  readonly autoScalingGroupProvider: { readonly managedTerminationProtection: "ENABLED" };
}

export default defineAction<"CapacityProvider", UpdateCapacityProviderInput>({
  id: ID,
  description:
    "Turns on managed termination protection of an Auto Scaling group capacity provider that has managed scaling on.",
  policies: ["capacity-provider-termination-protection"],
  resources: ["CapacityProvider"],
  permissions: [
    {
      actions: ["ecs:DescribeCapacityProviders", "ecs:UpdateCapacityProvider"],
      resources: [{ arn: "arn:{partition}:ecs:{region}:{account}:capacity-provider/*" }],
      scopableBy: ["aws:ResourceTag"],
    },
  ],
  plan(provider) {
    const { name, autoScalingGroupProvider: group } = provider;
    if (name === undefined || isUnresolved(name))
      return precluded("the capacity provider's name is not known");
    const scaling = group === undefined || isUnresolved(group) ? group : group.managedScaling;
    const status = scaling === undefined || isUnresolved(scaling) ? scaling : scaling.status;
    // ECS refuses termination protection without managed scaling, and it protects nothing unless the Auto Scaling
    // group protects new instances from scale-in, which only a person can decide for the group.
    if (status !== "ENABLED") {
      return precluded(
        "managed termination protection needs managed scaling on (and the Auto Scaling group's instance scale-in " +
          "protection): turn managed scaling on first",
      );
    }
    return planCall(ID, {
      service: "ecs",
      operation: "UpdateCapacityProvider",
      input: { name, autoScalingGroupProvider: { managedTerminationProtection: "ENABLED" } },
    });
  },
  async apply(plan, clients) {
    const check: ApiCall<{ capacityProviders: string[] }> = {
      service: "ecs",
      operation: "DescribeCapacityProviders",
      input: { capacityProviders: [plan.call.input.name] },
    };
    const described = await clients.ecs.send(new DescribeCapacityProvidersCommand(check.input));
    const found: DescribedCapacityProvider | undefined = describedOne(
      check,
      described.capacityProviders,
      described.failures,
    );
    if (found === undefined || found.status === "INACTIVE") return { kind: "gone", calls: [check] };
    if (found.autoScalingGroupProvider?.managedTerminationProtection === "ENABLED") {
      return { kind: "already-fixed", calls: [check] };
    }
    await clients.ecs.send(
      new UpdateCapacityProviderCommand({
        name: plan.call.input.name,
        autoScalingGroupProvider: { ...plan.call.input.autoScalingGroupProvider },
      }),
    );
    return { kind: "changed", calls: [check, plan.call] };
  },
});
