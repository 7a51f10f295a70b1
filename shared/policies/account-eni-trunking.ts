import { definePolicy } from "./define-policy.ts";
import { judgeValue, otherSetting } from "./utils/account-settings.ts";

export default definePolicy({
  id: "account-eni-trunking",
  title: "ECS account settings turn on ENI trunking for new container instances",
  severity: "INFORMATIONAL",
  resource: "AccountSetting",
  controls: [],
  practice: "B9: Raise awsvpc task density on EC2 with ENI trunking",
  rationale:
    "Without ENI trunking, an EC2 container instance runs only as many awsvpc tasks as it has network interfaces " +
    "to spare: 2 on a c5.large, 10 with trunking. Dense clusters then drift to bridge networking, where tasks " +
    "share the instance's security groups instead of having their own.",
  deviations:
    "The catalog judges the effective setting of the principal that registers the container instances, and only " +
    "while awsvpc tasks run on EC2. Here each setting is judged when it changes: the account default and every " +
    "principal's own (the container instance role's decides for the instances it registers). Instance types " +
    "that cannot trunk are not considered.",
  messages: {
    otherSetting: "the setting is not awsvpcTrunking",
    noValue: "the call recorded no value for {{name}}",
    off: "{{name}} is {{value}}, so new container instances get no trunk network interface",
  },
  remediation: {
    recommendation:
      "Set awsvpcTrunking to enabled as the account default (aws ecs put-account-setting-default) or for the " +
      "container instance role, then replace the instances: only instances registered afterwards, of supported " +
      "types, get a trunk network interface.",
    url: "https://docs.aws.amazon.com/AmazonECS/latest/developerguide/container-instance-eni.html",
    fixable: false,
  },
  evaluate: (setting) => otherSetting(setting, ["awsvpcTrunking"]) ?? judgeValue(setting, ["enabled"]),
});
