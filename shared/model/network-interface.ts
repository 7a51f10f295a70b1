import type {
  NetworkInterface as ApiNetworkInterface,
  NetworkInterfaceAssociation,
  NetworkInterfacePrivateIpAddress,
} from "@aws-sdk/client-ec2";
import { member, type Node, readList, readString, root } from "./read.ts";
import { isUnresolved } from "./resolvable.ts";

/** A network interface as far as its exposure goes: the public IPv4 addresses it holds. */
export interface NetworkInterface {
  readonly networkInterfaceId: string | undefined;
  /** Auto-assigned or Elastic IPs associated with its primary or secondary private addresses. */
  readonly publicIps: readonly string[];
}

/** A network interface from DescribeNetworkInterfaces' `NetworkInterfaces[]`. */
export function networkInterfaceFromApi(input: unknown): NetworkInterface {
  const node = root(input);
  const field = (key: keyof ApiNetworkInterface & string) => member<ApiNetworkInterface>(node, key);
  const id = readString(field("NetworkInterfaceId"));
  const privateAddresses = readList(field("PrivateIpAddresses"));
  const secondary =
    privateAddresses === undefined || isUnresolved(privateAddresses)
      ? []
      : privateAddresses.map((address) =>
          publicIpOf(member<NetworkInterfacePrivateIpAddress>(address, "Association")),
        );
  // The primary address's association is repeated in PrivateIpAddresses, so each address counts once.
  const publicIps = new Set(
    [publicIpOf(field("Association")), ...secondary].filter(
      (address): address is string => typeof address === "string" && address !== "",
    ),
  );
  return { networkInterfaceId: typeof id === "string" ? id : undefined, publicIps: [...publicIps] };
}

function publicIpOf(association: Node) {
  return readString(member<NetworkInterfaceAssociation>(association, "PublicIp"));
}
