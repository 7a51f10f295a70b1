import { DescribeNetworkInterfacesCommand, type EC2Client, type NetworkInterface } from "@aws-sdk/client-ec2";
import { isAccessDenied } from "./access-denied.ts";
import type { StateReader } from "./state-reader.ts";

/** Ids a call filters on; EC2 takes at most 200 filter values a call. */
const INTERFACES_PER_CALL = 100;

/**
 * Reads the network interfaces of running tasks, a hundred a call: a batch of task events costs a call per
 * hundred tasks, not one per task. That matters in a burst, because ECS spends the same account's EC2 request
 * budget attaching interfaces to the very tasks of the burst. The ids are a filter, not `NetworkInterfaceIds`,
 * so an interface that no longer exists (its task stopped) is left out instead of failing the whole call.
 */
export function networkInterfaceReader(client: EC2Client): Pick<StateReader, "readNetworkInterfaces"> {
  return {
    async readNetworkInterfaces(networkInterfaceIds) {
      const ids = [...new Set(networkInterfaceIds)];
      const documents: NetworkInterface[] = [];
      try {
        for (let start = 0; start < ids.length; start += INTERFACES_PER_CALL) {
          documents.push(...(await describe(client, ids.slice(start, start + INTERFACES_PER_CALL))));
        }
      } catch (error) {
        if (!isAccessDenied(error)) throw error;
        return { skipped: `EC2 denies the guardrail describing network interfaces (${error.name})` };
      }
      return { documents };
    },
  };
}

/** The interfaces among `ids` that exist, every page of them. */
async function describe(client: EC2Client, ids: readonly string[]): Promise<NetworkInterface[]> {
  const found: NetworkInterface[] = [];
  let nextToken: string | undefined;
  do {
    const page = await client.send(
      new DescribeNetworkInterfacesCommand({
        Filters: [{ Name: "network-interface-id", Values: [...ids] }],
        // Paginated, as EC2 asks of large accounts; one page holds them all unless EC2 decides otherwise.
        MaxResults: 1000,
        // Accounts can hide interfaces AWS services manage (such as Fargate tasks'); hidden is not gone.
        IncludeManagedResources: true,
        ...(nextToken === undefined ? {} : { NextToken: nextToken }),
      }),
    );
    found.push(...(page.NetworkInterfaces ?? []));
    nextToken = page.NextToken;
  } while (nextToken !== undefined);
  return found;
}
