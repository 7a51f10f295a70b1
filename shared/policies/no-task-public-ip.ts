import { definePolicy } from "./define-policy.ts";
import { publicIpObservations } from "./utils/public-ip.ts";

export default definePolicy({
  id: "no-task-public-ip",
  title: "Standalone ECS tasks are launched without a public IP address",
  severity: "HIGH",
  resource: "Task",
  controls: [],
  practice: "B1: Keep tasks in private subnets; receive internet traffic through a load balancer",
  rationale:
    "Tasks started with RunTask, StartTask or a schedule are not covered by Security Hub's service and task set " +
    "controls, yet a public IP makes them just as reachable from the internet.",
  messages: {
    publicIp: "the task was launched with assignPublicIp {{value}}",
  },
  remediation: {
    recommendation:
      "Launch the task with assignPublicIp DISABLED in private subnets (in RunTask, StartTask or the schedule's " +
      "EcsParameters); stop running tasks that have a public IP if they need none.",
    url: "https://docs.aws.amazon.com/AmazonECS/latest/developerguide/networking-outbound.html",
    fixable: false,
  },
  evaluate: (task) => publicIpObservations(task.networkConfiguration),
});
