import { ec2InstanceIdOf } from "../../model/container-instance.ts";
import { isUnresolved } from "../../model/resolvable.ts";
import type { ContainerInstance, Ec2Instance } from "../../model/types.ts";
import { notApplicable, type Observation, type PolicyLookups, undecided, unknown } from "../define-policy.ts";

/** Where a container instance names its EC2 instance: the evidence path of what is read about that instance. */
export const EC2_INSTANCE_ID = "/ec2InstanceId";

export type Ec2InstanceMessageId = "external" | "instanceUnknown" | "instanceNotFound";

/** The messages of every policy that judges the EC2 instance behind a container instance. */
export const EC2_INSTANCE_MESSAGES = {
  external: "an external (ECS Anywhere) instance is no EC2 instance",
  instanceUnknown: "the EC2 instance {{instanceId}} could not be read: {{reason}}",
  instanceNotFound: "EC2 does not know the instance {{instanceId}} (terminated)",
} satisfies Record<Ec2InstanceMessageId, string>;

/**
 * The EC2 instance behind a container instance as the shell read it, or why it cannot be judged: an external
 * instance has none (not applicable), and one that was not read or that EC2 no longer knows is UNKNOWN.
 */
export function describedInstance(
  instance: ContainerInstance,
  lookups: PolicyLookups,
): { readonly described: Ec2Instance } | { readonly observations: Observation<Ec2InstanceMessageId>[] } {
  if (isUnresolved(instance.ec2InstanceId)) return { observations: [undecided(instance.ec2InstanceId)] };
  const instanceId = ec2InstanceIdOf(instance);
  if (instanceId === undefined) return { observations: [notApplicable("external")] };
  const described = lookups.ec2Instance(instanceId);
  if (isUnresolved(described)) {
    const data = { instanceId, reason: described.unresolved };
    return { observations: [unknown("instanceUnknown", EC2_INSTANCE_ID, data)] };
  }
  if (described === undefined) {
    return { observations: [unknown("instanceNotFound", EC2_INSTANCE_ID, { instanceId })] };
  }
  return { described };
}
