import { isUnresolved, type Resolvable } from "../../model/resolvable.ts";
import { alreadyFixed, defineAction, planCall, precluded } from "./action.ts";
import {
  applyServiceUpdate,
  SERVICE_UPDATE_PERMISSIONS,
  type ServiceUpdate,
  serviceTarget,
} from "./service-update.ts";

const ID = "disable-service-public-ip";

/**
 * The live service's awsvpc subnets or security groups differ from those the plan keeps: applying it would undo
 * someone's change, so it is refused; a new event about the service plans again from its current state.
 */
export class StalePlanError extends Error {
  override readonly name = "StalePlanError";
  readonly service: string;

  constructor(service: string) {
    super(`the network configuration of ${service} changed since the plan was made`);
    this.service = service;
  }
}

export default defineAction<"Service", ServiceUpdate>({
  id: ID,
  description:
    "Turns off public IP assignment in a service's awsvpc configuration, keeping its subnets and security groups.",
  policies: ["no-service-public-ip"],
  resources: ["Service"],
  permissions: SERVICE_UPDATE_PERMISSIONS,
  plan(service) {
    const target = serviceTarget(service);
    if ("kind" in target) return target;
    const controller = service.deploymentController;
    const controllerType =
      controller === undefined || isUnresolved(controller) ? controller : controller.type;
    if (isUnresolved(controllerType)) return precluded("the service's deployment controller is not known");
    if (controllerType !== undefined && controllerType !== "ECS") {
      // CODE_DEPLOY and EXTERNAL services take their network configuration from task sets.
      return precluded(
        `the service's deployment controller is ${controllerType}: its task sets hold the network`,
      );
    }
    const network = service.networkConfiguration;
    const awsvpc = network === undefined || isUnresolved(network) ? network : network.awsvpcConfiguration;
    if (awsvpc === undefined) return alreadyFixed("the service has no awsvpc configuration");
    if (isUnresolved(awsvpc)) return precluded("the service's awsvpc configuration is not known");
    if (awsvpc.assignPublicIp !== "ENABLED") return alreadyFixed("assignPublicIp is not ENABLED");
    const subnets = known(awsvpc.subnets);
    const securityGroups = known(awsvpc.securityGroups);
    if (subnets === undefined || securityGroups === undefined) {
      return precluded("the service's subnets or security groups are not known");
    }
    // UpdateService replaces the whole awsvpc configuration: what is kept must be repeated.
    return planCall(ID, {
      service: "ecs",
      operation: "UpdateService",
      input: {
        ...target,
        networkConfiguration: {
          awsvpcConfiguration: {
            subnets,
            ...(securityGroups.length > 0 ? { securityGroups } : {}),
            assignPublicIp: "DISABLED",
          },
        },
      },
    });
  },
  apply: (plan, clients) =>
    applyServiceUpdate(plan, clients, (described) => {
      const live = described.networkConfiguration?.awsvpcConfiguration;
      if (live?.assignPublicIp !== "ENABLED") return true;
      const planned = plan.call.input.networkConfiguration?.awsvpcConfiguration;
      if (
        !sameMembers(live.subnets, planned?.subnets) ||
        !sameMembers(live.securityGroups, planned?.securityGroups)
      ) {
        throw new StalePlanError(plan.call.input.service);
      }
      return false;
    }),
});

/** A list whose every element is known, or `undefined` when the list or an element is not; absent is empty. */
function known(values: Resolvable<readonly Resolvable<string>[] | undefined>): string[] | undefined {
  if (isUnresolved(values)) return undefined;
  const list = values ?? [];
  return list.every((value): value is string => !isUnresolved(value)) ? [...list] : undefined;
}

function sameMembers(left: readonly string[] | undefined, right: readonly string[] | undefined): boolean {
  const leftSorted = [...(left ?? [])].sort();
  const rightSorted = [...(right ?? [])].sort();
  return (
    leftSorted.length === rightSorted.length &&
    leftSorted.every((value, index) => value === rightSorted[index])
  );
}
