import taskSetSecurityGroups from "../../shared/policies/task-set-security-groups.ts";
import { SECURITY_GROUPS_PATH } from "../../shared/policies/utils/service-awsvpc-security-groups.ts";
import { intrinsic, taskSet } from "../helpers/builders.ts";
import { policyTester } from "../helpers/policy-tester.ts";

const awsvpcWith = (securityGroups: unknown) =>
  taskSet({
    networkConfiguration: { awsvpcConfiguration: { subnets: ["subnet-0a1b2c3d"], securityGroups } },
  });

// No real task set in ../shared/data names or omits security groups, so this table has no sample case.
policyTester.run(taskSetSecurityGroups, {
  valid: [
    { name: "CreateTaskSet with a security group", resource: taskSet() },
    { name: "two security groups", resource: awsvpcWith(["sg-0a1b2c3d", "sg-4e5f6a7b"]) },
  ],
  invalid: [
    {
      name: "no security groups",
      resource: awsvpcWith(undefined),
      violations: [{ messageId: "defaultSecurityGroup", path: SECURITY_GROUPS_PATH }],
    },
    {
      name: "an empty list of security groups",
      resource: awsvpcWith([]),
      violations: [{ messageId: "defaultSecurityGroup", path: SECURITY_GROUPS_PATH }],
    },
  ],
  unknown: [
    {
      name: "security groups from an unresolved intrinsic",
      resource: awsvpcWith(intrinsic(SECURITY_GROUPS_PATH)),
      observations: [{ messageId: "unresolved", path: SECURITY_GROUPS_PATH }],
    },
  ],
  notApplicable: [
    {
      name: "external task set on EC2 without a network configuration",
      resource: taskSet({ launchType: "EC2", networkConfiguration: undefined }),
      messageId: "noAwsvpc",
    },
  ],
});
