import type { ResourceKind } from "./types.ts";

/**
 * The ECS calls that delete (or deregister) one resource, and how their CloudTrail records name it: the response
 * describes the resource as ECS left it; the request names it, for when CloudTrail left the response out.
 */
export interface Deletion {
  readonly kind: "TaskDefinition" | "Service" | "TaskSet" | "Cluster" | "CapacityProvider";
  /** The member of `responseElements` that describes the resource. */
  readonly response: string;
  /** The member of that description which holds the resource's ARN. */
  readonly arn: string;
  /** Why the resource's findings are archived, as the archived findings say. */
  readonly reason: string;
  /**
   * The resource as the request names it, in the API shape its normalizer reads (so its id is built as the
   * verdicts' ids are), or `undefined` where the request does not name it exactly.
   */
  readonly fromRequest: (request: Readonly<Record<string, unknown>>) => unknown;
}

export const deletions = {
  DeregisterTaskDefinition: {
    kind: "TaskDefinition",
    response: "taskDefinition",
    arn: "taskDefinitionArn",
    reason:
      "the revision is deregistered (INACTIVE): no new task or service can use it, and running-task-definition-active judges the tasks that still run it",
    fromRequest: ({ taskDefinition }) => revisionNamed(taskDefinition),
  },
  DeleteService: {
    kind: "Service",
    response: "service",
    arn: "serviceArn",
    reason: "the service is deleted",
    // A name gives the new ARN format (service/<cluster>/<name>). An old-format service deleted by name without a
    // response keeps its findings: guessing service/<name> could archive a same-named service of another cluster.
    fromRequest: ({ cluster, service }) =>
      isArn(service) ? { serviceArn: service } : named(service, (serviceName) => ({ cluster, serviceName })),
  },
  DeleteTaskSet: {
    kind: "TaskSet",
    response: "taskSet",
    arn: "taskSetArn",
    reason: "the task set is deleted",
    fromRequest: ({ cluster, service, taskSet }) =>
      isArn(taskSet) ? { taskSetArn: taskSet } : named(taskSet, (id) => ({ cluster, service, id })),
  },
  DeleteCluster: {
    kind: "Cluster",
    response: "cluster",
    arn: "clusterArn",
    reason: "the cluster is deleted (INACTIVE)",
    fromRequest: ({ cluster }) =>
      isArn(cluster) ? { clusterArn: cluster } : named(cluster, (clusterName) => ({ clusterName })),
  },
  DeleteCapacityProvider: {
    kind: "CapacityProvider",
    response: "capacityProvider",
    arn: "capacityProviderArn",
    reason: "the capacity provider is deleted",
    // A Managed Instances provider belongs to its cluster (the request names it), and its ARN format is not
    // documented: only its ARN names it exactly.
    fromRequest: ({ capacityProvider, cluster }) =>
      isArn(capacityProvider)
        ? { capacityProviderArn: capacityProvider }
        : cluster === undefined
          ? named(capacityProvider, (name) => ({ name }))
          : undefined,
  },
} as const satisfies Readonly<Record<string, Deletion>>;

export type DeletionName = keyof typeof deletions;

export function isDeletion(eventName: string): eventName is DeletionName {
  return Object.hasOwn(deletions, eventName);
}

/**
 * The kinds of the policies whose findings are published under a resource's id: its own, and for a service those of
 * the ECS events about it (service actions, deployment state changes), which are published under the service's ARN.
 */
export function findingKindsOf(kind: ResourceKind): readonly ResourceKind[] {
  return kind === "Service" ? ["Service", "ServiceEvent"] : [kind];
}

/** Why the revisions DeleteTaskDefinitions deleted have their findings archived (again: deregistering did first). */
export const DELETED_REVISION_REASON =
  "the revision is deleted (DELETE_IN_PROGRESS): ECS removes it once no task or service uses it";

/** Why an account setting DeleteAccountSetting removed has its findings archived. */
export const DELETED_ACCOUNT_SETTING_REASON =
  "the setting is deleted: ECS applies the next one in its place (the account default, or else AWS's)";

/** A revision as DeregisterTaskDefinition's request names it: its ARN, or `family:revision`. */
function revisionNamed(taskDefinition: unknown): unknown {
  if (isArn(taskDefinition)) return { taskDefinitionArn: taskDefinition };
  const match = typeof taskDefinition === "string" ? /^([^:]+):(\d+)$/.exec(taskDefinition) : null;
  return match === null ? undefined : { family: match[1], revision: Number(match[2]) };
}

function named(name: unknown, document: (name: string) => unknown): unknown {
  return typeof name === "string" && name.trim() !== "" ? document(name) : undefined;
}

function isArn(value: unknown): value is string {
  return typeof value === "string" && value.startsWith("arn:");
}
