import accountLongArnFormat from "../../shared/policies/account-long-arn-format.ts";
import {
  accountDefault,
  principalSetting,
  realPutAccountSettingDefault,
} from "../helpers/account-settings.ts";
import { ACCOUNT } from "../helpers/builders.ts";
import { policyTester } from "../helpers/policy-tester.ts";
import { fromSamples } from "../helpers/shared-data.ts";

const DEPLOYER = `arn:aws:iam::${ACCOUNT}:role/DeployPipeline`;

policyTester.run(accountLongArnFormat, {
  valid: [
    { name: "services, on by default", resource: accountDefault("serviceLongArnFormat", "enabled") },
    { name: "tasks, on by default", resource: accountDefault("taskLongArnFormat", "enabled") },
    {
      name: "container instances, on for the instance role",
      resource: principalSetting("containerInstanceLongArnFormat", "enabled"),
    },
  ],
  invalid: [
    {
      name: "services, off by default",
      resource: accountDefault("serviceLongArnFormat", "disabled"),
      violations: [
        { messageId: "off", path: "/value", data: { name: "serviceLongArnFormat", value: "disabled" } },
      ],
    },
    {
      name: "tasks, off for the deploy pipeline's role",
      resource: principalSetting("taskLongArnFormat", "disabled", DEPLOYER),
      violations: [
        { messageId: "off", path: "/value", data: { name: "taskLongArnFormat", value: "disabled" } },
      ],
    },
    {
      name: "container instances, off for the instance role",
      resource: principalSetting("containerInstanceLongArnFormat", "disabled"),
      violations: [
        {
          messageId: "off",
          path: "/value",
          data: { name: "containerInstanceLongArnFormat", value: "disabled" },
        },
      ],
    },
  ],
  unknown: [
    {
      name: "no value recorded",
      resource: accountDefault("taskLongArnFormat", undefined),
      observations: [{ messageId: "noValue", path: "/value", data: { name: "taskLongArnFormat" } }],
    },
  ],
  notApplicable: [
    {
      name: "ENI trunking",
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
