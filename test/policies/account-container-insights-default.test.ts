import { accountSettingFromApi } from "../../shared/model/account-setting.ts";
import accountContainerInsightsDefault from "../../shared/policies/account-container-insights-default.ts";
import {
  accountDefault,
  principalSetting,
  realPutAccountSettingDefault,
} from "../helpers/account-settings.ts";
import { ACCOUNT } from "../helpers/builders.ts";
import { policyTester } from "../helpers/policy-tester.ts";
import { fromSamples } from "../helpers/shared-data.ts";

policyTester.run(accountContainerInsightsDefault, {
  valid: [
    { name: "enabled", resource: accountDefault("containerInsights", "enabled") },
    {
      name: "enhanced observability counts as on",
      resource: accountDefault("containerInsights", "enhanced"),
    },
  ],
  invalid: [
    {
      name: "disabled",
      resource: accountDefault("containerInsights", "disabled"),
      violations: [
        { messageId: "off", path: "/value", data: { name: "containerInsights", value: "disabled" } },
      ],
    },
    {
      name: "values are case-sensitive",
      resource: accountDefault("containerInsights", "Enhanced"),
      violations: [
        { messageId: "off", path: "/value", data: { name: "containerInsights", value: "Enhanced" } },
      ],
    },
    {
      name: "the root user's own setting, as ListAccountSettings lists it, is the account default",
      resource: accountSettingFromApi({
        name: "containerInsights",
        value: "disabled",
        principalArn: `arn:aws:iam::${ACCOUNT}:root`,
      }),
      violations: [
        { messageId: "off", path: "/value", data: { name: "containerInsights", value: "disabled" } },
      ],
    },
  ],
  unknown: [
    {
      name: "no value recorded",
      resource: accountDefault("containerInsights", undefined),
      observations: [{ messageId: "noValue", path: "/value" }],
    },
  ],
  notApplicable: [
    {
      name: "a principal's own setting: the clusters it creates are judged themselves",
      resource: principalSetting("containerInsights", "disabled"),
      messageId: "principalSetting",
    },
    {
      name: "another setting",
      resource: accountDefault("awsvpcTrunking", "disabled"),
      messageId: "otherSetting",
    },
    ...fromSamples("real sample cases", () => [
      {
        name: "the guide's PutAccountSettingDefault of fargateFIPSMode (real sample)",
        resource: realPutAccountSettingDefault(),
        messageId: "otherSetting" as const,
      },
    ]),
  ],
});
