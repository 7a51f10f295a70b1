import { definePolicy } from "./define-policy.ts";
import { judgeServiceAction } from "./utils/service-events.ts";

export default definePolicy({
  id: "service-tasks-healthy",
  title: "ECS service tasks are healthy in Cloud Map and VPC Lattice",
  severity: "MEDIUM",
  resource: "ServiceEvent",
  controls: [],
  practice:
    "B15: Register service tasks for discovery with health checks they pass (nearest row: Cloud Map records)",
  rationale:
    "Clients find the service through Cloud Map or VPC Lattice. When ECS reports a task unhealthy there, " +
    "clients lose it or reach a task that fails, and ECS replaces it; when ECS cannot read the tasks' health " +
    "at all, nobody knows. SERVICE_STEADY_STATE ends the finding.",
  deviations:
    "SERVICE_HEALTH_UNKNOWN (ECS could not read the tasks' health data) is UNKNOWN, not FAILED: ECS says it " +
    "cannot tell.",
  messages: {
    cloudMapUnhealthy: "a task of the service is unhealthy in Cloud Map ({{eventName}}): {{evidence}}",
    latticeUnhealthy: "a VPC Lattice target of the service is unhealthy ({{eventName}}): {{evidence}}",
    healthUnknown: "ECS could not read the health of the service's tasks ({{eventName}}): {{evidence}}",
    otherEvent: "the event neither reports nor ends a task health problem",
  },
  remediation: {
    recommendation:
      "Check the container's health check and the Cloud Map or VPC Lattice health check settings (path, port, " +
      "thresholds, grace period), the security groups between the checker and the tasks, and why the named " +
      "tasks fail them.",
    url: "https://docs.aws.amazon.com/AmazonECS/latest/developerguide/service-discovery.html",
    fixable: false,
  },
  evaluate: (event) =>
    judgeServiceAction(
      event,
      {
        SERVICE_DISCOVERY_INSTANCE_UNHEALTHY: { outcome: "violation", messageId: "cloudMapUnhealthy" },
        VPC_LATTICE_TARGET_UNHEALTHY: { outcome: "violation", messageId: "latticeUnhealthy" },
        SERVICE_HEALTH_UNKNOWN: { outcome: "unknown", messageId: "healthUnknown" },
      },
      "otherEvent",
    ),
});
