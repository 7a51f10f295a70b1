import { isUnresolved, type Resolvable } from "../../model/resolvable.ts";
import type { Service } from "../../model/types.ts";

export const DEPLOYMENT_CONTROLLER_PATH = "/deploymentController/type";

/** The service's deployment controller type; without one ECS performs rolling updates (`ECS`). */
export function deploymentControllerOf(service: Service): Resolvable<string> {
  const controller = service.deploymentController;
  if (isUnresolved(controller)) return controller;
  const type = controller?.type;
  if (isUnresolved(type)) return type;
  return type ?? "ECS";
}

/** The scheduling strategy; without one a service is a `REPLICA` service. */
export function schedulingStrategyOf(service: Service): Resolvable<string> {
  return service.schedulingStrategy ?? "REPLICA";
}
