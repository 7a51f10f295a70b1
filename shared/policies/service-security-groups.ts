import { definePolicy } from "./define-policy.ts";
import { securityGroupObservations } from "./utils/service-awsvpc-security-groups.ts";

export default definePolicy({
  id: "service-security-groups",
  title: "ECS services name their own security groups for awsvpc tasks",
  severity: "MEDIUM",
  resource: "Service",
  controls: [],
  practice: "A12: Give each service its own security group, never the VPC default",
  rationale:
    "An awsvpc service that names no security group gets the VPC's default security group, which every other " +
    "resource without a group also gets and which by default admits all traffic from its members: the service's " +
    "tasks become reachable from unrelated workloads, and no rule can be scoped to this service alone.",
  deviations:
    "Only an absent or empty list is judged: a listed group that is itself the VPC's default group (the catalog's " +
    "second check) needs an EC2 lookup the policy cannot make.",
  messages: {
    defaultSecurityGroup:
      "awsvpcConfiguration names no security groups: the tasks get the VPC's default security group",
    noAwsvpc:
      "the service has no awsvpc configuration: its tasks use the container instances' security groups",
  },
  remediation: {
    recommendation:
      "Create a security group for the service that admits only its load balancer's or callers' security groups " +
      "on the container port, and update the service's awsvpcConfiguration.securityGroups to it.",
    url: "https://docs.aws.amazon.com/AmazonECS/latest/developerguide/security-network.html",
    fixable: false,
  },
  evaluate: (service) => securityGroupObservations(service.networkConfiguration),
});
