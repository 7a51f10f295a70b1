import {
  CreateTaskSetCommand,
  type CreateTaskSetRequest,
  DeleteTaskSetCommand,
  type DeleteTaskSetRequest,
  type Service as DescribedService,
  type TaskSet as DescribedTaskSet,
  DescribeServicesCommand,
  type DescribeServicesRequest,
  DescribeTaskSetsCommand,
  type DescribeTaskSetsRequest,
  type ECSClient,
  UpdateServicePrimaryTaskSetCommand,
  type UpdateServicePrimaryTaskSetRequest,
} from "@aws-sdk/client-ecs";
import { isUnresolved } from "../../model/resolvable.ts";
import type { TaskSet } from "../../model/types.ts";
import {
  type ApiCall,
  defineAction,
  isAwsError,
  type Outcome,
  type Plan,
  planCall,
  precluded,
} from "./action.ts";
import { CheckFailedError, describedOne } from "./described.ts";

const ID = "recreate-task-set-without-public-ip";

/** The only deployment controller whose task sets anyone but ECS or CodeDeploy may create, switch and delete. */
const EXTERNAL = "EXTERNAL";

// ECS answers for a service (or its cluster) deleted, or being deleted, since the finding with these.
const SERVICE_GONE = ["ServiceNotFoundException", "ServiceNotActiveException", "ClusterNotFoundException"];

/** ECS refuses DeleteTaskSet without `force` for a task set whose scale is not yet zero with this. */
const NOT_SCALED_DOWN = "InvalidParameterException";

/** Tag keys starting with `aws:` are AWS's own (CloudFormation's stack tags): no request may set them. */
const SYSTEM_TAG_PREFIX = "aws:";

/** Tags are set only as part of the creation, never on an existing resource. */
const TAGS_ON_CREATION = { StringEquals: { "ecs:CreateAction": "CreateTaskSet" } };

/** Said on every plan: the normalized task set holds neither its service's controller nor all its settings. */
const REBUILD_REASON =
  "the finding's resource holds neither the load balancers, service registries, scale and external id of the task " +
  "set nor its service's deployment controller: apply describes the task set again (with its tags) and its " +
  "service, creates the replacement only for a service with the EXTERNAL controller (CodeDeploy manages its own " +
  "task sets), with every setting of the old one but assignPublicIp DISABLED, makes it the primary task set if " +
  "the old one was, then deletes the old one without force: ECS drains it and stops its tasks once it is scaled " +
  "down to zero, and refuses the deletion before";

/**
 * The service of the task set is not deployed by an external controller: CreateTaskSet would fail (ECS) or fight
 * CodeDeploy, which creates and deletes its own task sets. Nothing is changed; the fix belongs to the deployment.
 */
export class NotExternallyDeployedError extends Error {
  override readonly name = "NotExternallyDeployedError";
  readonly service: string;
  readonly controller: string;

  constructor(service: string, controller: string) {
    super(
      controller === "CODE_DEPLOY"
        ? `${service} is deployed by CodeDeploy, which manages its task sets: turn off the public IP in its deployment's AppSpec network configuration`
        : `${service} has the ${controller} deployment controller: only an EXTERNAL service's task sets can be re-created`,
    );
    this.service = service;
    this.controller = controller;
  }
}

export default defineAction<"TaskSet", CreateTaskSetRequest>({
  id: ID,
  description:
    "Re-creates a task set of an EXTERNAL service without public IPs, primary if the old one was, and deletes the old one.",
  policies: ["no-task-set-public-ip"],
  resources: ["TaskSet"],
  permissions: [
    {
      actions: ["ecs:DescribeServices"],
      resources: [{ arn: "arn:{partition}:ecs:{region}:{account}:service/*" }],
      scopableBy: ["ecs:cluster", "aws:ResourceTag"],
    },
    // Scoped by cluster only: a tag that scopes the guardrail to a service need not be on its task sets.
    {
      actions: ["ecs:DescribeTaskSets", "ecs:DeleteTaskSet"],
      resources: [{ arn: "arn:{partition}:ecs:{region}:{account}:task-set/*" }],
      scopableBy: ["ecs:cluster"],
    },
    // Authorized against the task set made primary; the service is named too, as the request changes it.
    {
      actions: ["ecs:UpdateServicePrimaryTaskSet"],
      resources: [
        { arn: "arn:{partition}:ecs:{region}:{account}:task-set/*" },
        { arn: "arn:{partition}:ecs:{region}:{account}:service/*" },
      ],
      scopableBy: ["ecs:cluster"],
    },
    // The task set does not exist yet: no resource tag to scope by.
    {
      actions: ["ecs:CreateTaskSet"],
      resources: [{ arn: "arn:{partition}:ecs:{region}:{account}:task-set/*" }],
      scopableBy: ["ecs:cluster"],
    },
    {
      actions: ["ecs:TagResource"],
      resources: [{ arn: "arn:{partition}:ecs:{region}:{account}:task-set/*" }],
      scopableBy: [],
      conditions: TAGS_ON_CREATION,
      checkedDuring: "ecs:CreateTaskSet",
    },
  ],
  plan(taskSet, context) {
    const { arn, cluster, service } = taskSet;
    if (arn === undefined) return precluded("the task set has no ARN: it is not deployed");
    // Known without a read: the service's controller is read again in apply for the rest.
    if (taskSet.startedBy === "CODE_DEPLOY") {
      return precluded("CodeDeploy created the task set: its AppSpec decides the network configuration");
    }
    if (cluster === undefined || isUnresolved(cluster) || service === undefined || isUnresolved(service)) {
      return precluded("the task set's cluster or service is not known");
    }
    const network = taskSet.networkConfiguration;
    if (network === undefined || isUnresolved(network) || network.awsvpcConfiguration === undefined) {
      return precluded("the task set has no awsvpc configuration known");
    }
    const described = describedOf(taskSet);
    if (described === undefined) return precluded("the task set holds values that are not known");
    return planCall(ID, replacementCall(described, { cluster, service }), {
      from: describeTaskSetCall(cluster, service, arn),
      policyId: context.policyId,
      reason: REBUILD_REASON,
    });
  },
  async apply(plan, clients) {
    const { check, cluster, service, taskSet } = checkOf(plan);
    const calls: ApiCall[] = [check];
    const described = await describeTaskSets(clients.ecs, check);
    const current = described === "gone" ? undefined : described[0];
    if (current === undefined) return { kind: "gone", calls };
    const draining = current.status === "DRAINING";
    if (!draining && current.networkConfiguration?.awsvpcConfiguration?.assignPublicIp !== "ENABLED") {
      return { kind: "already-fixed", calls };
    }

    // A task set being deleted needs nothing more, whoever deployed it.
    if (!draining) {
      const serviceCheck: ApiCall<DescribeServicesRequest> = {
        service: "ecs",
        operation: "DescribeServices",
        input: { cluster, services: [service] },
      };
      calls.push(serviceCheck);
      const owner = await describeService(clients.ecs, serviceCheck);
      if (owner === undefined) return { kind: "gone", calls };
      const controller = owner.deploymentController?.type ?? "ECS";
      if (controller !== EXTERNAL) throw new NotExternallyDeployedError(service, controller);
    }

    // Idempotency: an earlier run may have created the replacement, and stopped before it deleted the old one.
    const siblingsCall: ApiCall<DescribeTaskSetsRequest> = {
      service: "ecs",
      operation: "DescribeTaskSets",
      input: { cluster, service },
    };
    calls.push(siblingsCall);
    const siblings = await describeTaskSets(clients.ecs, siblingsCall);
    if (siblings === "gone") return { kind: "gone", calls };
    const earlier = siblings.find((sibling) => isReplacementOf(sibling, current));
    // Deleted by an earlier run when its replacement is there, else by someone else.
    if (draining) return { kind: earlier === undefined ? "gone" : "already-fixed", calls };

    const notes: string[] = [];
    let changed = false;
    let replacement = earlier;
    if (replacement === undefined) {
      const creation = replacementCall(current, { cluster, service });
      calls.push(creation);
      try {
        replacement = (await clients.ecs.send(new CreateTaskSetCommand(creation.input))).taskSet;
        changed = true;
      } catch (error) {
        if (isAwsError(error, SERVICE_GONE)) return { kind: "gone", calls };
        throw error;
      }
    } else {
      notes.push(`${replacement.taskSetArn} already replaces it: not created again`);
    }
    const replacementArn = replacement?.taskSetArn;
    if (replacementArn === undefined)
      throw new Error("CreateTaskSet answered without the new task set's ARN");

    if (current.status === "PRIMARY" && replacement?.status !== "PRIMARY") {
      const primary: ApiCall<UpdateServicePrimaryTaskSetRequest> = {
        service: "ecs",
        operation: "UpdateServicePrimaryTaskSet",
        input: { cluster, service, primaryTaskSet: replacementArn },
      };
      calls.push(primary);
      await clients.ecs.send(new UpdateServicePrimaryTaskSetCommand(primary.input));
      changed = true;
    }

    const deletion: ApiCall<DeleteTaskSetRequest> = {
      service: "ecs",
      operation: "DeleteTaskSet",
      input: { cluster, service, taskSet, force: false },
    };
    calls.push(deletion);
    const deleted = await deleteOld(clients.ecs, deletion, replacementArn);
    if (deleted.note !== undefined) notes.push(deleted.note);
    // A retry that finds the replacement serving and ECS still refusing the deletion changes nothing: the note says why.
    const outcome: Outcome = { kind: changed || deleted.draining ? "changed" : "already-fixed", calls };
    return notes.length > 0 ? { ...outcome, notes } : outcome;
  },
});

/**
 * Deletes the old task set without force: ECS drains it (its tasks stop and leave their load balancers), or refuses
 * while its scale is above zero, which a person lowers once the replacement serves. Says what was left undone.
 */
async function deleteOld(
  ecs: ECSClient,
  deletion: ApiCall<DeleteTaskSetRequest>,
  replacementArn: string,
): Promise<{ readonly draining: boolean; readonly note?: string }> {
  const { taskSet } = deletion.input;
  try {
    await ecs.send(new DeleteTaskSetCommand(deletion.input));
    return { draining: true };
  } catch (error) {
    if (isAwsError(error, ["TaskSetNotFoundException", ...SERVICE_GONE])) {
      return { draining: false, note: `${taskSet} was deleted meanwhile` };
    }
    if (!isAwsError(error, [NOT_SCALED_DOWN])) throw error;
    const note = `${taskSet} is left running with public IPs: ECS deletes a task set without force only once it is scaled down to zero (${error.message}); scale it to 0 (UpdateTaskSet) once ${replacementArn} serves, and the next repair deletes it`;
    return { draining: false, note };
  }
}

/** The DescribeTaskSets call naming one task set, with its tags, which the replacement keeps. */
function describeTaskSetCall(
  cluster: string,
  service: string,
  taskSet: string,
): ApiCall<DescribeTaskSetsRequest> {
  return {
    service: "ecs",
    operation: "DescribeTaskSets",
    input: { cluster, service, taskSets: [taskSet], include: ["TAGS"] },
  };
}

/** The plan's check (the task set it re-creates, described with its tags), and what it names. */
function checkOf(plan: Plan<CreateTaskSetRequest>): ServiceOf & {
  readonly check: ApiCall<DescribeTaskSetsRequest>;
  readonly taskSet: string;
} {
  const check = plan.rebuild?.from as ApiCall<DescribeTaskSetsRequest> | undefined;
  const [taskSet] = check?.input.taskSets ?? [];
  const { cluster, service } = check?.input ?? {};
  if (check === undefined || cluster === undefined || service === undefined || taskSet === undefined) {
    throw new Error(`a ${ID} plan names the task set it re-creates`);
  }
  return { check, cluster, service, taskSet };
}

interface ServiceOf {
  readonly cluster: string;
  readonly service: string;
}

/**
 * The CreateTaskSet request of a task set's replacement: every setting it can be created with, the same, but
 * `assignPublicIp: DISABLED`. A capacity provider strategy excludes a launch type.
 */
function replacementCall(taskSet: DescribedTaskSet, target: ServiceOf): ApiCall<CreateTaskSetRequest> {
  const awsvpc = taskSet.networkConfiguration?.awsvpcConfiguration;
  const strategy = taskSet.capacityProviderStrategy ?? [];
  const tags = (taskSet.tags ?? []).filter((tag) => !tag.key?.startsWith(SYSTEM_TAG_PREFIX));
  const input: CreateTaskSetRequest = {
    cluster: target.cluster,
    service: target.service,
    taskDefinition: taskSet.taskDefinition ?? "",
    ...(taskSet.externalId !== undefined && { externalId: taskSet.externalId }),
    networkConfiguration: {
      awsvpcConfiguration: {
        subnets: awsvpc?.subnets ?? [],
        ...(awsvpc?.securityGroups?.length && { securityGroups: awsvpc.securityGroups }),
        assignPublicIp: "DISABLED",
      },
    },
    ...(taskSet.loadBalancers?.length && { loadBalancers: taskSet.loadBalancers }),
    ...(taskSet.serviceRegistries?.length && { serviceRegistries: taskSet.serviceRegistries }),
    ...(strategy.length > 0
      ? { capacityProviderStrategy: strategy }
      : taskSet.launchType !== undefined && { launchType: taskSet.launchType }),
    ...(taskSet.platformVersion !== undefined && { platformVersion: taskSet.platformVersion }),
    ...(taskSet.scale !== undefined && { scale: taskSet.scale }),
    ...(tags.length > 0 && { tags }),
  };
  return { service: "ecs", operation: "CreateTaskSet", input };
}

/**
 * The normalized task set as DescribeTaskSets would answer for the fields it holds, or `undefined` when a value is
 * not known: a plan never shows a guess.
 */
function describedOf(taskSet: TaskSet): DescribedTaskSet | undefined {
  const { kind: _kind, arn, cluster: _cluster, service: _service, ...fields } = taskSet;
  if (holdsUnresolved(fields) || fields.taskDefinition === undefined) return undefined;
  // The round trip drops the fields the source did not set, as an API response omits them.
  return JSON.parse(JSON.stringify({ ...fields, taskSetArn: arn }));
}

function holdsUnresolved(value: unknown): boolean {
  if (isUnresolved(value)) return true;
  if (typeof value !== "object" || value === null) return false;
  return Object.values(value).some(holdsUnresolved);
}

/** A task set created from the same task definition without public IPs, and not being deleted: a replacement. */
function isReplacementOf(candidate: DescribedTaskSet, old: DescribedTaskSet): boolean {
  return (
    candidate.taskSetArn !== old.taskSetArn &&
    candidate.taskDefinition === old.taskDefinition &&
    candidate.status !== "DRAINING" &&
    candidate.networkConfiguration?.awsvpcConfiguration?.assignPublicIp === "DISABLED"
  );
}

/** The task sets described, or `gone` when the service or its cluster no longer exists. */
async function describeTaskSets(
  ecs: ECSClient,
  call: ApiCall<DescribeTaskSetsRequest>,
): Promise<DescribedTaskSet[] | "gone"> {
  try {
    const described = await ecs.send(new DescribeTaskSetsCommand(call.input));
    // A task set named and MISSING is gone; any other failure is thrown, so the caller retries.
    const failures = (described.failures ?? []).filter((failure) => failure.reason !== "MISSING");
    if (failures.length > 0) throw new CheckFailedError(call, failures);
    return described.taskSets ?? [];
  } catch (error) {
    if (isAwsError(error, SERVICE_GONE)) return "gone";
    throw error;
  }
}

/** The service, or `undefined` when it no longer exists or is being deleted. */
async function describeService(
  ecs: ECSClient,
  call: ApiCall<DescribeServicesRequest>,
): Promise<DescribedService | undefined> {
  try {
    const described = await ecs.send(new DescribeServicesCommand(call.input));
    const found = describedOne(call, described.services, described.failures);
    return found === undefined || found.status === "INACTIVE" || found.status === "DRAINING"
      ? undefined
      : found;
  } catch (error) {
    if (isAwsError(error, ["ClusterNotFoundException"])) return undefined;
    throw error;
  }
}
