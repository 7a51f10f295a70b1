import type { SweepStep } from "../../events/schemas/sweep.ts";
import { readRevisionArn } from "../model/arns.ts";
import { chunksOf } from "../model/chunks.ts";
import { asList, asRecord } from "../model/read.ts";

/** How much of the sweep one step holds: what one invocation judges and publishes in well under a minute. */
export const STEP_SIZES = {
  /** Two DescribeServices calls (10 services each) and their task sets. */
  services: 20,
  /** Ten DescribeTaskDefinition calls (no batch call exists) and the task roles' IAM reads. */
  revisions: 10,
  /** One DescribeContainerInstances call and one DescribeInstances call per instance. */
  containerInstances: 25,
} as const;

/** What the sweep's first invocation lists of one cluster. */
export interface ClusterInventory {
  readonly clusterArn: string;
  /** As DescribeServices describes them. */
  readonly services: readonly unknown[];
  /** As DescribeTasks describes them: the tasks that are running or about to run. */
  readonly tasks: readonly unknown[];
  readonly containerInstanceArns: readonly string[];
}

export interface AccountInventory {
  readonly clusters: readonly ClusterInventory[];
  /** Every ACTIVE task definition revision's ARN (ListTaskDefinitions). */
  readonly activeRevisions: readonly string[];
}

/** A revision the sweep judges, and the services that run it (none when it is only its family's latest or run by standalone tasks). */
export interface RevisionInUse {
  readonly taskDefinition: string;
  readonly services: readonly string[];
}

/**
 * The task definition revisions to judge: the latest ACTIVE revision of each family, and every revision a
 * service (any of its deployments), task set or running task uses, even INACTIVE ones, each with the services
 * that run it. Sorted, so a sweep of the same account plans the same steps.
 */
export function revisionsInUse(inventory: AccountInventory): RevisionInUse[] {
  const services = new Map<string, Set<string>>();
  const use = (taskDefinition: unknown, service?: string) => {
    if (typeof taskDefinition !== "string" || taskDefinition === "") return;
    const users = services.get(taskDefinition) ?? new Set<string>();
    if (service !== undefined) users.add(service);
    services.set(taskDefinition, users);
  };
  for (const revision of latestRevisions(inventory.activeRevisions)) use(revision);
  for (const cluster of inventory.clusters) {
    for (const document of cluster.services) {
      const service = asRecord(document);
      const serviceArn = typeof service?.serviceArn === "string" ? service.serviceArn : undefined;
      use(service?.taskDefinition, serviceArn);
      for (const deployment of asList(service?.deployments))
        use(asRecord(deployment)?.taskDefinition, serviceArn);
      for (const taskSet of asList(service?.taskSets)) use(asRecord(taskSet)?.taskDefinition, serviceArn);
    }
    for (const task of cluster.tasks) use(asRecord(task)?.taskDefinitionArn);
  }
  return [...services]
    .map(([taskDefinition, users]) => ({ taskDefinition, services: [...users].sort() }))
    .sort((left, right) => left.taskDefinition.localeCompare(right.taskDefinition));
}

/** The highest revision of each family among ACTIVE revision ARNs (`…:task-definition/<family>:<revision>`). */
export function latestRevisions(activeRevisions: readonly string[]): string[] {
  const latest = new Map<string, { revision: number; arn: string }>();
  for (const arn of activeRevisions) {
    const read = readRevisionArn(arn);
    if (read === undefined) continue;
    const current = latest.get(read.family);
    if (current === undefined || read.revision > current.revision) {
      latest.set(read.family, { revision: read.revision, arn });
    }
  }
  return [...latest.values()].map((entry) => entry.arn);
}

/** The steps that judge the inventory's services, revisions and container instances, each of its own size. */
export function judgingSteps(sweepId: string, inventory: AccountInventory): SweepStep[] {
  return [
    ...inventory.clusters.flatMap(({ clusterArn, services }) =>
      chunksOf(
        services.flatMap((document) => {
          const serviceArn = asRecord(document)?.serviceArn;
          return typeof serviceArn === "string" ? [serviceArn] : [];
        }),
        STEP_SIZES.services,
      ).map((chunk): SweepStep => ({ step: "services", sweepId, cluster: clusterArn, services: chunk })),
    ),
    ...chunksOf(revisionsInUse(inventory), STEP_SIZES.revisions).map(
      (chunk): SweepStep => ({
        step: "revisions",
        sweepId,
        revisions: chunk.map((revision) => ({ ...revision, services: [...revision.services] })),
      }),
    ),
    ...inventory.clusters.flatMap(({ clusterArn, containerInstanceArns }) =>
      chunksOf(containerInstanceArns, STEP_SIZES.containerInstances).map(
        (chunk): SweepStep => ({
          step: "container-instances",
          sweepId,
          cluster: clusterArn,
          containerInstances: chunk,
        }),
      ),
    ),
  ];
}
