import { isUnresolved } from "../model/resolvable.ts";
import { definePolicy, notApplicable, undecided, violation } from "./define-policy.ts";
import { canRunOnEc2, compatibilitiesOf } from "./utils/container-platform.ts";

export default definePolicy({
  id: "awsvpc-network-mode",
  title: "ECS task definitions that can run on EC2 use the awsvpc network mode",
  severity: "LOW",
  resource: "TaskDefinition",
  controls: [],
  practice: "A10: Use the awsvpc network mode with a security group per service",
  rationale:
    "In awsvpc mode each task gets its own network interface: its own security groups, private IP and VPC flow " +
    "logs, so access can be granted per service. In bridge mode every task on an instance shares the " +
    "instance's security groups and address, so any rule opened for one task is open to all of them.",
  deviations:
    "Unlike AWS Control Tower's CT.ECS.PR.4: host mode is not applicable here (no-host-network-mode, Security Hub " +
    "ECS.17, judges it); Fargate-only and ECS Anywhere-only task definitions are not applicable (Fargate is " +
    "always awsvpc, ECS Anywhere has none); an empty requiresCompatibilities and MANAGED_INSTANCES are judged as " +
    "EC2, which CT skips; and a network mode from an unresolved function is UNKNOWN, which CT fails.",
  messages: {
    bridge: "networkMode is {{mode}}: tasks share the instance's network and security groups",
    noNetwork:
      "networkMode is none: use awsvpc to give the task its own network interface if it needs any network",
    hostMode: "host network mode is judged by no-host-network-mode",
    fargateOrAnywhere:
      "the task definition runs only on Fargate, which always uses awsvpc, or ECS Anywhere, which offers no awsvpc",
  },
  remediation: {
    recommendation:
      "Register a new revision with networkMode awsvpc and give each service its own security group in its " +
      "awsvpcConfiguration; on EC2, enable ENI trunking (awsvpcTrunking) if instances run many tasks.",
    url: "https://docs.aws.amazon.com/AmazonECS/latest/developerguide/task-networking-awsvpc.html",
    fixable: false,
  },
  evaluate: (taskDefinition) => {
    const compatibilities = compatibilitiesOf(taskDefinition);
    if (isUnresolved(compatibilities)) return [undecided(compatibilities)];
    if (!canRunOnEc2(compatibilities)) return [notApplicable("fargateOrAnywhere")];
    const { networkMode } = taskDefinition;
    if (isUnresolved(networkMode)) return [undecided(networkMode)];
    switch (networkMode) {
      case "awsvpc":
        return [];
      case "host":
        return [notApplicable("hostMode")];
      case "none":
        return [violation("noNetwork", "/networkMode")];
      case undefined:
        return [violation("bridge", "/networkMode", { mode: "not set (bridge by default; NAT on Windows)" })];
      default:
        return [violation("bridge", "/networkMode", { mode: networkMode })];
    }
  },
});
