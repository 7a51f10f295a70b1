import { definePolicy } from "./define-policy.ts";
import { judgeValue, otherSetting } from "./utils/account-settings.ts";

const LONG_ARN_FORMAT_SETTINGS = [
  "serviceLongArnFormat",
  "taskLongArnFormat",
  "containerInstanceLongArnFormat",
];

export default definePolicy({
  id: "account-long-arn-format",
  title: "ECS account settings give new services, tasks and container instances long ARNs",
  severity: "INFORMATIONAL",
  resource: "AccountSetting",
  controls: [],
  practice: "H15: Reference the long ARN format in IAM policies",
  rationale:
    "In the short (legacy) format, the ARNs of services, tasks and container instances do not name their cluster, " +
    "so IAM policies cannot scope them to a cluster by ARN, and ECS cannot tag them: tag-based access control, " +
    "managed tags and tag propagation do not work for resources created that way.",
  deviations:
    "The catalog judges the effective settings; here each setting is judged when it changes: the account default " +
    "and every principal's own. AWS now turns the long format on by default, so a finding means it was turned off.",
  messages: {
    otherSetting: "the setting is none of the long ARN format settings",
    noValue: "the call recorded no value for {{name}}",
    off: "{{name}} is {{value}}, so new resources get short ARNs, without their cluster, and cannot be tagged",
  },
  remediation: {
    recommendation:
      "Set serviceLongArnFormat, taskLongArnFormat and containerInstanceLongArnFormat to enabled (aws ecs " +
      "put-account-setting-default, and put-account-setting for principals with their own setting), then " +
      "recreate the services, tasks and container instances created with short ARNs.",
    url: "https://docs.aws.amazon.com/AmazonECS/latest/developerguide/ecs-account-settings.html",
    fixable: false,
  },
  evaluate: (setting) => otherSetting(setting, LONG_ARN_FORMAT_SETTINGS) ?? judgeValue(setting, ["enabled"]),
});
