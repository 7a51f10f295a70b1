import * as z from "zod/mini";
import { isUnresolved } from "../model/resolvable.ts";
import { definePolicy, SEVERITIES, type Severity, undecided, unknown, violation } from "./define-policy.ts";

const PATH = "/taskDefinitionArn";

export default definePolicy({
  id: "running-task-definition-compliant",
  title: "Running ECS tasks run a task definition revision that passes the task definition policies",
  severity: "HIGH",
  resource: "RunningTask",
  controls: [],
  practice: "N1 (runtime): Flag RUNNING tasks whose task definition revision is in the flagged set",
  rationale:
    "Security Hub judges only the latest active revision of each family. Services pinned to an older revision, " +
    "tasks started from one by hand, and tasks still running after a fix was registered run configurations " +
    "nobody re-checked. Judging the revision each running task really runs, and publishing that revision's own " +
    "findings, shows which insecure settings are live rather than merely registered.",
  deviations:
    "The task fails when its revision fails a policy at or above minimumSeverity, and is UNKNOWN when such a " +
    "policy cannot decide the revision; lower failures show on the revision's own findings only. Only policies " +
    "that are on count, and an exempted revision meets the policies it is exempted from.",
  messages: {
    failedPolicies: "the revision {{taskDefinition}} fails {{policies}}",
    undecidedPolicies: "the revision {{taskDefinition}} cannot be decided by {{policies}}",
    revisionUnknown: "the task definition revision {{taskDefinition}} cannot be read: {{reason}}",
    noTaskDefinition: "the task names no task definition revision",
  },
  remediation: {
    recommendation:
      "Fix the findings of the revision the task runs in a new revision, deploy it to the service that runs the " +
      "task (or start standalone tasks from it), and stop the tasks that run the old one.",
    url: "https://docs.aws.amazon.com/AmazonECS/latest/developerguide/update-task-definition-console-v2.html",
    fixable: false,
  },
  parameters: {
    minimumSeverity: {
      description:
        "The lowest severity of a task definition policy whose failure makes the running task fail; failures " +
        "below it show only on the revision's own findings.",
      schema: z.enum(SEVERITIES as [Severity, ...Severity[]]),
      default: "HIGH" as Severity,
    },
  },
  needs: ["taskDefinitionRevision"],
  evaluate: ({ taskDefinitionArn: taskDefinition }, { parameters: { minimumSeverity }, lookups }) => {
    if (isUnresolved(taskDefinition)) return [undecided(taskDefinition)];
    if (taskDefinition === undefined) return [unknown("noTaskDefinition", PATH)];
    const revision = lookups.taskDefinitionRevision(taskDefinition);
    if (isUnresolved(revision)) {
      return [unknown("revisionUnknown", PATH, { taskDefinition, reason: revision.unresolved })];
    }
    const threshold = SEVERITIES.indexOf(minimumSeverity);
    const weighed = revision.unmet.filter((unmet) => SEVERITIES.indexOf(unmet.severity) >= threshold);
    const listed = (status: "FAILED" | "UNKNOWN") =>
      weighed
        .filter((unmet) => unmet.status === status)
        .map((unmet) => `${unmet.policyId} (${unmet.severity})`)
        .join(", ");
    const failed = listed("FAILED");
    if (failed !== "") return [violation("failedPolicies", PATH, { taskDefinition, policies: failed })];
    const undecidedBy = listed("UNKNOWN");
    if (undecidedBy !== "") {
      return [unknown("undecidedPolicies", PATH, { taskDefinition, policies: undecidedBy })];
    }
    return [];
  },
});
