import { definePolicy } from "./define-policy.ts";
import { securityGroupObservations } from "./utils/service-awsvpc-security-groups.ts";

export default definePolicy({
  id: "task-set-security-groups",
  title: "ECS task sets name their own security groups for awsvpc tasks",
  severity: "MEDIUM",
  resource: "TaskSet",
  controls: [],
  practice: "A12: Give each service its own security group, never the VPC default",
  rationale:
    "A task set (blue/green or external deployment) that names no security group launches its tasks in the VPC's " +
    "default security group, shared with every other resource that names none: the new tasks become reachable " +
    "from unrelated workloads, whatever the service's previous task set allowed.",
  deviations:
    "Only an absent or empty list is judged: a listed group that is itself the VPC's default group (the catalog's " +
    "second check) needs an EC2 lookup the policy cannot make.",
  messages: {
    defaultSecurityGroup:
      "awsvpcConfiguration names no security groups: the task set's tasks get the VPC's default security group",
    noAwsvpc:
      "the task set has no awsvpc configuration: its tasks use the container instances' security groups",
  },
  remediation: {
    recommendation:
      "Create a replacement task set whose awsvpcConfiguration.securityGroups names the service's own security " +
      "group, shift traffic to it, and delete the old task set.",
    url: "https://docs.aws.amazon.com/AmazonECS/latest/developerguide/security-network.html",
    fixable: false,
  },
  evaluate: (taskSet) => securityGroupObservations(taskSet.networkConfiguration),
});
