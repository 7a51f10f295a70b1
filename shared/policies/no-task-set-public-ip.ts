import { definePolicy } from "./define-policy.ts";
import { publicIpObservations } from "./utils/public-ip.ts";

export default definePolicy({
  id: "no-task-set-public-ip",
  title: "ECS task sets do not assign public IP addresses automatically",
  severity: "HIGH",
  resource: "TaskSet",
  controls: ["ECS.16"],
  practice: "B1: Keep tasks in private subnets; receive internet traffic through a load balancer",
  rationale:
    "Task sets (blue/green and external deployments) launch tasks like a service does: with a public IP each " +
    "task is reachable from the internet wherever its security group allows.",
  messages: {
    publicIp: "assignPublicIp is {{value}}",
  },
  remediation: {
    recommendation:
      "Create a replacement task set with assignPublicIp DISABLED and private subnets, shift traffic to it, and " +
      "delete the old task set.",
    url: "https://docs.aws.amazon.com/AmazonECS/latest/developerguide/deployment-type-external.html",
    fixable: true,
  },
  evaluate: (taskSet) => publicIpObservations(taskSet.networkConfiguration),
});
