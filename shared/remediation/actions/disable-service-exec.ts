import { defineAction, planCall } from "./action.ts";
import {
  applyServiceUpdate,
  SERVICE_UPDATE_PERMISSIONS,
  type ServiceUpdate,
  serviceTarget,
} from "./service-update.ts";

const ID = "disable-service-exec";

export default defineAction<"Service", ServiceUpdate>({
  id: ID,
  description:
    "Turns ECS Exec off on a service and replaces its tasks, which keep the setting they started with.",
  policies: ["service-exec-disabled"],
  resources: ["Service"],
  permissions: SERVICE_UPDATE_PERMISSIONS,
  plan(service) {
    const target = serviceTarget(service);
    if ("kind" in target) return target;
    // Running tasks keep ECS Exec until they are replaced: without a new deployment, the shell stays open.
    return planCall(ID, {
      service: "ecs",
      operation: "UpdateService",
      input: { ...target, enableExecuteCommand: false, forceNewDeployment: true },
    });
  },
  apply: (plan, clients) =>
    applyServiceUpdate(plan, clients, (described) => described.enableExecuteCommand !== true),
});
