import {
  ClientException,
  DescribeCapacityProvidersCommand,
  DescribeClustersCommand,
  DescribeServicesCommand,
  DescribeTaskDefinitionCommand,
  DescribeTaskSetsCommand,
  type ECSClient,
  type Failure,
} from "@aws-sdk/client-ecs";
import type { ReadRequest } from "../model/cloudtrail.ts";
import { isAccessDenied } from "./access-denied.ts";
import type { ReadOutcome, StateReader } from "./state-reader.ts";

/**
 * Reads ECS state with Describe calls, once per distinct request within the reader's lifetime
 * (one batch): an event storm about one service costs one DescribeServices call.
 */
export function ecsStateReader(client: ECSClient): Pick<StateReader, "read"> {
  const cache = new Map<string, Promise<ReadOutcome>>();
  return {
    read(request) {
      const key = JSON.stringify([request.call, request.input]);
      let outcome = cache.get(key);
      if (outcome === undefined) {
        outcome = describe(client, request);
        cache.set(key, outcome);
        // A failed read must be retried with the record, not served from the cache.
        outcome.catch(() => cache.delete(key));
      }
      return outcome;
    },
  };
}

/**
 * A Describe call's outcome. A call ECS denies is skipped (see `isAccessDenied`). A cluster or service that no longer
 * exists answers for its services and task sets too: they are gone. Anything else (throttling, 5xx, a timeout the
 * SDK's retries did not absorb) propagates, so the record returns to the queue.
 */
async function describe(client: ECSClient, request: ReadRequest): Promise<ReadOutcome> {
  try {
    return await send(client, request);
  } catch (error) {
    if (isAccessDenied(error)) return { skipped: `ECS denies the guardrail ${request.call} (${error.name})` };
    if (error instanceof Error && GONE_ERRORS.has(error.name)) return { documents: [] };
    throw error;
  }
}

/** What ECS answers a Describe whose cluster or service was deleted: the resources it asked for went with it. */
const GONE_ERRORS: ReadonlySet<string> = new Set([
  "ClusterNotFoundException",
  "ServiceNotFoundException",
  "ServiceNotActiveException",
]);

async function send(client: ECSClient, request: ReadRequest): Promise<ReadOutcome> {
  switch (request.call) {
    case "DescribeTaskDefinition":
      try {
        const output = await client.send(new DescribeTaskDefinitionCommand(request.input));
        return {
          documents:
            output.taskDefinition === undefined ? [] : [{ ...output.taskDefinition, tags: output.tags }],
        };
      } catch (error) {
        // ECS answers a deleted or unknown task definition with a ClientException: it is gone.
        if (error instanceof ClientException) return { documents: [] };
        throw error;
      }
    case "DescribeServices": {
      const output = await client.send(new DescribeServicesCommand(request.input));
      return outcomeOf(request.call, output.services ?? [], output.failures);
    }
    case "DescribeTaskSets": {
      const output = await client.send(new DescribeTaskSetsCommand(request.input));
      return outcomeOf(request.call, output.taskSets ?? [], output.failures);
    }
    case "DescribeClusters": {
      const output = await client.send(new DescribeClustersCommand(request.input));
      return outcomeOf(request.call, output.clusters ?? [], output.failures);
    }
    case "DescribeCapacityProviders": {
      const output = await client.send(new DescribeCapacityProvidersCommand(request.input));
      return outcomeOf(request.call, output.capacityProviders ?? [], output.failures);
    }
  }
}

/**
 * The documents ECS described. A resource ECS does not know is a `MISSING` failure: it is gone, and left out. Any
 * other failure means a resource was not read, so the read is skipped: judged on the rest, it could pass unread.
 */
export function outcomeOf(
  call: string,
  documents: readonly unknown[],
  failures: readonly Failure[] = [],
): ReadOutcome {
  const unread = failures.filter((failure) => failure.reason !== "MISSING");
  if (unread.length === 0) return { documents };
  const described = unread
    .map((failure) => `${failure.arn ?? "a resource"}: ${failure.reason ?? "no reason"}`)
    .join(", ");
  return { skipped: `ECS did not describe every resource ${call} asked for (${described})` };
}
