import { isUnresolved } from "../model/resolvable.ts";
import { definePolicy, notApplicable, undecided, violation } from "./define-policy.ts";

/** Cloud Map instances per service: a hard quota, not adjustable. */
const CLOUD_MAP_INSTANCE_LIMIT = 1000;

export default definePolicy({
  id: "cloud-map-task-limit",
  title: "ECS services registered in Cloud Map stay within its 1,000-task limit",
  severity: "MEDIUM",
  resource: "Service",
  controls: [],
  practice: "B16: Keep service-discovery services within Cloud Map's 1,000 tasks",
  rationale:
    "AWS Cloud Map holds at most 1,000 instances per service, and the quota cannot be raised. An ECS service " +
    "that registers its tasks there and asks for more cannot register the extra tasks: clients never discover " +
    "them, and scaling out silently stops adding capacity.",
  deviations:
    "Only desiredCount is judged: an Application Auto Scaling maximum above 1,000 (the catalog's second check) " +
    "is not visible from the service.",
  messages: {
    overLimit:
      "desiredCount is {{desired}} while the service registers its tasks in Cloud Map, which holds at most 1,000",
    noServiceDiscovery: "the service registers no tasks in Cloud Map (no serviceRegistries)",
  },
  remediation: {
    recommendation:
      "Split the workload into several services of at most 1,000 tasks each (each with its own Cloud Map " +
      "service), or front it with a load balancer instead of service discovery.",
    url: "https://docs.aws.amazon.com/AmazonECS/latest/developerguide/service-discovery.html",
    fixable: false,
  },
  evaluate: ({ serviceRegistries, desiredCount }) => {
    if (isUnresolved(serviceRegistries)) return [undecided(serviceRegistries)];
    if (serviceRegistries === undefined || serviceRegistries.length === 0)
      return [notApplicable("noServiceDiscovery")];
    if (isUnresolved(desiredCount)) return [undecided(desiredCount)];
    if (desiredCount === undefined || desiredCount <= CLOUD_MAP_INSTANCE_LIMIT) return [];
    return [violation("overLimit", "/desiredCount", { desired: desiredCount })];
  },
});
