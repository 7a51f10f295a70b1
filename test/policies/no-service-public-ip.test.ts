import noServicePublicIp from "../../shared/policies/no-service-public-ip.ts";
import { ASSIGN_PUBLIC_IP_PATH } from "../../shared/policies/utils/public-ip.ts";
import { awsvpc, intrinsic, service } from "../helpers/builders.ts";
import { policyTester } from "../helpers/policy-tester.ts";

policyTester.run(noServicePublicIp, {
  valid: [
    { name: "assignPublicIp DISABLED", resource: service() },
    {
      name: "assignPublicIp not set (defaults to DISABLED)",
      resource: service({ networkConfiguration: awsvpc() }),
    },
    {
      name: "bridge-mode service without a network configuration (as Security Hub)",
      resource: service({ launchType: "EC2", networkConfiguration: undefined }),
    },
    { name: "network configuration without awsvpc", resource: service({ networkConfiguration: {} }) },
  ],
  invalid: [
    {
      name: "assignPublicIp ENABLED",
      resource: service({ networkConfiguration: awsvpc("ENABLED") }),
      violations: [{ messageId: "publicIp", path: ASSIGN_PUBLIC_IP_PATH, data: { value: "ENABLED" } }],
    },
    {
      name: "an invalid value is not known to keep tasks private (as Control Tower)",
      resource: service({ networkConfiguration: awsvpc("enabled") }),
      violations: [{ messageId: "publicIp", path: ASSIGN_PUBLIC_IP_PATH, data: { value: "enabled" } }],
    },
  ],
  unknown: [
    {
      name: "assignPublicIp from an unresolved intrinsic",
      resource: service({ networkConfiguration: awsvpc(intrinsic(ASSIGN_PUBLIC_IP_PATH)) }),
      observations: [{ messageId: "unresolved", path: ASSIGN_PUBLIC_IP_PATH }],
    },
    {
      name: "awsvpc configuration from an unresolved intrinsic",
      resource: service({
        networkConfiguration: { awsvpcConfiguration: intrinsic("/networkConfiguration/awsvpcConfiguration") },
      }),
      observations: [{ messageId: "unresolved", path: "/networkConfiguration/awsvpcConfiguration" }],
    },
    {
      name: "network configuration from an unresolved intrinsic",
      resource: service({ networkConfiguration: intrinsic("/networkConfiguration") }),
      observations: [{ messageId: "unresolved", path: "/networkConfiguration" }],
    },
  ],
});
