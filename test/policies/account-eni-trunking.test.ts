import accountEniTrunking from "../../shared/policies/account-eni-trunking.ts";
import {
  accountDefault,
  principalSetting,
  realPutAccountSettingDefault,
} from "../helpers/account-settings.ts";
import { intrinsic } from "../helpers/builders.ts";
import { policyTester } from "../helpers/policy-tester.ts";
import { fromSamples } from "../helpers/shared-data.ts";

policyTester.run(accountEniTrunking, {
  valid: [
    { name: "the account default is enabled", resource: accountDefault("awsvpcTrunking", "enabled") },
    {
      name: "the container instance role's own setting is enabled",
      resource: principalSetting("awsvpcTrunking", "enabled"),
    },
  ],
  invalid: [
    {
      name: "the account default is disabled",
      resource: accountDefault("awsvpcTrunking", "disabled"),
      violations: [{ messageId: "off", path: "/value", data: { name: "awsvpcTrunking", value: "disabled" } }],
    },
    {
      name: "the container instance role opted out",
      resource: principalSetting("awsvpcTrunking", "disabled"),
      violations: [{ messageId: "off", path: "/value", data: { name: "awsvpcTrunking", value: "disabled" } }],
    },
    {
      name: "values are case-sensitive",
      resource: accountDefault("awsvpcTrunking", "ENABLED"),
      violations: [{ messageId: "off", path: "/value", data: { name: "awsvpcTrunking", value: "ENABLED" } }],
    },
    {
      name: "on is not a value awsvpcTrunking takes",
      resource: accountDefault("awsvpcTrunking", "on"),
      violations: [{ messageId: "off", path: "/value", data: { name: "awsvpcTrunking", value: "on" } }],
    },
  ],
  unknown: [
    {
      name: "no value recorded",
      resource: accountDefault("awsvpcTrunking", undefined),
      observations: [{ messageId: "noValue", path: "/value", data: { name: "awsvpcTrunking" } }],
    },
    {
      name: "a mistyped value",
      resource: accountDefault("awsvpcTrunking", true),
      observations: [{ messageId: "unresolved", path: "/value" }],
    },
    {
      name: "a name that cannot be read may be awsvpcTrunking",
      resource: accountDefault(intrinsic("/name"), "disabled"),
      observations: [{ messageId: "unresolved", path: "/name" }],
    },
  ],
  notApplicable: [
    {
      name: "another setting",
      resource: accountDefault("containerInsights", "disabled"),
      messageId: "otherSetting",
    },
    {
      name: "a setting without a name",
      resource: accountDefault(undefined, "disabled"),
      messageId: "otherSetting",
    },
    ...fromSamples("real sample cases", () => [
      {
        name: "the guide's PutAccountSettingDefault asked for awsvpcTrunking, ECS stored fargateFIPSMode (real sample)",
        resource: realPutAccountSettingDefault(),
        messageId: "otherSetting" as const,
      },
    ]),
  ],
});
