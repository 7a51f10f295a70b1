import { containerInstanceLookups, networkInterfaceLookups, OFFLINE_LOOKUPS } from "../engine/lookups.ts";
import type { ReadOutcome, StateReader } from "../hydrate/state-reader.ts";
import type { Scope } from "../model/arns.ts";
import { type ReadRequest, subjectOf } from "../model/cloudtrail.ts";
import { containerInstanceFromApi, ec2InstanceFromApi } from "../model/container-instance.ts";
import { asList, asRecord } from "../model/read.ts";
import { isUnresolved } from "../model/resolvable.ts";
import { runningTaskFromApi, taskNetworkInterfaces } from "../model/running-task.ts";
import { taskFromLaunch } from "../model/task.ts";
import type { Resource } from "../model/types.ts";
import type { Policy, PolicyLookups } from "../policies/define-policy.ts";
import { taskRoleLookups } from "./api-calls-evaluator.ts";
import { readInterfaces } from "./network-interface-reads.ts";

/**
 * The resource of a finding as it is now, with the state its policy reads; or why there is none to judge. `scopeTags`
 * are the tags IAM's `aws:ResourceTag` reads for the repair's calls where they are not the resource's own: a
 * container instance is repaired on its EC2 instance.
 */
export type FreshRead =
  | {
      readonly kind: "read";
      readonly resource: Resource;
      readonly lookups: PolicyLookups;
      readonly scopeTags?: ReadonlyMap<string, string>;
    }
  | { readonly kind: "gone"; readonly reason: string }
  | { readonly kind: "skipped"; readonly call: string; readonly reason: string };

const ARN = /^arn:([\w-]+):(ecs|ec2):([a-z0-9-]+):(\d{12}):([a-z-]+)\/(.+)$/;

/** A task stopping or stopped is gone for a repair; its STOPPED event archives its findings. */
const STOPPED = "STOPPED";

/**
 * Reads the resource a finding names, by its ARN, as it is now (never the copy an event or finding carries), through
 * the pipeline's reader, and the state the policy needs to judge it (task role permissions, network interfaces, the
 * EC2 instance). The ARN's resource type must be the one the policy judges.
 */
export async function readFresh(policy: Policy, resourceId: string, reader: StateReader): Promise<FreshRead> {
  const match = ARN.exec(resourceId);
  if (match === null) return skipped("Describe", `${resourceId} is not an ECS or EC2 ARN`);
  const [, partition = "", , region = "", account = "", type = "", path = ""] = match;
  const scope: Scope = { partition, region, account };
  const clusterArn = (name: string) => `arn:${partition}:ecs:${region}:${account}:cluster/${name}`;
  const parts = path.split("/");
  switch (`${policy.resource}:${type}`) {
    case "TaskDefinition:task-definition":
      return described(
        {
          call: "DescribeTaskDefinition",
          kind: "TaskDefinition",
          input: { taskDefinition: resourceId, include: ["TAGS"] },
        },
        reader,
        scope,
        policy,
      );
    case "Service:service": {
      const [cluster, name] = parts;
      // An old-format ARN (`service/<name>`) names no cluster: the read would have to guess it.
      if (cluster === undefined || name === undefined) {
        return skipped("DescribeServices", `${resourceId} does not name its cluster`);
      }
      return described(
        {
          call: "DescribeServices",
          kind: "Service",
          input: { cluster: clusterArn(cluster), services: [resourceId], include: ["TAGS"] },
        },
        reader,
        scope,
        policy,
      );
    }
    case "TaskSet:task-set": {
      const [cluster, service, id] = parts;
      if (cluster === undefined || service === undefined || id === undefined) {
        return skipped("DescribeTaskSets", `${resourceId} does not name its cluster and service`);
      }
      const serviceArn = `arn:${partition}:ecs:${region}:${account}:service/${cluster}/${service}`;
      return described(
        {
          call: "DescribeTaskSets",
          kind: "TaskSet",
          input: {
            cluster: clusterArn(cluster),
            service: serviceArn,
            taskSets: [resourceId],
            include: ["TAGS"],
          },
        },
        reader,
        scope,
        policy,
      );
    }
    case "Cluster:cluster":
      return described(
        {
          call: "DescribeClusters",
          kind: "Cluster",
          input: { clusters: [resourceId], include: ["SETTINGS", "CONFIGURATIONS", "TAGS"] },
        },
        reader,
        scope,
        policy,
      );
    case "CapacityProvider:capacity-provider":
      return described(
        {
          call: "DescribeCapacityProviders",
          kind: "CapacityProvider",
          input: { capacityProviders: [resourceId], include: ["TAGS"] },
        },
        reader,
        scope,
        policy,
      );
    case "RunningTask:task":
    case "Task:task": {
      const [cluster, id] = parts;
      if (cluster === undefined || id === undefined) {
        return skipped("DescribeTasks", `${resourceId} does not name its cluster`);
      }
      return readTask(policy, resourceId, clusterArn(cluster), reader);
    }
    case "ContainerInstance:instance":
      return readContainerInstance(path, reader);
    default:
      return skipped("Describe", `${policy.id} judges a ${policy.resource}, not ${resourceId}`);
  }
}

async function described(
  request: ReadRequest,
  reader: StateReader,
  scope: Scope,
  policy: Policy,
): Promise<FreshRead> {
  const outcome = await reader.read(request);
  if ("skipped" in outcome) return skipped(request.call, outcome.skipped);
  const [document] = outcome.documents;
  if (document === undefined) return gone(`${request.call} no longer describes it`);
  const { resource } = subjectOf(request.kind, document, scope);
  const lookups = policy.needs?.includes("rolePermissions")
    ? await taskRoleLookups([{ resource, document, resourceId: "" }], reader, scope.account)
    : OFFLINE_LOOKUPS;
  return { kind: "read", resource, lookups };
}

/**
 * A task, described again: one that stopped (or was asked to) is gone. A running task's network interfaces are read
 * when the policy judges them; its revision is not reviewed here, so a policy that judges the revision it runs stays
 * undecided, and is never repaired on a guess.
 */
async function readTask(
  policy: Policy,
  taskArn: string,
  clusterArn: string,
  reader: StateReader,
): Promise<FreshRead> {
  const outcome = await reader.inventory.tasks(clusterArn, [taskArn]);
  if ("skipped" in outcome) return skipped("DescribeTasks", outcome.skipped);
  const [document] = outcome.documents;
  if (
    document === undefined ||
    stringAt(document, "desiredStatus") === STOPPED ||
    stringAt(document, "lastStatus") === STOPPED
  ) {
    return gone("the task has stopped");
  }
  if (policy.resource === "Task") {
    // The launch request is not known any more: the policy judges what DescribeTasks still says of it.
    return { kind: "read", resource: taskFromLaunch(document, undefined), lookups: OFFLINE_LOOKUPS };
  }
  const task = runningTaskFromApi(document);
  if (!policy.needs?.includes("networkInterface")) {
    return { kind: "read", resource: task, lookups: OFFLINE_LOOKUPS };
  }
  const ids = taskNetworkInterfaces(task).flatMap((entry) =>
    isUnresolved(entry) ? [] : [entry.networkInterfaceId],
  );
  // Not read, an interface stays Unresolved: the policy cannot decide, and nothing is repaired on a guess.
  const { known, missing } = await readInterfaces(ids, reader);
  // An interface EC2 no longer knows belongs to a task that has stopped.
  if (missing.size > 0) return gone("the task's network interface no longer exists");
  return { kind: "read", resource: task, lookups: networkInterfaceLookups(known) };
}

/**
 * A container instance's findings are published under its EC2 instance's ARN: the EC2 instance is what is read
 * again, and what the repair changes. The container instance registered for it is looked up in every cluster: its
 * cluster and its ECS tags (which exempt it) are what the scope and the exemptions read.
 */
async function readContainerInstance(instanceId: string, reader: StateReader): Promise<FreshRead> {
  const outcome: ReadOutcome = await reader.readEc2Instance(instanceId);
  if ("skipped" in outcome) return skipped("DescribeInstances", outcome.skipped);
  const [document] = outcome.documents;
  if (document === undefined) return gone(`EC2 no longer describes ${instanceId}`);
  const stateName = stringAt(document, "State", "Name");
  if (stateName === "shutting-down" || stateName === "terminated")
    return gone(`the instance is ${stateName}`);
  const registered = await reader.inventory.containerInstanceOf(instanceId);
  if ("skipped" in registered) return skipped("ListContainerInstances", registered.skipped);
  const [containerInstance] = registered.documents;
  if (containerInstance === undefined) return gone(`no cluster holds ${instanceId} as a container instance`);
  return {
    kind: "read",
    resource: containerInstanceFromApi(containerInstance),
    lookups: containerInstanceLookups({
      ec2Instances: new Map([[instanceId, ec2InstanceFromApi(document)]]),
      tasks: new Map(),
    }),
    scopeTags: ec2TagsOf(document),
  };
}

/** An EC2 description's `Tags` (`Key`/`Value`), by key. */
function ec2TagsOf(document: unknown): ReadonlyMap<string, string> {
  return new Map(
    asList(asRecord(document)?.Tags).flatMap((tag) => {
      const { Key, Value } = asRecord(tag) ?? {};
      return typeof Key === "string" && typeof Value === "string" ? [[Key, Value] as const] : [];
    }),
  );
}

/** The string at a path of an API document, if there is one there. */
function stringAt(document: unknown, ...path: readonly string[]): string | undefined {
  let node: unknown = document;
  for (const key of path) {
    node = typeof node === "object" && node !== null ? (node as Record<string, unknown>)[key] : undefined;
  }
  return typeof node === "string" ? node : undefined;
}

function gone(reason: string): FreshRead {
  return { kind: "gone", reason };
}

function skipped(call: string, reason: string): FreshRead {
  return { kind: "skipped", call, reason };
}
