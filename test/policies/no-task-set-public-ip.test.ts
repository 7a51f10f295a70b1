import noTaskSetPublicIp from "../../shared/policies/no-task-set-public-ip.ts";
import { ASSIGN_PUBLIC_IP_PATH } from "../../shared/policies/utils/public-ip.ts";
import { awsvpc, intrinsic, taskSet } from "../helpers/builders.ts";
import { policyTester } from "../helpers/policy-tester.ts";

policyTester.run(noTaskSetPublicIp, {
  valid: [
    { name: "assignPublicIp DISABLED", resource: taskSet() },
    { name: "assignPublicIp not set", resource: taskSet({ networkConfiguration: awsvpc() }) },
    {
      name: "EC2 task set without a network configuration",
      resource: taskSet({ launchType: "EC2", networkConfiguration: undefined }),
    },
  ],
  invalid: [
    {
      name: "assignPublicIp ENABLED",
      resource: taskSet({ networkConfiguration: awsvpc("ENABLED") }),
      violations: [{ messageId: "publicIp", path: ASSIGN_PUBLIC_IP_PATH, data: { value: "ENABLED" } }],
    },
  ],
  unknown: [
    {
      name: "assignPublicIp from an unresolved intrinsic",
      resource: taskSet({ networkConfiguration: awsvpc(intrinsic(ASSIGN_PUBLIC_IP_PATH)) }),
      observations: [{ messageId: "unresolved", path: ASSIGN_PUBLIC_IP_PATH }],
    },
  ],
});
