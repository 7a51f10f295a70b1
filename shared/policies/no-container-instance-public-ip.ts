import type { HostedTask } from "../model/container-instance.ts";
import { isUnresolved } from "../model/resolvable.ts";
import { definePolicy, type Observation, unknown, violation } from "./define-policy.ts";
import {
  describedInstance,
  EC2_INSTANCE_ID,
  EC2_INSTANCE_MESSAGES,
  type Ec2InstanceMessageId,
} from "./utils/ec2-instance.ts";

type MessageId = Ec2InstanceMessageId | "publicIp" | "addressUnknown" | "tasksUnknown" | "networkModeUnknown";

/** Network modes whose tasks publish nothing on the instance's address: awsvpc tasks have interfaces of their own. */
const UNEXPOSED_NETWORK_MODES: ReadonlySet<string> = new Set(["awsvpc", "none"]);

export default definePolicy({
  id: "no-container-instance-public-ip",
  title: "Container instances that run bridge or host mode tasks have no public IP address",
  severity: "MEDIUM",
  resource: "ContainerInstance",
  controls: [],
  practice:
    "B3: Keep container instances in private subnets; bridge and host mode containers share their address",
  rationale:
    "The ports that bridge and host mode tasks publish are ports of the instance itself: with a public IP address, " +
    "each of them is reachable from the internet wherever the instance's security groups let traffic in, past any " +
    "load balancer, and the containers reach the internet from that address. awsvpc tasks get network interfaces " +
    "of their own, which never have a public IP on EC2.",
  deviations:
    "Only the instance's public IPv4 address is read (DescribeInstances PublicIpAddress: auto-assigned or an " +
    "Elastic IP); IPv6 addresses and security group rules are not. The tasks are those ECS wants running on the " +
    "instance when the event arrives (ListTasks): each task placed or stopped sends the event again, so the " +
    "verdict follows them. They are listed only for an instance with a public address; one without passes " +
    "whatever it runs. A task definition without a network mode uses the platform's default (bridge on Linux, " +
    "NAT on Windows), which publishes on the instance's address. External (ECS Anywhere) instances are not " +
    "applicable.",
  messages: {
    ...EC2_INSTANCE_MESSAGES,
    publicIp:
      "the instance has the public IP address {{address}} and runs {{tasks}} task(s) of {{taskDefinition}} in " +
      "{{networkMode}} network mode, whose published ports are the instance's",
    addressUnknown: "the public address of the EC2 instance is not known: {{reason}}",
    tasksUnknown:
      "the tasks on the instance, which has the public IP address {{address}}, are not known: {{reason}}",
    networkModeUnknown:
      "the network mode of {{taskDefinition}}, run by a task on the instance with the public IP address " +
      "{{address}}, is not known: {{reason}}",
  } satisfies Record<MessageId, string>,
  remediation: {
    recommendation:
      "Launch container instances in private subnets without public IP addresses (the launch template's " +
      "AssociatePublicIpAddress false, or the subnet's MapPublicIpOnLaunch off) and receive traffic through a load " +
      "balancer; or run the tasks in awsvpc network mode. An Elastic IP can be disassociated.",
    url: "https://docs.aws.amazon.com/AmazonECS/latest/bestpracticesguide/networking-connecting-vpc.html",
    fixable: false,
  },
  needs: ["ec2Instance", "containerInstanceTasks"],
  evaluate: (instance, { lookups }) => {
    const lookup = describedInstance(instance, lookups);
    if ("observations" in lookup) return lookup.observations;
    const { described } = lookup;
    const address = described.PublicIpAddress;
    if (isUnresolved(address)) {
      return [unknown("addressUnknown", EC2_INSTANCE_ID, { reason: address.unresolved })];
    }
    if (address === undefined || address.trim() === "") return [];
    const tasks =
      instance.arn === undefined
        ? { unresolved: "the event names no container instance ARN", at: "" }
        : lookups.containerInstanceTasks(instance.arn);
    if (isUnresolved(tasks)) {
      return [unknown("tasksUnknown", EC2_INSTANCE_ID, { address, reason: tasks.unresolved })];
    }
    return exposure(tasks, address);
  },
});

/**
 * One violation per task definition whose tasks publish on the instance's address, and one UNKNOWN per task
 * definition whose network mode is not known.
 */
function exposure(tasks: readonly HostedTask[], address: string): Observation<MessageId>[] {
  const byTaskDefinition = new Map<string, { task: HostedTask; count: number }>();
  for (const task of tasks) {
    const key =
      typeof task.taskDefinitionArn === "string" ? task.taskDefinitionArn : "a task definition not named";
    const entry = byTaskDefinition.get(key);
    byTaskDefinition.set(key, { task, count: (entry?.count ?? 0) + 1 });
  }
  return [...byTaskDefinition].flatMap(([taskDefinition, { task, count }]): Observation<MessageId>[] => {
    const { networkMode } = task;
    if (isUnresolved(networkMode)) {
      return [
        unknown("networkModeUnknown", EC2_INSTANCE_ID, {
          taskDefinition,
          address,
          reason: networkMode.unresolved,
        }),
      ];
    }
    if (networkMode !== undefined && UNEXPOSED_NETWORK_MODES.has(networkMode)) return [];
    return [
      violation("publicIp", EC2_INSTANCE_ID, {
        address,
        tasks: count,
        taskDefinition,
        networkMode: networkMode ?? "the default (bridge, or NAT on Windows)",
      }),
    ];
  });
}
