import accountTagResourceAuthorization from "../../shared/policies/account-tag-resource-authorization.ts";
import {
  accountDefault,
  principalSetting,
  realPutAccountSettingDefault,
} from "../helpers/account-settings.ts";
import { ACCOUNT } from "../helpers/builders.ts";
import { policyTester } from "../helpers/policy-tester.ts";
import { fromSamples } from "../helpers/shared-data.ts";

policyTester.run(accountTagResourceAuthorization, {
  valid: [
    { name: "on by default", resource: accountDefault("tagResourceAuthorization", "on") },
    { name: "on for a principal", resource: principalSetting("tagResourceAuthorization", "on") },
  ],
  invalid: [
    {
      name: "off by default",
      resource: accountDefault("tagResourceAuthorization", "off"),
      violations: [
        { messageId: "off", path: "/value", data: { name: "tagResourceAuthorization", value: "off" } },
      ],
    },
    {
      name: "off for a user, who may then tag what they create without ecs:TagResource",
      resource: principalSetting("tagResourceAuthorization", "off", `arn:aws:iam::${ACCOUNT}:user/jdoe`),
      violations: [
        { messageId: "off", path: "/value", data: { name: "tagResourceAuthorization", value: "off" } },
      ],
    },
    {
      name: "enabled is not a value tagResourceAuthorization takes",
      resource: accountDefault("tagResourceAuthorization", "enabled"),
      violations: [
        { messageId: "off", path: "/value", data: { name: "tagResourceAuthorization", value: "enabled" } },
      ],
    },
  ],
  unknown: [
    {
      name: "a mistyped value",
      resource: accountDefault("tagResourceAuthorization", { on: true }),
      observations: [{ messageId: "unresolved", path: "/value" }],
    },
  ],
  notApplicable: [
    {
      name: "another setting",
      resource: accountDefault("serviceLongArnFormat", "disabled"),
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
