import { definePolicy } from "./define-policy.ts";
import { judgeValue, otherSetting } from "./utils/account-settings.ts";

export default definePolicy({
  id: "account-tag-resource-authorization",
  title: "ECS authorizes the tags given to resources at creation (tagResourceAuthorization)",
  severity: "LOW",
  resource: "AccountSetting",
  controls: [],
  practice: "A14: Tags drive IAM conditions (ABAC), so only authorized principals set them",
  rationale:
    "With tagResourceAuthorization off, a principal allowed to create an ECS resource may tag it at creation " +
    "without the ecs:TagResource permission, so IAM conditions on the tags a request sets do not apply. Where " +
    "policies grant access by tag, that lets a principal give its new clusters, services or tasks the tags that " +
    "unlock other permissions.",
  deviations:
    "Each setting is judged when it changes: the account default and every principal's own, since a principal's " +
    "own setting exempts what it creates.",
  messages: {
    otherSetting: "the setting is not tagResourceAuthorization",
    noValue: "the call recorded no value for {{name}}",
    off: "{{name}} is {{value}}, so tags given at creation need no ecs:TagResource permission",
  },
  remediation: {
    recommendation:
      "Grant ecs:TagResource, with the ecs:CreateAction condition, to the principals that tag resources when they " +
      "create them, then set tagResourceAuthorization to on (aws ecs put-account-setting-default, and " +
      "put-account-setting for principals with their own setting).",
    url: "https://docs.aws.amazon.com/AmazonECS/latest/developerguide/supported-iam-actions-tagging.html",
    fixable: false,
  },
  evaluate: (setting) => otherSetting(setting, ["tagResourceAuthorization"]) ?? judgeValue(setting, ["on"]),
});
