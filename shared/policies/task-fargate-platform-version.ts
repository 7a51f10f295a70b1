import { definePolicy } from "./define-policy.ts";
import { fargatePlatformMessages, fargatePlatformObservations } from "./utils/fargate-platform.ts";

export default definePolicy({
  id: "task-fargate-platform-version",
  title: "Standalone ECS tasks on Fargate run on the latest Fargate platform version",
  severity: "MEDIUM",
  resource: "Task",
  controls: [],
  practice: "M1: Run Fargate tasks on the latest platform version",
  rationale:
    "Fargate platform versions carry the kernel, container runtime and agent of the microVM that runs each task. " +
    "A RunTask call or schedule pinned to an older version keeps launching tasks without their security fixes, " +
    "and versions before 1.4.0 also lack encrypted ephemeral storage and EFS support.",
  deviations:
    "Security Hub's ECS.10 judges services only; this applies its reading to standalone tasks, including those " +
    "placed by a FARGATE or FARGATE_SPOT capacity provider. Launch requests and schedules do not name the " +
    "platform family, so a task pinned to 1.0.0 (current only for Windows) is UNKNOWN there rather than guessed.",
  messages: fargatePlatformMessages("the task"),
  remediation: {
    recommendation:
      'Launch the task with platformVersion "LATEST" (or omit it) in RunTask or the schedule\'s EcsParameters; ' +
      "check that security groups and endpoints allow image, secret and log traffic from the task ENI.",
    url: "https://docs.aws.amazon.com/AmazonECS/latest/developerguide/platform-fargate.html",
    fixable: false,
  },
  evaluate: (task) => fargatePlatformObservations(task, task.platformFamily),
});
