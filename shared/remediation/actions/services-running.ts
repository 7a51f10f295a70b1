import {
  DescribeServicesCommand,
  type DescribeServicesCommandInput,
  type ECSClient,
  ListClustersCommand,
  type ListClustersCommandInput,
  ListServicesCommand,
  type ListServicesCommandInput,
  type Service,
} from "@aws-sdk/client-ecs";
import type { ApiCall } from "./action.ts";
import { CheckFailedError } from "./described.ts";

/** The most a List* page holds: 100 for ListClusters and ListServices. */
const PAGE_SIZE = 100;

/** DescribeServices describes at most 10 services of one cluster per call. */
const DESCRIBE_BATCH_SIZE = 10;

/**
 * The bound of one search, in services described (100 DescribeServices calls): a search that would pass it stops,
 * and says which clusters it did not finish, rather than outlive the function's timeout.
 */
export const MAX_SERVICES_SEARCHED = 1000;

export interface ServicesRunning {
  /** The services, as DescribeServices describes them, whose primary task definition is the revision. */
  readonly services: readonly Service[];
  /** Every request sent, in order, for the audit. */
  readonly calls: readonly ApiCall[];
  /** The clusters whose services the bound left unsearched, in full or in part. */
  readonly unsearched: readonly string[];
}

/**
 * The services of the account and region that run `revisionArn`, found by listing every cluster and describing
 * each of its services: ECS has no query by task definition. Cost: ⌈clusters/100⌉ ListClusters, per cluster
 * ⌈services/100⌉ ListServices and ⌈services/10⌉ DescribeServices, up to `MAX_SERVICES_SEARCHED` services.
 */
export async function servicesRunning(ecs: ECSClient, revisionArn: string): Promise<ServicesRunning> {
  const calls: ApiCall[] = [];
  const clusters: string[] = [];
  let nextToken: string | undefined;
  do {
    const input: ListClustersCommandInput = { maxResults: PAGE_SIZE, ...(nextToken && { nextToken }) };
    calls.push({ service: "ecs", operation: "ListClusters", input });
    const page = await ecs.send(new ListClustersCommand(input));
    clusters.push(...(page.clusterArns ?? []));
    nextToken = page.nextToken;
  } while (nextToken !== undefined);

  const services: Service[] = [];
  const unsearched: string[] = [];
  let searched = 0;
  for (const cluster of clusters) {
    if (searched >= MAX_SERVICES_SEARCHED) {
      unsearched.push(cluster);
      continue;
    }
    let serviceToken: string | undefined;
    do {
      const input: ListServicesCommandInput = {
        cluster,
        maxResults: PAGE_SIZE,
        ...(serviceToken && { nextToken: serviceToken }),
      };
      calls.push({ service: "ecs", operation: "ListServices", input });
      const page = await ecs.send(new ListServicesCommand(input));
      const arns = page.serviceArns ?? [];
      for (let start = 0; start < arns.length; start += DESCRIBE_BATCH_SIZE) {
        const describe: ApiCall<DescribeServicesCommandInput> = {
          service: "ecs",
          operation: "DescribeServices",
          input: { cluster, services: arns.slice(start, start + DESCRIBE_BATCH_SIZE) },
        };
        calls.push(describe);
        const described = await ecs.send(new DescribeServicesCommand(describe.input));
        // A service deleted between the list and the describe is MISSING: it runs nothing.
        const unexpected = (described.failures ?? []).filter((failure) => failure.reason !== "MISSING");
        if (unexpected.length > 0) throw new CheckFailedError(describe, unexpected);
        services.push(
          ...(described.services ?? []).filter((service) => service.taskDefinition === revisionArn),
        );
      }
      searched += arns.length;
      serviceToken = page.nextToken;
    } while (serviceToken !== undefined && searched < MAX_SERVICES_SEARCHED);
    if (serviceToken !== undefined) unsearched.push(cluster);
  }
  return { services, calls, unsearched };
}
