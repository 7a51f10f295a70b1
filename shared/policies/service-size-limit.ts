import * as z from "zod/mini";
import { isUnresolved } from "../model/resolvable.ts";
import { definePolicy, undecided, violation } from "./define-policy.ts";

/** Tasks the service scheduler launches per service per minute. */
const LAUNCHES_PER_MINUTE = 500;

export default definePolicy({
  id: "service-size-limit",
  title: "ECS services stay small enough to roll out quickly",
  severity: "INFORMATIONAL",
  resource: "Service",
  controls: [],
  practice: "E1: Split very large services; the scheduler launches 500 tasks per service per minute",
  rationale:
    "The ECS service scheduler starts at most 500 tasks per service per minute, so a very large service needs " +
    "minutes for every deployment, scale-out and recovery from a lost Availability Zone; ten services of 100 " +
    "tasks deploy faster than one of 1,000.",
  deviations:
    "Only desiredCount is judged: an Application Auto Scaling maximum above the limit (the catalog's second " +
    "check) is not visible from the service.",
  parameters: {
    maximumTasks: {
      description: "The largest desiredCount a service may have before it is reported.",
      schema: z.int().check(z.positive()),
      default: 500,
    },
  },
  messages: {
    oversized:
      "desiredCount is {{desired}}, above {{maximum}}: a full rollout takes at least {{minutes}} minutes at " +
      "500 task launches per minute",
  },
  remediation: {
    recommendation:
      "Split the workload into several smaller services (for example one per shard or Availability Zone) behind " +
      "the same load balancer target groups, or raise maximumTasks for this service if the rollout time is acceptable.",
    url: "https://docs.aws.amazon.com/AmazonECS/latest/developerguide/service-quotas.html",
    fixable: false,
  },
  evaluate: ({ desiredCount }, { parameters }) => {
    if (isUnresolved(desiredCount)) return [undecided(desiredCount)];
    if (desiredCount === undefined || desiredCount <= parameters.maximumTasks) return [];
    const minutes = Math.ceil(desiredCount / LAUNCHES_PER_MINUTE);
    return [
      violation("oversized", "/desiredCount", {
        desired: desiredCount,
        maximum: parameters.maximumTasks,
        minutes,
      }),
    ];
  },
});
