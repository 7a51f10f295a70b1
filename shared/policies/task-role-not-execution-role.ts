import { isUnresolved } from "../model/resolvable.ts";
import { definePolicy, undecided, violation } from "./define-policy.ts";

export default definePolicy({
  id: "task-role-not-execution-role",
  title: "ECS tasks use a task role separate from the task execution role",
  severity: "MEDIUM",
  resource: "TaskDefinition",
  controls: [],
  practice: "H2/H7: Separate the application's task role from the agent's execution role",
  rationale:
    "The execution role is for the ECS agent: it pulls images, writes logs and reads every secret the task " +
    "definition references. Used as the task role too, it gives the application code those permissions: it can " +
    "read secrets meant for other containers and pull any image the role can reach, and a compromised process " +
    "inherits all of it.",
  deviations:
    "Roles are compared by account and name (IAM role names ignore case); a role written as a name matches an " +
    "ARN with that name. When either role comes from an unresolved CloudFormation function the verdict is UNKNOWN.",
  messages: {
    sameRole: 'taskRoleArn and executionRoleArn are the same role ("{{role}}")',
  },
  remediation: {
    recommendation:
      "Create a task role with only the application's permissions and keep the execution role (with " +
      "AmazonECSTaskExecutionRolePolicy and access to the task's secrets) for the agent; register a new revision.",
    url: "https://docs.aws.amazon.com/AmazonECS/latest/developerguide/task_execution_IAM_role.html",
    fixable: false,
  },
  evaluate: ({ taskRoleArn, executionRoleArn }) => {
    if (taskRoleArn === undefined || executionRoleArn === undefined) return [];
    if (isBlank(taskRoleArn) || isBlank(executionRoleArn)) return [];
    if (isUnresolved(taskRoleArn)) return [undecided(taskRoleArn)];
    if (isUnresolved(executionRoleArn)) return [undecided(executionRoleArn)];
    if (!sameRole(taskRoleArn, executionRoleArn)) return [];
    return [violation("sameRole", "/taskRoleArn", { role: taskRoleArn })];
  },
});

function isBlank(role: unknown): boolean {
  return typeof role === "string" && role.trim() === "";
}

function sameRole(first: string, second: string): boolean {
  const [one, other] = [first.trim(), second.trim()];
  if (isArn(one) && isArn(other) && accountOf(one) !== accountOf(other)) return false;
  return roleName(one) === roleName(other);
}

function isArn(role: string): boolean {
  return role.startsWith("arn:");
}

function accountOf(arn: string): string | undefined {
  return arn.split(":")[4];
}

/** `arn:aws:iam::123456789012:role/path/name` → `name`; IAM role names are unique regardless of case. */
function roleName(role: string): string {
  return (isArn(role) ? role.slice(role.lastIndexOf("/") + 1) : role).toLowerCase();
}
