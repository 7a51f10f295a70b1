import { definePolicy } from "./define-policy.ts";
import { fargatePlatformMessages, fargatePlatformObservations } from "./utils/fargate-platform.ts";

export default definePolicy({
  id: "task-set-fargate-platform-version",
  title: "ECS task sets on Fargate run on the latest Fargate platform version",
  severity: "MEDIUM",
  resource: "TaskSet",
  controls: [],
  practice: "M1: Run Fargate tasks on the latest platform version",
  rationale:
    "Fargate platform versions carry the kernel, container runtime and agent of the microVM that runs each task. " +
    "A task set pinned to an older version misses their security fixes, and versions before 1.4.0 also lack " +
    "encrypted ephemeral storage and EFS support.",
  deviations:
    "Security Hub's ECS.10 judges services only; this applies its reading to task sets, including those placed " +
    "by a FARGATE or FARGATE_SPOT capacity provider. A task set without a platformFamily (a CreateTaskSet request " +
    "or template) pinned to 1.0.0, current only for Windows, is UNKNOWN rather than guessed.",
  messages: fargatePlatformMessages("the task set"),
  remediation: {
    recommendation:
      'Create a replacement task set with platformVersion "LATEST" (or omitted), shift traffic to it, and delete ' +
      "the old task set; check that security groups and endpoints allow image, secret and log traffic from the task ENI.",
    url: "https://docs.aws.amazon.com/AmazonECS/latest/developerguide/platform-fargate.html",
    fixable: false,
  },
  evaluate: (taskSet) => fargatePlatformObservations(taskSet, taskSet.platformFamily),
});
