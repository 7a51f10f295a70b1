import { isUnresolved, type Unresolved } from "../model/resolvable.ts";
import { definePolicy, type Observation, undecided, violation } from "./define-policy.ts";
import { CONTAINER_INSIGHTS_ON } from "./utils/container-insights.ts";

export default definePolicy({
  id: "cluster-container-insights",
  title: "ECS clusters have CloudWatch Container Insights turned on",
  severity: "MEDIUM",
  resource: "Cluster",
  controls: ["ECS.12"],
  practice: "B17: Turn on CloudWatch Container Insights",
  rationale:
    "Container Insights records per-task and per-container CPU, memory, network and restart metrics. Without " +
    "them, crypto-mining, resource exhaustion or a crash-looping compromised task goes unnoticed, and an " +
    "investigation has no history of what ran.",
  deviations:
    "The value enhanced (Container Insights with enhanced observability) counts as on: Security Hub's docs do not " +
    "say, and AWS's Control Tower rule CT.ECS.PR.2 predates it and accepts only enabled. A cluster without the " +
    "setting fails, as in both, though ECS then applies the account default (containerInsights account setting).",
  messages: {
    notSet:
      "the cluster has no containerInsights setting (it takes the account default, which is disabled unless " +
      "changed)",
    off: "containerInsights is {{value}}",
  },
  remediation: {
    recommendation:
      'Update the cluster settings with containerInsights set to "enhanced" or "enabled" (ClusterSettings in ' +
      "CloudFormation); set the containerInsights account default so new clusters start with it.",
    url: "https://docs.aws.amazon.com/AmazonECS/latest/developerguide/cloudwatch-container-insights.html",
    fixable: true,
  },
  evaluate: ({ settings }): readonly Observation<"notSet" | "off">[] => {
    if (isUnresolved(settings)) return [undecided(settings)];
    const undecidable: Unresolved[] = [];
    const off: Observation<"off">[] = [];
    for (const [index, setting] of (settings ?? []).entries()) {
      const name = isUnresolved(setting) ? setting : setting.name;
      if (isUnresolved(name)) undecidable.push(name);
      if (isUnresolved(setting) || name !== "containerInsights") continue;
      const { value } = setting;
      if (isUnresolved(value)) undecidable.push(value);
      else if (value !== undefined && CONTAINER_INSIGHTS_ON.includes(value)) return [];
      else off.push(violation("off", `/settings/${index}/value`, { value: value ?? "not set" }));
    }
    if (undecidable.length > 0) return undecidable.map(undecided);
    return off.length > 0 ? off : [violation("notSet", "/settings")];
  },
});
