import type { StateReader } from "../hydrate/state-reader.ts";
import type { SkippedRead } from "../model/cloudtrail.ts";
import { type NetworkInterface, networkInterfaceFromApi } from "../model/network-interface.ts";
import { type Resolvable, unresolved } from "../model/resolvable.ts";

/** What was learned of a set of network interfaces, for the policies that judge running tasks' IPs. */
export interface InterfaceReads {
  /** Each interface described, or Unresolved with the reason it was not read. */
  readonly known: ReadonlyMap<string, Resolvable<NetworkInterface>>;
  /** Interfaces EC2 no longer knows: their tasks have stopped. */
  readonly missing: ReadonlySet<string>;
  readonly skipped: readonly SkippedRead[];
}

export const NO_INTERFACES: InterfaceReads = { known: new Map(), missing: new Set(), skipped: [] };

/** Describes the network interfaces, each once however many ids name it. */
export async function readInterfaces(ids: readonly string[], reader: StateReader): Promise<InterfaceReads> {
  const unique = [...new Set(ids)];
  if (unique.length === 0) return NO_INTERFACES;
  const outcome = await reader.readNetworkInterfaces(unique);
  if ("skipped" in outcome) {
    const reason = unresolved(outcome.skipped, "");
    return {
      known: new Map(unique.map((id) => [id, reason])),
      missing: new Set(),
      skipped: [{ call: "DescribeNetworkInterfaces", reason: outcome.skipped }],
    };
  }
  const known = new Map<string, NetworkInterface>();
  for (const networkInterface of outcome.documents.map(networkInterfaceFromApi)) {
    if (networkInterface.networkInterfaceId !== undefined) {
      known.set(networkInterface.networkInterfaceId, networkInterface);
    }
  }
  return { known, missing: new Set(unique.filter((id) => !known.has(id))), skipped: [] };
}
