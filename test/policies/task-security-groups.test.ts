import type { Task } from "../../shared/model/types.ts";
import taskSecurityGroups from "../../shared/policies/task-security-groups.ts";
import { SECURITY_GROUPS_PATH } from "../../shared/policies/utils/service-awsvpc-security-groups.ts";
import { intrinsic, task } from "../helpers/builders.ts";
import { policyTester } from "../helpers/policy-tester.ts";
import { sampleCloudFormationResource } from "../helpers/samples.ts";
import { fromSamples } from "../helpers/shared-data.ts";

const awsvpcWith = (securityGroups: unknown) =>
  task({ networkConfiguration: { awsvpcConfiguration: { subnets: ["subnet-0a1b2c3d"], securityGroups } } });

function scheduledTask(file: string, logicalId: string): Task {
  const { resource } = sampleCloudFormationResource(file, logicalId);
  if (resource.kind !== "Task") throw new Error(`${file} schedules no task in ${logicalId}`);
  return resource;
}

policyTester.run(taskSecurityGroups, {
  valid: [
    { name: "RunTask with a security group", resource: task() },
    ...fromSamples("real sample cases", () => [
      {
        name: "Prowler's scheduled task with its own security group (real sample)",
        resource: scheduledTask("prowler-cloud__prowler__CF-Prowler-ECS.yml", "ProwlerTaskScheduler"),
      },
    ]),
  ],
  invalid: [
    {
      name: "RunTask without security groups",
      resource: awsvpcWith(undefined),
      violations: [{ messageId: "defaultSecurityGroup", path: SECURITY_GROUPS_PATH }],
    },
    {
      name: "RunTask with an empty list of security groups",
      resource: awsvpcWith([]),
      violations: [{ messageId: "defaultSecurityGroup", path: SECURITY_GROUPS_PATH }],
    },
  ],
  unknown: [
    {
      name: "a schedule's security groups from an unresolved intrinsic",
      resource: awsvpcWith(intrinsic(SECURITY_GROUPS_PATH)),
      observations: [{ messageId: "unresolved", path: SECURITY_GROUPS_PATH }],
    },
  ],
  notApplicable: [
    {
      name: "bridge-mode task on EC2",
      resource: task({ networkConfiguration: undefined, launchType: "EC2" }, { launchType: "EC2" }),
      messageId: "noAwsvpc",
    },
    ...fromSamples("real sample cases", () => [
      {
        name: "scheduled EC2 task of the ECS schedule example (real sample)",
        resource: scheduledTask(
          "aws-cloudformation__aws-cloudformation-templates__ECS_Schedule_Example.yaml",
          "ECSScheduledTask",
        ),
        messageId: "noAwsvpc" as const,
      },
    ]),
  ],
});
