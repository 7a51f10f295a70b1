import { isUnresolved } from "../model/resolvable.ts";
import { definePolicy, undecided, unknown, violation } from "./define-policy.ts";

const PATH = "/taskDefinitionArn";

export default definePolicy({
  id: "running-task-definition-active",
  title: "Running ECS tasks run an active task definition revision, not a deregistered one",
  severity: "MEDIUM",
  resource: "RunningTask",
  controls: [],
  practice:
    "A1: Map each application version to one task definition revision (nearest row: tasks still running a " +
    "deregistered revision)",
  rationale:
    "Deregistering a revision retires it, often because it was found insecure or obsolete: no new service or " +
    "RunTask may use it. Tasks already running it keep running, and services keep scaling it out, so the " +
    "retired configuration stays in production unnoticed. Security Hub judges only the latest active revision " +
    "of each family and never sees this drift.",
  deviations:
    "DELETE_IN_PROGRESS (deregistered, then marked for deletion) fails like INACTIVE. The revision is read when " +
    "the task's state changes: a revision deregistered later shows with the task's next event.",
  messages: {
    deregistered: "the task runs {{taskDefinition}}, whose status is {{status}}",
    revisionUnknown: "the task definition revision {{taskDefinition}} cannot be read: {{reason}}",
    statusUnknown: "ECS reports no status for the task definition revision {{taskDefinition}}",
    noTaskDefinition: "the task names no task definition revision",
  },
  remediation: {
    recommendation:
      "Deploy an active revision to the service that runs the task (or start standalone tasks from one) and " +
      "stop the tasks that still run the deregistered revision: ECS keeps running, and scaling out, what it runs.",
    url: "https://docs.aws.amazon.com/AmazonECS/latest/developerguide/deregister-task-definition-v2.html",
    fixable: false,
  },
  needs: ["taskDefinitionRevision"],
  evaluate: ({ taskDefinitionArn: taskDefinition }, { lookups }) => {
    if (isUnresolved(taskDefinition)) return [undecided(taskDefinition)];
    if (taskDefinition === undefined) return [unknown("noTaskDefinition", PATH)];
    const revision = lookups.taskDefinitionRevision(taskDefinition);
    if (isUnresolved(revision)) {
      return [unknown("revisionUnknown", PATH, { taskDefinition, reason: revision.unresolved })];
    }
    const { status } = revision;
    if (isUnresolved(status)) {
      return [unknown("revisionUnknown", PATH, { taskDefinition, reason: status.unresolved })];
    }
    if (status === undefined) return [unknown("statusUnknown", PATH, { taskDefinition })];
    return status === "ACTIVE" ? [] : [violation("deregistered", PATH, { taskDefinition, status })];
  },
});
