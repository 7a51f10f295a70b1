import { isUnresolved } from "../../model/resolvable.ts";
import { alreadyFixed, defineAction, planCall, precluded } from "./action.ts";
import {
  applyServiceUpdate,
  SERVICE_UPDATE_PERMISSIONS,
  type ServiceUpdate,
  serviceTarget,
} from "./service-update.ts";

const ID = "enable-service-managed-tags";

/** The propagateTags values that tag tasks; NONE (or none set) does not. */
const PROPAGATING = ["SERVICE", "TASK_DEFINITION"];

export default defineAction<"Service", ServiceUpdate>({
  id: ID,
  description:
    "Turns on ECS managed tags and tag propagation (from the service, unless it propagates the task definition's).",
  policies: ["service-managed-tags"],
  resources: ["Service"],
  permissions: SERVICE_UPDATE_PERMISSIONS,
  plan(service) {
    const target = serviceTarget(service);
    if ("kind" in target) return target;
    const { enableECSManagedTags: managed, propagateTags: propagate } = service;
    if (isUnresolved(managed) || isUnresolved(propagate))
      return precluded("the service's tagging is not known");
    // Only what is off changes: a service propagating its task definition's tags keeps doing so.
    const change = {
      ...(managed === true ? {} : { enableECSManagedTags: true }),
      ...(propagate !== undefined && PROPAGATING.includes(propagate)
        ? {}
        : { propagateTags: "SERVICE" as const }),
    };
    if (Object.keys(change).length === 0) return alreadyFixed("managed tags and tag propagation are on");
    // Tasks are tagged when they start: the running ones are retagged by the service's next deployment, not now.
    return planCall(ID, { service: "ecs", operation: "UpdateService", input: { ...target, ...change } });
  },
  apply: (plan, clients) =>
    applyServiceUpdate(
      plan,
      clients,
      (described) =>
        described.enableECSManagedTags === true &&
        described.propagateTags !== undefined &&
        PROPAGATING.includes(described.propagateTags),
    ),
});
