import { definePolicy } from "./define-policy.ts";
import { taggingObservations } from "./utils/service-tagging.ts";

export default definePolicy({
  id: "task-managed-tags",
  title: "Standalone ECS tasks are launched with managed tags and propagated tags",
  severity: "LOW",
  resource: "Task",
  controls: [],
  practice: "A13: Turn on ECS managed tags and tag propagation",
  rationale:
    "RunTask, StartTask and scheduled tasks (EventBridge rules, EventBridge Scheduler, Step Functions) tag a task " +
    "only when the launch asks for it. Untagged batch and one-off tasks escape cost allocation and tag-based IAM " +
    "conditions, and cannot be traced back to the workload that started them.",
  messages: {
    managedTagsOff: "the task was launched with enableECSManagedTags {{value}}: it has no ECS managed tags",
    tagsNotPropagated:
      "the task was launched with propagateTags {{value}}: it carries none of its task definition's tags",
  },
  remediation: {
    recommendation:
      'Launch the task with enableECSManagedTags true and propagateTags "TASK_DEFINITION", in RunTask, StartTask ' +
      "or the schedule's EcsParameters; tags can only be added to a running task with TagResource.",
    url: "https://docs.aws.amazon.com/AmazonECS/latest/developerguide/ecs-using-tags.html",
    fixable: false,
  },
  // RunTask and StartTask reject SERVICE: a standalone task can only propagate its task definition's tags.
  evaluate: (task) => taggingObservations(task, ["TASK_DEFINITION"]),
});
