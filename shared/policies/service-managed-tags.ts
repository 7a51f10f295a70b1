import { definePolicy } from "./define-policy.ts";
import { taggingObservations } from "./utils/service-tagging.ts";

export default definePolicy({
  id: "service-managed-tags",
  title: "ECS services tag their tasks with managed tags and propagated tags",
  severity: "LOW",
  resource: "Service",
  controls: [],
  practice: "A13: Turn on ECS managed tags and tag propagation",
  rationale:
    "Tasks are tagged only when they start. Without ECS managed tags and propagated tags, a service's tasks carry " +
    "no cluster, service, team or environment tags: their cost cannot be allocated, tag-based IAM conditions " +
    "(ABAC) do not match them, and an investigator cannot tell from a task which workload it belongs to.",
  messages: {
    managedTagsOff: "enableECSManagedTags is {{value}}: tasks are not tagged with their cluster and service",
    tagsNotPropagated:
      "propagateTags is {{value}}: tasks carry neither the service's nor the task definition's tags",
  },
  remediation: {
    recommendation:
      'Update the service with enableECSManagedTags true and propagateTags "SERVICE" (or "TASK_DEFINITION"); ' +
      "tasks started afterwards are tagged, and a new deployment retags the running ones.",
    url: "https://docs.aws.amazon.com/AmazonECS/latest/developerguide/ecs-using-tags.html",
    fixable: true,
  },
  evaluate: (service) => taggingObservations(service, ["SERVICE", "TASK_DEFINITION"]),
});
