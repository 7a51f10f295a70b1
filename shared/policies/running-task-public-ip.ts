import { isUnresolved } from "../model/resolvable.ts";
import { taskNetworkInterfaces } from "../model/running-task.ts";
import {
  definePolicy,
  notApplicable,
  type Observation,
  undecided,
  unknown,
  violation,
} from "./define-policy.ts";

type MessageId = "publicIp" | "interfaceUnknown" | "noNetworkInterface";

export default definePolicy({
  id: "running-task-public-ip",
  title: "Running ECS tasks have no public IP address on their network interface",
  severity: "HIGH",
  resource: "RunningTask",
  controls: [],
  practice:
    "B1: Keep tasks in private subnets; receive internet traffic through a load balancer (runtime check)",
  rationale:
    "A public IP on a task's network interface makes the task reachable from the internet wherever its " +
    "security group allows. Launch settings only say what was asked for; this checks what each running task " +
    "really has, whether a service or a person started it, and also tasks launched before the guardrail was " +
    "deployed or given an Elastic IP by hand.",
  deviations:
    "Only public IPv4 addresses are judged (the associations of the interface's private addresses): an IPv6 " +
    "address of a dual-stack task is reachable whenever its subnet routes to an internet gateway, which the " +
    "interface does not say. Tasks without their own interface (bridge and host mode on EC2) use their " +
    "container instance's address and are not applicable. A task whose interface no longer exists has " +
    "stopped: it gets no finding from that event, and its STOPPED event archives its findings.",
  messages: {
    publicIp: "network interface {{networkInterface}} has the public IP address {{publicIps}}",
    interfaceUnknown: "network interface {{networkInterface}} cannot be read: {{reason}}",
    noNetworkInterface:
      "the task has no network interface of its own (bridge or host network mode), so it uses its container " +
      "instance's address",
  } satisfies Record<MessageId, string>,
  remediation: {
    recommendation:
      "Run the task in private subnets with assignPublicIp DISABLED (in the service, RunTask call or schedule " +
      "that starts it), reach the internet through a NAT gateway or VPC endpoints, and receive traffic through " +
      "a load balancer; then replace the running tasks.",
    url: "https://docs.aws.amazon.com/AmazonECS/latest/developerguide/networking-outbound.html",
    fixable: true,
  },
  needs: ["networkInterface"],
  evaluate: (task, { lookups }) => {
    const interfaces = taskNetworkInterfaces(task);
    if (interfaces.length === 0) return [notApplicable<MessageId>("noNetworkInterface")];
    return interfaces.flatMap((entry): Observation<MessageId>[] => {
      if (isUnresolved(entry)) return [undecided(entry)];
      const networkInterface = entry.networkInterfaceId;
      const found = lookups.networkInterface(networkInterface);
      if (isUnresolved(found)) {
        return [unknown("interfaceUnknown", entry.at, { networkInterface, reason: found.unresolved })];
      }
      if (found.publicIps.length === 0) return [];
      return [violation("publicIp", entry.at, { networkInterface, publicIps: found.publicIps.join(", ") })];
    });
  },
});
