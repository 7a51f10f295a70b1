import { accountSettingFromApi } from "../../shared/model/account-setting.ts";
import accountFargateFipsMode from "../../shared/policies/account-fargate-fips-mode.ts";
import { accountDefault, realPutAccountSettingDefault } from "../helpers/account-settings.ts";
import { ACCOUNT } from "../helpers/builders.ts";
import { policyTester } from "../helpers/policy-tester.ts";
import { fromSamples } from "../helpers/shared-data.ts";

const GOVCLOUD = "aws-us-gov";

policyTester.run(accountFargateFipsMode, {
  valid: [
    { name: "enabled in GovCloud", resource: accountDefault("fargateFIPSMode", "enabled", GOVCLOUD) },
    {
      name: "enabled, in a scanned setting of unknown partition",
      resource: accountSettingFromApi({ name: "fargateFIPSMode", value: "enabled" }),
    },
    ...fromSamples("real sample cases", () => [
      {
        name: "the guide's PutAccountSettingDefault in us-gov-east-1: ECS stored fargateFIPSMode enabled, whatever the request asked (real sample)",
        resource: realPutAccountSettingDefault(),
      },
    ]),
  ],
  invalid: [
    {
      name: "disabled in GovCloud",
      resource: accountDefault("fargateFIPSMode", "disabled", GOVCLOUD),
      violations: [
        { messageId: "off", path: "/value", data: { name: "fargateFIPSMode", value: "disabled" } },
      ],
    },
    {
      name: "a scanned GovCloud setting, the partition read from its principal",
      resource: accountSettingFromApi({
        name: "fargateFIPSMode",
        value: "disabled",
        principalArn: `arn:${GOVCLOUD}:iam::${ACCOUNT}:root`,
      }),
      violations: [
        { messageId: "off", path: "/value", data: { name: "fargateFIPSMode", value: "disabled" } },
      ],
    },
  ],
  unknown: [
    {
      name: "no value recorded",
      resource: accountDefault("fargateFIPSMode", undefined, GOVCLOUD),
      observations: [{ messageId: "noValue", path: "/value" }],
    },
  ],
  notApplicable: [
    {
      name: "disabled outside GovCloud, where Fargate has no FIPS-140 mode",
      resource: accountDefault("fargateFIPSMode", "disabled"),
      messageId: "outsideGovCloud",
    },
    {
      name: "another setting in GovCloud",
      resource: accountDefault("awsvpcTrunking", "disabled", GOVCLOUD),
      messageId: "otherSetting",
    },
  ],
});
