import type { Task } from "../../shared/model/types.ts";
import taskExecDisabled from "../../shared/policies/task-exec-disabled.ts";
import { intrinsic, task } from "../helpers/builders.ts";
import { policyTester } from "../helpers/policy-tester.ts";
import { sampleCloudFormationResource } from "../helpers/samples.ts";
import { fromSamples } from "../helpers/shared-data.ts";

function scheduledTask(file: string, logicalId: string): Task {
  const { resource } = sampleCloudFormationResource(file, logicalId);
  if (resource.kind !== "Task") throw new Error(`${file} schedules no task in ${logicalId}`);
  return resource;
}

policyTester.run(taskExecDisabled, {
  valid: [
    { name: "RunTask without enableExecuteCommand", resource: task() },
    { name: "RunTask with enableExecuteCommand false", resource: task({ enableExecuteCommand: false }) },
    ...fromSamples("real sample cases", () => [
      {
        name: "Prowler's scheduled Fargate task (real sample)",
        resource: scheduledTask("prowler-cloud__prowler__CF-Prowler-ECS.yml", "ProwlerTaskScheduler"),
      },
    ]),
  ],
  invalid: [
    {
      name: "RunTask with enableExecuteCommand true",
      resource: task({ enableExecuteCommand: true }),
      violations: [{ messageId: "execEnabled", path: "/enableExecuteCommand" }],
    },
  ],
  unknown: [
    {
      name: "a schedule's EnableExecuteCommand from an unresolved intrinsic",
      resource: task({ enableExecuteCommand: intrinsic("/enableExecuteCommand") }),
      observations: [{ messageId: "unresolved", path: "/enableExecuteCommand" }],
    },
  ],
});
