import type { Service, UpdateServiceCommandInput } from "@aws-sdk/client-ecs";
import type { ApiCall } from "./actions/action.ts";

/** A service the rollout leaves alone, and why. */
export interface SkippedService {
  /** The service's ARN, or its name when the description has no ARN. */
  readonly service: string;
  readonly reason: string;
}

export interface RolloutPlan {
  /** One UpdateService call per service to move, in the order of the services given. */
  readonly updates: readonly ApiCall<UpdateServiceCommandInput>[];
  readonly skipped: readonly SkippedService[];
}

/**
 * The UpdateService calls that move the services running `oldRevisionArn` to `newRevisionArn`, from the services as
 * DescribeServices describes them. Each call names only the cluster, the service and the new revision: UpdateService
 * leaves every parameter it is not given as it is, so the deployment, network and load balancer settings stay.
 * Revisions are compared by full ARN, so `family:1` never matches `family:12`.
 */
export function rolloutPlan(
  oldRevisionArn: string,
  newRevisionArn: string,
  services: readonly Service[],
): RolloutPlan {
  const updates: ApiCall<UpdateServiceCommandInput>[] = [];
  const skipped: SkippedService[] = [];
  for (const service of services) {
    const name = service.serviceArn ?? service.serviceName ?? "(unnamed service)";
    const reason = reasonToSkip(service, oldRevisionArn);
    if (reason !== undefined) {
      skipped.push({ service: name, reason });
      continue;
    }
    const input = {
      cluster: service.clusterArn,
      service: service.serviceArn,
      taskDefinition: newRevisionArn,
    };
    updates.push({ service: "ecs", operation: "UpdateService", input });
  }
  return { updates, skipped };
}

function reasonToSkip(service: Service, oldRevisionArn: string): string | undefined {
  if (service.serviceArn === undefined || service.clusterArn === undefined)
    return "the description names no service or cluster ARN";
  if (service.status !== "ACTIVE")
    return `the service is ${service.status ?? "of unknown status"}: ECS updates only ACTIVE services`;
  if (service.taskDefinition !== oldRevisionArn)
    return `the service runs ${service.taskDefinition ?? "no task definition"}, not the revision that was fixed`;
  const controller = service.deploymentController?.type ?? "ECS";
  // UpdateService cannot change the task definition of these: CodeDeploy or the external controller deploys it.
  if (controller === "CODE_DEPLOY")
    return "the service deploys with CodeDeploy (blue/green): the new revision needs a CodeDeploy deployment";
  if (controller !== "ECS")
    return `the service's deployment controller is ${controller}: the new revision needs a new task set`;
  return undefined;
}
