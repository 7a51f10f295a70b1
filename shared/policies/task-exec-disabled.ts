import { definePolicy } from "./define-policy.ts";
import { execObservations } from "./utils/service-exec.ts";

export default definePolicy({
  id: "task-exec-disabled",
  title: "Standalone ECS tasks are launched with ECS Exec turned off",
  severity: "LOW",
  resource: "Task",
  controls: [],
  practice: "M5: Turn ECS Exec on only while debugging",
  rationale:
    "A task launched with ECS Exec lets anyone allowed ecs:ExecuteCommand open an interactive shell in its " +
    "containers, with the task role's credentials in reach. Batch and scheduled tasks rarely need it, and a " +
    "schedule that turns it on does so for every run.",
  deviations:
    "Judged as the launch requested it (RunTask, StartTask or the schedule's parameters). Whether exec sessions " +
    "are logged and encrypted is judged on the cluster by cluster-exec-logging and cluster-exec-encryption.",
  messages: {
    execEnabled:
      "the task was launched with enableExecuteCommand true: ECS Exec can open a shell in its containers",
  },
  remediation: {
    recommendation:
      "Launch the task without enableExecuteCommand (in RunTask, StartTask or the schedule's EcsParameters); " +
      "grant ecs:ExecuteCommand only to a break-glass role.",
    url: "https://docs.aws.amazon.com/AmazonECS/latest/developerguide/ecs-exec.html",
    fixable: false,
  },
  evaluate: (task) => execObservations(task.enableExecuteCommand),
});
