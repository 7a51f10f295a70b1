import { definePolicy, notApplicable } from "./define-policy.ts";
import { judgeValue, otherSetting } from "./utils/account-settings.ts";

/** Fargate offers FIPS-140 compliance only in the AWS GovCloud (US) Regions. */
const GOVCLOUD = "aws-us-gov";

export default definePolicy({
  id: "account-fargate-fips-mode",
  title: "Fargate runs tasks in FIPS-140 mode in AWS GovCloud (US)",
  severity: "LOW",
  resource: "AccountSetting",
  controls: [],
  practice:
    "Not in the catalog (AWS Fargate FIPS-140 compliance): turn FIPS-140 mode on in AWS GovCloud (US)",
  rationale:
    "US government workloads, which the GovCloud (US) Regions host, must protect data with FIPS 140 validated " +
    "cryptography (FedRAMP, FISMA). Fargate runs tasks in a FIPS-140 compliant manner only while the " +
    "fargateFIPSMode account setting is enabled; it is off by default.",
  deviations:
    "Outside the aws-us-gov partition the policy does not apply. Where the partition is not known (a scanned " +
    "setting without a principal ARN), the setting is judged. Workloads without a FIPS requirement can turn the " +
    "policy off.",
  messages: {
    otherSetting: "the setting is not fargateFIPSMode",
    outsideGovCloud:
      "the setting is outside AWS GovCloud (US), the only Regions where Fargate offers FIPS-140 mode",
    noValue: "the call recorded no value for {{name}}",
    off: "{{name}} is {{value}}, so Fargate tasks do not run in FIPS-140 mode",
  },
  remediation: {
    recommendation:
      "Turn FIPS-140 mode on (aws ecs put-account-setting-default --name fargateFIPSMode --value enabled), and run " +
      "the tasks on Linux, X86_64 and Fargate platform version 1.4.0 or later; applications still have to call AWS " +
      "through FIPS endpoints.",
    url: "https://docs.aws.amazon.com/AmazonECS/latest/developerguide/ecs-fips-compliance.html",
    fixable: false,
  },
  evaluate: (setting) =>
    otherSetting(setting, ["fargateFIPSMode"]) ??
    (setting.partition === undefined || setting.partition === GOVCLOUD
      ? judgeValue(setting, ["enabled"])
      : [notApplicable("outsideGovCloud")]),
});
