import noTaskPublicIp from "../../shared/policies/no-task-public-ip.ts";
import { ASSIGN_PUBLIC_IP_PATH } from "../../shared/policies/utils/public-ip.ts";
import { awsvpc, intrinsic, task } from "../helpers/builders.ts";
import { policyTester } from "../helpers/policy-tester.ts";

policyTester.run(noTaskPublicIp, {
  valid: [
    { name: "RunTask with assignPublicIp DISABLED", resource: task() },
    { name: "RunTask without assignPublicIp", resource: task({ networkConfiguration: awsvpc() }) },
    {
      name: "bridge-mode task on EC2 without a network configuration",
      resource: task({ networkConfiguration: undefined, launchType: "EC2" }, { launchType: "EC2" }),
    },
  ],
  invalid: [
    {
      name: "RunTask with assignPublicIp ENABLED",
      resource: task({ networkConfiguration: awsvpc("ENABLED") }),
      violations: [{ messageId: "publicIp", path: ASSIGN_PUBLIC_IP_PATH, data: { value: "ENABLED" } }],
    },
  ],
  unknown: [
    {
      name: "scheduled task whose assignPublicIp is an unresolved intrinsic",
      resource: task({ networkConfiguration: awsvpc(intrinsic(ASSIGN_PUBLIC_IP_PATH)) }),
      observations: [{ messageId: "unresolved", path: ASSIGN_PUBLIC_IP_PATH }],
    },
  ],
});
