import { isUnresolved } from "../model/resolvable.ts";
import { definePolicy, notApplicable, undecided, unknown, violation } from "./define-policy.ts";
import { ATTRIBUTES, registersAttribute } from "./utils/agent-attributes.ts";

/** Registered while awsvpc task networking is on (not on external instances, which never run awsvpc tasks). */
const TASK_ENI = "ecs.capability.task-eni";
/** Registered only with task networking on and ECS_AWSVPC_BLOCK_IMDS=true (amazon-ecs-agent agent_capability.go). */
const BLOCK_INSTANCE_METADATA = "ecs.capability.task-eni-block-instance-metadata";

export default definePolicy({
  id: "container-instance-awsvpc-imds-blocked",
  title: "Container instances keep awsvpc tasks from the EC2 instance metadata service",
  severity: "HIGH",
  resource: "ContainerInstance",
  controls: [],
  practice: "J1: Block EC2 instance metadata for awsvpc tasks (ECS_AWSVPC_BLOCK_IMDS=true)",
  rationale:
    "Containers of awsvpc tasks on an EC2 container instance can reach its instance metadata service and take the " +
    "instance role's credentials, which are meant for the ECS agent: every task on the instance then holds the " +
    "instance role's permissions, whatever its own task role allows. The agent setting ECS_AWSVPC_BLOCK_IMDS=true " +
    "blocks the metadata service for awsvpc tasks.",
  deviations:
    "The setting is read from the attributes the agent registers: it registers " +
    "ecs.capability.task-eni-block-instance-metadata only when ECS_AWSVPC_BLOCK_IMDS is true and awsvpc task " +
    "networking (ecs.capability.task-eni) is on, so an instance without ecs.capability.task-eni runs no awsvpc " +
    "tasks and is not applicable (external instances never do). Bridge tasks are judged through the instance's " +
    "metadata options (container-instance-imds-hardened); the iptables rule that also protects them is invisible " +
    "to the API. The attribute com.amazonaws.ecs.capability.task-iam-role-network-host " +
    "(ECS_ENABLE_TASK_IAM_ROLE_NETWORK_HOST) is deliberately not judged (catalog J3): it lets host mode tasks use " +
    "their task roles, and turning it off keeps no host network container from the metadata service, it only " +
    "leaves them the instance role; host mode itself is judged on task definitions (no-host-network-mode).",
  messages: {
    notBlocked:
      "the agent runs awsvpc tasks (ecs.capability.task-eni) but does not register " +
      "ecs.capability.task-eni-block-instance-metadata: ECS_AWSVPC_BLOCK_IMDS is not true",
    attributesNotReported: "the event lists none of the attributes the agent registered",
    noAwsvpc: "the agent runs no awsvpc tasks (no ecs.capability.task-eni attribute)",
  },
  remediation: {
    recommendation:
      "Set ECS_AWSVPC_BLOCK_IMDS=true in /etc/ecs/ecs.config through the launch template's user data and replace " +
      "the instances (an instance refresh of the Auto Scaling group); give tasks that call AWS a task role instead.",
    url: "https://docs.aws.amazon.com/AmazonECS/latest/developerguide/ec2-security-considerations.html",
    fixable: false,
  },
  evaluate: (instance) => {
    const awsvpc = registersAttribute(instance, TASK_ENI);
    if (awsvpc === undefined) return [unknown("attributesNotReported", ATTRIBUTES)];
    if (isUnresolved(awsvpc)) return [undecided(awsvpc)];
    if (!awsvpc) return [notApplicable("noAwsvpc")];
    const blocked = registersAttribute(instance, BLOCK_INSTANCE_METADATA);
    if (isUnresolved(blocked)) return [undecided(blocked)];
    return blocked ? [] : [violation("notBlocked", ATTRIBUTES)];
  },
});
