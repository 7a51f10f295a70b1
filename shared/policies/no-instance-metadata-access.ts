import { isUnresolved } from "../model/resolvable.ts";
import type { TaskDefinition } from "../model/types.ts";
import { definePolicy, undecided, unknown, violation } from "./define-policy.ts";
import { canRunOnEc2, compatibilitiesOf } from "./utils/container-platform.ts";
import { OPERATING_SYSTEM_PATH, operatingSystemOf } from "./utils/operating-system.ts";

export default definePolicy({
  id: "no-instance-metadata-access",
  title: "ECS task containers cannot reach the EC2 instance metadata service",
  severity: "HIGH",
  resource: "TaskDefinition",
  controls: [],
  practice: "J1/J2/J5: Block container access to the EC2 instance metadata (169.254.169.254)",
  rationale:
    "A container that reaches the EC2 instance metadata service can take the instance role's credentials and act " +
    "with the permissions of every task on the instance, escaping its own task role. On EC2 this is the default " +
    "for bridge and awsvpc tasks until the container instance blocks it, and host-mode tasks can never be kept out.",
  deviations:
    "Beyond Security Hub, which has no such control. The verdict on bridge and awsvpc task definitions relies on " +
    "the container instances' settings named in the finding; those are checked on the instances themselves from " +
    "container instance events. Fargate and ECS Anywhere tasks pass: they run on no EC2 instance of the account.",
  messages: {
    hostNetwork:
      "networkMode host shares the instance's network: containers always reach the instance metadata service " +
      "(169.254.169.254) and the instance role's credentials; no instance setting prevents it",
    bridgeNetwork:
      "networkMode {{mode}} on EC2: containers reach the instance metadata service (169.254.169.254) and the " +
      "instance role's credentials unless the container instance drops traffic from docker+ to 169.254.169.254 " +
      "(iptables) or requires IMDSv2 with a hop limit of 1",
    awsvpcNetwork:
      "networkMode awsvpc on EC2: containers reach the instance metadata service (169.254.169.254) and the " +
      "instance role's credentials unless the container instance's agent sets ECS_AWSVPC_BLOCK_IMDS=true or the " +
      "instance requires IMDSv2 with a hop limit of 1",
    windows:
      "Windows containers on EC2: whether they reach the instance metadata service depends on the container " +
      "instance, which the task definition does not show",
  },
  remediation: {
    recommendation:
      "Prefer awsvpc network mode and block instance metadata on the container instances: ECS_AWSVPC_BLOCK_IMDS=true " +
      "in /etc/ecs/ecs.config for awsvpc tasks, an iptables rule dropping docker+ traffic to 169.254.169.254 for " +
      "bridge tasks, and IMDSv2 required with a hop limit of 1 in the launch template. Avoid host network mode.",
    url: "https://docs.aws.amazon.com/AmazonECS/latest/developerguide/security-iam-roles.html",
    fixable: false,
  },
  evaluate: (taskDefinition) => {
    const compatibilities = compatibilitiesOf(taskDefinition);
    if (isUnresolved(compatibilities)) return [undecided(compatibilities)];
    if (!canRunOnEc2(compatibilities)) return [];
    const operatingSystem = operatingSystemOf(taskDefinition);
    if (isUnresolved(operatingSystem)) return [undecided(operatingSystem)];
    if (operatingSystem === "windows") return [unknown("windows", OPERATING_SYSTEM_PATH)];
    return networkModeObservations(taskDefinition);
  },
});

function networkModeObservations({ networkMode }: TaskDefinition) {
  if (isUnresolved(networkMode)) return [undecided(networkMode)];
  switch (networkMode) {
    case "none":
      return [];
    case "host":
      return [violation("hostNetwork", "/networkMode")];
    case "awsvpc":
      return [violation("awsvpcNetwork", "/networkMode")];
    case undefined:
      return [violation("bridgeNetwork", "/networkMode", { mode: "bridge (the default)" })];
    default:
      return [violation("bridgeNetwork", "/networkMode", { mode: networkMode })];
  }
}
