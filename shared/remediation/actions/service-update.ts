import {
  type Service as DescribedService,
  DescribeServicesCommand,
  UpdateServiceCommand,
  type UpdateServiceCommandInput,
} from "@aws-sdk/client-ecs";
import { isUnresolved } from "../../model/resolvable.ts";
import type { Service } from "../../model/types.ts";
import type { RemediationPermission } from "../permission.ts";
import {
  type ApiCall,
  isAwsError,
  type Outcome,
  type Plan,
  type Precluded,
  precluded,
  type RemediationClients,
} from "./action.ts";
import { describedOne } from "./described.ts";

/** The UpdateService request every service action starts from: the service and its cluster, by ARN. */
export interface ServiceTarget {
  readonly cluster: string;
  readonly service: string;
}

/** An UpdateService request naming its service and cluster. */
export type ServiceUpdate = UpdateServiceCommandInput & ServiceTarget;

/** The service's ARN and cluster, or why the plan cannot name them (a service not yet created, an intrinsic). */
export function serviceTarget(service: Service): ServiceTarget | Precluded {
  const { arn, cluster } = service;
  if (arn === undefined) return precluded("the service has no ARN: it is not deployed");
  if (cluster === undefined || isUnresolved(cluster)) return precluded("the service's cluster is not known");
  return { cluster, service: arn };
}

// ECS answers UpdateService for a service deleted (or being deleted) since the check with these.
const GONE_CODES = ["ServiceNotFoundException", "ServiceNotActiveException", "ClusterNotFoundException"];

/**
 * Check, then act: describes the service, and sends the plan's UpdateService only while `isFixed` says the live
 * service still needs it. A service that is missing, INACTIVE or DRAINING (being deleted) is gone.
 */
export async function applyServiceUpdate(
  plan: Plan<ServiceUpdate>,
  clients: RemediationClients,
  isFixed: (described: DescribedService) => boolean,
): Promise<Outcome> {
  const { cluster, service } = plan.call.input;
  const check: ApiCall<{ cluster?: string; services: string[] }> = {
    service: "ecs",
    operation: "DescribeServices",
    input: { cluster, services: [service] },
  };
  let found: DescribedService | undefined;
  try {
    const described = await clients.ecs.send(new DescribeServicesCommand(check.input));
    found = describedOne(check, described.services, described.failures);
  } catch (error) {
    if (isAwsError(error, ["ClusterNotFoundException"])) return { kind: "gone", calls: [check] };
    throw error;
  }
  if (found === undefined || found.status === "INACTIVE" || found.status === "DRAINING") {
    return { kind: "gone", calls: [check] };
  }
  if (isFixed(found)) return { kind: "already-fixed", calls: [check] };
  try {
    await clients.ecs.send(new UpdateServiceCommand(plan.call.input));
  } catch (error) {
    if (isAwsError(error, GONE_CODES)) return { kind: "gone", calls: [check, plan.call] };
    throw error;
  }
  return { kind: "changed", calls: [check, plan.call] };
}

/** What every service action needs: to read the service, then update it. */
export const SERVICE_UPDATE_PERMISSIONS: readonly RemediationPermission[] = [
  {
    actions: ["ecs:DescribeServices", "ecs:UpdateService"],
    resources: [{ arn: "arn:{partition}:ecs:{region}:{account}:service/*" }],
    scopableBy: ["ecs:cluster", "aws:ResourceTag"],
  },
];
