import { definePolicy } from "./define-policy.ts";
import { publicIpObservations } from "./utils/public-ip.ts";

export default definePolicy({
  id: "no-service-public-ip",
  title: "ECS services do not assign public IP addresses automatically",
  severity: "HIGH",
  resource: "Service",
  controls: ["ECS.2"],
  practice: "B1: Keep tasks in private subnets; receive internet traffic through a load balancer",
  rationale:
    "A task with a public IP is reachable from the internet wherever its security group allows, bypassing the " +
    "load balancer, WAF and logging that should front it.",
  deviations:
    "As in Security Hub, a service without an awsvpc configuration passes, even when its container instances " +
    "have public IPs.",
  messages: {
    publicIp: "assignPublicIp is {{value}}",
  },
  remediation: {
    recommendation:
      "Update the service with assignPublicIp DISABLED in its awsvpc configuration and private subnets; reach " +
      "the internet through a NAT gateway or VPC endpoints, and receive traffic through a load balancer.",
    url: "https://docs.aws.amazon.com/AmazonECS/latest/developerguide/networking-outbound.html",
    fixable: true,
  },
  evaluate: (service) => publicIpObservations(service.networkConfiguration),
});
