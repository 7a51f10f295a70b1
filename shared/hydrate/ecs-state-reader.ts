import {
  ClientException,
  DescribeCapacityProvidersCommand,
  DescribeClustersCommand,
  DescribeServicesCommand,
  DescribeTaskDefinitionCommand,
  DescribeTaskSetsCommand,
  type ECSClient,
} from "@aws-sdk/client-ecs";
import type { ReadRequest } from "../model/cloudtrail.ts";
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

async function describe(client: ECSClient, request: ReadRequest): Promise<ReadOutcome> {
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
      return { documents: output.services ?? [] };
    }
    case "DescribeTaskSets": {
      const output = await client.send(new DescribeTaskSetsCommand(request.input));
      return { documents: output.taskSets ?? [] };
    }
    case "DescribeClusters": {
      const output = await client.send(new DescribeClustersCommand(request.input));
      return { documents: output.clusters ?? [] };
    }
    case "DescribeCapacityProviders": {
      const output = await client.send(new DescribeCapacityProvidersCommand(request.input));
      return { documents: output.capacityProviders ?? [] };
    }
  }
}
