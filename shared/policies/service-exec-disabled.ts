import { definePolicy } from "./define-policy.ts";
import { execObservations } from "./utils/service-exec.ts";

export default definePolicy({
  id: "service-exec-disabled",
  title: "ECS services keep ECS Exec turned off",
  severity: "LOW",
  resource: "Service",
  controls: [],
  practice: "M5: Turn ECS Exec on only while debugging",
  rationale:
    "ECS Exec lets anyone allowed ecs:ExecuteCommand open an interactive shell in the service's running " +
    "containers, with the task role's credentials and the application's data in reach. Left on, it is a standing " +
    "path around the deployment pipeline; turn it on for a debugging session and off afterwards.",
  deviations:
    "Judged on every service: the catalog limits it to production, which an exemption (tag or config file) " +
    "expresses for the others. Whether exec sessions are logged and encrypted is judged on the cluster by " +
    "cluster-exec-logging and cluster-exec-encryption.",
  messages: {
    execEnabled: "enableExecuteCommand is true: ECS Exec can open a shell in the service's containers",
  },
  remediation: {
    recommendation:
      "Update the service with enableExecuteCommand false and force a new deployment (running tasks keep the " +
      "setting they started with); grant ecs:ExecuteCommand only to a break-glass role.",
    url: "https://docs.aws.amazon.com/AmazonECS/latest/developerguide/ecs-exec.html",
    fixable: true,
  },
  evaluate: (service) => execObservations(service.enableExecuteCommand),
});
