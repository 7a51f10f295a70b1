import { definePolicy } from "./define-policy.ts";
import { securityGroupObservations } from "./utils/service-awsvpc-security-groups.ts";

export default definePolicy({
  id: "task-security-groups",
  title: "Standalone ECS tasks are launched with their own security groups",
  severity: "MEDIUM",
  resource: "Task",
  controls: [],
  practice: "A12: Give each service its own security group, never the VPC default",
  rationale:
    "A RunTask, StartTask or scheduled launch that names no security group puts the task in the VPC's default " +
    "security group, shared with every other resource that names none: a batch job becomes reachable from, and " +
    "can reach, unrelated workloads.",
  deviations:
    "Only an absent or empty list is judged: a listed group that is itself the VPC's default group (the catalog's " +
    "second check) needs an EC2 lookup the policy cannot make.",
  messages: {
    defaultSecurityGroup:
      "the task was launched with no security groups: it gets the VPC's default security group",
    noAwsvpc:
      "the task was launched without an awsvpc configuration: it uses its container instance's security groups",
  },
  remediation: {
    recommendation:
      "Name a dedicated security group in the launch's awsvpcConfiguration.securityGroups (RunTask, StartTask or " +
      "the schedule's EcsParameters) that allows only the traffic the task needs.",
    url: "https://docs.aws.amazon.com/AmazonECS/latest/developerguide/security-network.html",
    fixable: false,
  },
  evaluate: (task) => securityGroupObservations(task.networkConfiguration),
});
