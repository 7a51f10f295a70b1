import { taskFromLaunch } from "../../shared/model/task.ts";
import type { Task } from "../../shared/model/types.ts";
import taskManagedTags from "../../shared/policies/task-managed-tags.ts";
import { intrinsic, task } from "../helpers/builders.ts";
import { policyTester } from "../helpers/policy-tester.ts";
import { sampleCloudFormationResource } from "../helpers/samples.ts";
import { fromSamples, readSharedJson } from "../helpers/shared-data.ts";

const tagged = { enableECSManagedTags: true, propagateTags: "TASK_DEFINITION" };

function scheduledTask(file: string, logicalId: string): Task {
  const { resource } = sampleCloudFormationResource(file, logicalId);
  if (resource.kind !== "Task") throw new Error(`${file} schedules no task in ${logicalId}`);
  return resource;
}

/** The documented RunTask example: its request, and the task its response describes. */
function documentedRunTask(): Task {
  const { examples } = readSharedJson("aws-models/ecs_2014-11-13_examples-1.json") as {
    examples: { RunTask: { input: unknown; output: { tasks: unknown[] } }[] };
  };
  const [example] = examples.RunTask;
  return taskFromLaunch(example?.output.tasks[0], example?.input);
}

policyTester.run(taskManagedTags, {
  valid: [{ name: "RunTask with managed tags, propagated from the task definition", resource: task(tagged) }],
  invalid: [
    {
      name: "RunTask without either (the API defaults)",
      resource: task(),
      violations: [
        { messageId: "managedTagsOff", path: "/enableECSManagedTags", data: { value: "not set" } },
        { messageId: "tagsNotPropagated", path: "/propagateTags", data: { value: "not set (NONE)" } },
      ],
    },
    {
      name: "managed tags off",
      resource: task({ ...tagged, enableECSManagedTags: false }),
      violations: [{ messageId: "managedTagsOff", path: "/enableECSManagedTags", data: { value: "false" } }],
    },
    {
      name: "propagateTags NONE",
      resource: task({ ...tagged, propagateTags: "NONE" }),
      violations: [{ messageId: "tagsNotPropagated", path: "/propagateTags", data: { value: "NONE" } }],
    },
    {
      name: "propagateTags SERVICE, which RunTask rejects",
      resource: task({ ...tagged, propagateTags: "SERVICE" }),
      violations: [{ messageId: "tagsNotPropagated", path: "/propagateTags", data: { value: "SERVICE" } }],
    },
    ...fromSamples("real sample cases", () => [
      {
        name: "Prowler's scheduled Fargate task without tag settings (real sample)",
        resource: scheduledTask("prowler-cloud__prowler__CF-Prowler-ECS.yml", "ProwlerTaskScheduler"),
        violations: [
          { messageId: "managedTagsOff" as const, path: "/enableECSManagedTags" },
          { messageId: "tagsNotPropagated" as const, path: "/propagateTags" },
        ],
      },
      {
        name: "documented RunTask example (real sample)",
        resource: documentedRunTask(),
        violations: [
          { messageId: "managedTagsOff" as const, path: "/enableECSManagedTags" },
          { messageId: "tagsNotPropagated" as const, path: "/propagateTags" },
        ],
      },
    ]),
  ],
  unknown: [
    {
      name: "a schedule's EnableECSManagedTags from an unresolved intrinsic",
      resource: task({ ...tagged, enableECSManagedTags: intrinsic("/enableECSManagedTags") }),
      observations: [{ messageId: "unresolved", path: "/enableECSManagedTags" }],
    },
    {
      name: "a schedule's PropagateTags from an unresolved intrinsic",
      resource: task({ ...tagged, propagateTags: intrinsic("/propagateTags") }),
      observations: [{ messageId: "unresolved", path: "/propagateTags" }],
    },
  ],
});
