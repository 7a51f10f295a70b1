import {
  DescribeCapacityProvidersCommand,
  DescribeClustersCommand,
  DescribeContainerInstancesCommand,
  DescribeServicesCommand,
  DescribeTasksCommand,
  type ECSClient,
  paginateListAccountSettings,
  paginateListClusters,
  paginateListContainerInstances,
  paginateListServices,
  paginateListTaskDefinitions,
  paginateListTasks,
} from "@aws-sdk/client-ecs";
import {
  type AwsSecurityFinding,
  type AwsSecurityFindingFilters,
  GetFindingsCommand,
  type SecurityHubClient,
} from "@aws-sdk/client-securityhub";
import pLimit from "p-limit";
import { chunksOf } from "../model/chunks.ts";
import { stringsIn } from "../model/read.ts";
import { isAccessDenied } from "./access-denied.ts";
import { outcomeOf } from "./ecs-state-reader.ts";
import { combinedOutcome, type ReadOutcome } from "./state-reader.ts";

/**
 * ECS calls in flight at once. ECS refills most accounts' List and Describe buckets at 20 calls a second; four
 * concurrent calls of ~100 ms stay under that, and the clients' adaptive retry slows down further when ECS throttles.
 */
export const ECS_CONCURRENCY = 4;

/** The most each call takes (ECS's documented maximums). */
const PER_CALL = {
  listPage: 100,
  describeClusters: 100,
  describeServices: 10,
  describeTasks: 100,
  describeContainerInstances: 100,
  findings: 100,
} as const;

const CLUSTER_INCLUDE = ["SETTINGS", "CONFIGURATIONS", "TAGS"] as const;

/** A page of the guardrail's own findings, and the token of the next one. */
export interface FindingsPage {
  readonly findings: readonly AwsSecurityFinding[];
  readonly nextToken: string | undefined;
}

/**
 * Lists what an account holds, for the sweep: every listing is complete or skipped (ECS denied a call), never
 * partial, so a resource missing from a listing is gone. Throttling and 5xx that outlast the SDK's retries reject,
 * and the sweep step returns to its queue.
 */
export interface InventoryReader {
  /** Every ACTIVE cluster, described with its settings, configurations and tags. */
  clusters(): Promise<ReadOutcome>;
  /**
   * The account's capacity providers (Auto Scaling group providers, and FARGATE and FARGATE_SPOT), or with a cluster,
   * those associated with it: Managed Instances providers belong to their cluster and are listed only that way.
   */
  capacityProviders(cluster?: string): Promise<ReadOutcome>;
  /** The account default of every setting, as ECS applies it (effective settings of the root user). */
  accountDefaults(partition: string, account: string): Promise<ReadOutcome>;
  /** The ARNs of the cluster's services (ListServices), as `documents`. */
  serviceArns(cluster: string): Promise<ReadOutcome>;
  /** These services of the cluster, described with their tags. */
  services(cluster: string, serviceArns: readonly string[]): Promise<ReadOutcome>;
  /** The ARNs of the cluster's tasks that run or are about to (ListTasks, desired status RUNNING). */
  taskArns(cluster: string): Promise<ReadOutcome>;
  /** These tasks of the cluster, described. */
  tasks(cluster: string, taskArns: readonly string[]): Promise<ReadOutcome>;
  /** Every ACTIVE task definition revision's ARN. */
  activeRevisions(): Promise<ReadOutcome>;
  /** The ARNs of the cluster's container instances, whatever their status but INACTIVE. */
  containerInstanceArns(cluster: string): Promise<ReadOutcome>;
  /** These container instances of the cluster, described. */
  containerInstances(cluster: string, containerInstanceArns: readonly string[]): Promise<ReadOutcome>;
  /**
   * The container instance registered for an EC2 instance, described with its tags and its `clusterArn` (which the
   * description does not repeat); none when no cluster holds the instance.
   */
  containerInstanceOf(ec2InstanceId: string): Promise<ReadOutcome>;
  /** One page of the findings that match the filters. */
  findings(
    filters: AwsSecurityFindingFilters,
    nextToken: string | undefined,
  ): Promise<FindingsPage | { readonly skipped: string }>;
}

export function inventoryReader(ecs: ECSClient, securityHub: SecurityHubClient): InventoryReader {
  const limit = pLimit(ECS_CONCURRENCY);
  const describeEach = async (
    call: string,
    ids: readonly string[],
    size: number,
    describe: (
      chunk: string[],
    ) => Promise<{ documents: readonly unknown[]; failures?: readonly { arn?: string; reason?: string }[] }>,
  ): Promise<ReadOutcome> =>
    skipDenied(call, async () => {
      const outcomes = await Promise.all(
        chunksOf(ids, size).map((chunk) =>
          limit(async () => {
            const { documents, failures } = await describe(chunk);
            return outcomeOf(call, documents, failures);
          }),
        ),
      );
      return combinedOutcome(outcomes);
    });

  const clusterArns = () =>
    skipDenied("ListClusters", () =>
      pages(
        paginateListClusters({ client: ecs, pageSize: PER_CALL.listPage }, {}),
        (page) => page.clusterArns,
      ),
    );

  const inventory: InventoryReader = {
    async clusters() {
      const arns = await clusterArns();
      if ("skipped" in arns) return arns;
      return describeEach(
        "DescribeClusters",
        stringsIn(arns.documents),
        PER_CALL.describeClusters,
        async (clusters) => {
          const output = await ecs.send(
            new DescribeClustersCommand({ clusters, include: [...CLUSTER_INCLUDE] }),
          );
          return { documents: output.clusters ?? [], failures: output.failures };
        },
      );
    },
    capacityProviders: (cluster) =>
      skipDenied("DescribeCapacityProviders", async () => {
        const documents: unknown[] = [];
        let nextToken: string | undefined;
        do {
          const output = await limit(() =>
            ecs.send(
              new DescribeCapacityProvidersCommand({ cluster, include: ["TAGS"], maxResults: 10, nextToken }),
            ),
          );
          documents.push(...(output.capacityProviders ?? []));
          nextToken = output.nextToken;
        } while (nextToken !== undefined);
        return { documents };
      }),
    accountDefaults: (partition, account) =>
      skipDenied("ListAccountSettings", () =>
        pages(
          paginateListAccountSettings(
            { client: ecs, pageSize: PER_CALL.listPage },
            { principalArn: `arn:${partition}:iam::${account}:root`, effectiveSettings: true },
          ),
          (page) => page.settings,
        ),
      ),
    serviceArns: (cluster) =>
      skipDenied("ListServices", () =>
        pages(
          paginateListServices({ client: ecs, pageSize: PER_CALL.listPage }, { cluster }),
          (page) => page.serviceArns,
        ),
      ),
    services: (cluster, serviceArns) =>
      describeEach("DescribeServices", serviceArns, PER_CALL.describeServices, async (services) => {
        const output = await ecs.send(new DescribeServicesCommand({ cluster, services, include: ["TAGS"] }));
        return { documents: output.services ?? [], failures: output.failures };
      }),
    taskArns: (cluster) =>
      skipDenied("ListTasks", () =>
        pages(
          paginateListTasks(
            { client: ecs, pageSize: PER_CALL.listPage },
            { cluster, desiredStatus: "RUNNING" },
          ),
          (page) => page.taskArns,
        ),
      ),
    tasks: (cluster, taskArns) =>
      describeEach("DescribeTasks", taskArns, PER_CALL.describeTasks, async (tasks) => {
        const output = await ecs.send(new DescribeTasksCommand({ cluster, tasks, include: ["TAGS"] }));
        return { documents: output.tasks ?? [], failures: output.failures };
      }),
    activeRevisions: () =>
      skipDenied("ListTaskDefinitions", () =>
        pages(
          paginateListTaskDefinitions({ client: ecs, pageSize: PER_CALL.listPage }, { status: "ACTIVE" }),
          (page) => page.taskDefinitionArns,
        ),
      ),
    containerInstanceArns: (cluster) =>
      skipDenied("ListContainerInstances", () =>
        pages(
          paginateListContainerInstances({ client: ecs, pageSize: PER_CALL.listPage }, { cluster }),
          (page) => page.containerInstanceArns,
        ),
      ),
    containerInstances: (cluster, containerInstanceArns) =>
      describeEach(
        "DescribeContainerInstances",
        containerInstanceArns,
        PER_CALL.describeContainerInstances,
        async (containerInstances) => {
          const output = await ecs.send(
            new DescribeContainerInstancesCommand({ cluster, containerInstances, include: ["TAGS"] }),
          );
          return { documents: output.containerInstances ?? [], failures: output.failures };
        },
      ),
    // The instance names no cluster: each one is asked, with a filter on the instance id, until one holds it.
    async containerInstanceOf(ec2InstanceId) {
      const clusters = await clusterArns();
      if ("skipped" in clusters) return clusters;
      for (const cluster of stringsIn(clusters.documents)) {
        const listed = await registeredIn(cluster, ec2InstanceId);
        if ("skipped" in listed) return listed;
        const arns = stringsIn(listed.documents);
        if (arns.length === 0) continue;
        const described = await inventory.containerInstances(cluster, arns);
        if ("skipped" in described) return described;
        return {
          documents: described.documents.map((document) => ({
            ...(document as object),
            clusterArn: cluster,
          })),
        };
      }
      return { documents: [] };
    },
    async findings(filters, nextToken) {
      try {
        const output = await securityHub.send(
          new GetFindingsCommand({ Filters: filters, MaxResults: PER_CALL.findings, NextToken: nextToken }),
        );
        return { findings: output.Findings ?? [], nextToken: output.NextToken || undefined };
      } catch (error) {
        if (isAccessDenied(error))
          return { skipped: `Security Hub denies the guardrail GetFindings (${error.name})` };
        throw error;
      }
    },
  };

  /** The container instances of the cluster on this EC2 instance: one, or none (a deleted cluster holds none). */
  async function registeredIn(cluster: string, ec2InstanceId: string): Promise<ReadOutcome> {
    try {
      return await skipDenied("ListContainerInstances", () =>
        pages(
          paginateListContainerInstances(
            { client: ecs, pageSize: PER_CALL.listPage },
            { cluster, filter: `ec2InstanceId == ${ec2InstanceId}` },
          ),
          (page) => page.containerInstanceArns,
        ),
      );
    } catch (error) {
      if (error instanceof Error && error.name === "ClusterNotFoundException") return { documents: [] };
      throw error;
    }
  }

  /** Every page of a listing, its pages one after another (each needs the previous one's token). */
  async function pages<Page>(
    paginator: AsyncIterable<Page>,
    itemsOf: (page: Page) => readonly unknown[] | undefined,
  ): Promise<ReadOutcome> {
    const documents: unknown[] = [];
    const iterator = paginator[Symbol.asyncIterator]();
    for (;;) {
      const next = await limit(() => iterator.next());
      if (next.done === true) return { documents };
      documents.push(...(itemsOf(next.value) ?? []));
    }
  }

  return inventory;
}

/** A call ECS denies skips the whole listing: a partial one would make what it left out look gone. */
async function skipDenied(call: string, list: () => Promise<ReadOutcome>): Promise<ReadOutcome> {
  try {
    return await list();
  } catch (error) {
    if (isAccessDenied(error)) return { skipped: `ECS denies the guardrail ${call} (${error.name})` };
    throw error;
  }
}
