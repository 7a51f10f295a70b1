import { definePolicy, notApplicable } from "./define-policy.ts";
import { judgeValue, otherSetting } from "./utils/account-settings.ts";
import { CONTAINER_INSIGHTS_ON } from "./utils/container-insights.ts";

export default definePolicy({
  id: "account-container-insights-default",
  title: "The ECS account default turns Container Insights on for new clusters",
  severity: "LOW",
  resource: "AccountSetting",
  controls: [],
  practice: "B17: Turn on CloudWatch Container Insights (the account default)",
  rationale:
    "Clusters created without a containerInsights setting take the account default. With the default off, every " +
    "new cluster starts without per-task and per-container metrics until someone turns them on, and what ran on " +
    "it until then leaves nothing to investigate.",
  deviations:
    "Only the account default is judged: a principal's own containerInsights setting is not applicable, because " +
    "the clusters it creates are judged themselves (cluster-container-insights, ECS.12). As there, enhanced " +
    "counts as on.",
  messages: {
    otherSetting: "the setting is not containerInsights",
    principalSetting: "the setting is a principal's own, not the account default",
    noValue: "the call recorded no value for {{name}}",
    off: "the account default of {{name}} is {{value}}, so new clusters start without Container Insights",
  },
  remediation: {
    recommendation:
      'Set the containerInsights account default to "enhanced" or "enabled" (aws ecs ' +
      "put-account-setting-default --name containerInsights --value enhanced); existing clusters keep their own " +
      "setting.",
    url: "https://docs.aws.amazon.com/AmazonECS/latest/developerguide/cloudwatch-container-insights.html",
    fixable: false,
  },
  evaluate: (setting) =>
    otherSetting(setting, ["containerInsights"]) ??
    (setting.accountDefault
      ? judgeValue(setting, CONTAINER_INSIGHTS_ON)
      : [notApplicable("principalSetting")]),
});
