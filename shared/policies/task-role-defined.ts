import { isUnresolved } from "../model/resolvable.ts";
import { definePolicy, undecided, violation } from "./define-policy.ts";

export default definePolicy({
  id: "task-role-defined",
  title: "ECS task definitions give their tasks their own IAM task role",
  severity: "LOW",
  resource: "TaskDefinition",
  controls: [],
  practice: "H2: Give every task its own IAM role",
  rationale:
    "Without a task role, AWS SDKs in the container find no task credentials: on EC2 they fall back to the " +
    "instance profile wherever instance metadata is reachable, so the application acts with the permissions " +
    "of every task on the host. A role per task definition scopes and audits what each application can do.",
  deviations:
    "The catalog rates this INFORMATIONAL on Fargate and MEDIUM on EC2 when instance metadata is not blocked; " +
    "one policy has one severity, so it is LOW: the EC2 fallback itself is judged HIGH by " +
    "no-instance-metadata-access. Whether the application calls AWS at all cannot be seen from the API.",
  messages: {
    noTaskRole:
      "the task definition sets no taskRoleArn, so its containers get no task credentials of their own",
  },
  remediation: {
    recommendation:
      "Create an IAM role trusted by ecs-tasks.amazonaws.com with only the permissions this application needs, " +
      "and set it as taskRoleArn in a new task definition revision.",
    url: "https://docs.aws.amazon.com/AmazonECS/latest/developerguide/task-iam-roles.html",
    fixable: false,
  },
  evaluate: ({ taskRoleArn }) => {
    if (isUnresolved(taskRoleArn)) return [undecided(taskRoleArn)];
    return taskRoleArn === undefined || taskRoleArn.trim() === ""
      ? [violation("noTaskRole", "/taskRoleArn")]
      : [];
  },
});
