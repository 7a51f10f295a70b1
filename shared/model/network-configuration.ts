import type {
  AwsVpcConfiguration as ApiAwsVpcConfiguration,
  NetworkConfiguration as ApiNetworkConfiguration,
} from "@aws-sdk/client-ecs";
import { member, type Node, readObject, readString } from "./read.ts";
import type { Resolvable } from "./resolvable.ts";
import type { NetworkConfiguration } from "./types.ts";

/** `networkConfiguration` as services, task sets and RunTask/StartTask requests write it. */
export function networkConfigurationFrom(node: Node): Resolvable<NetworkConfiguration | undefined> {
  return readObject(node, (object) => ({
    awsvpcConfiguration: readObject(
      member<ApiNetworkConfiguration>(object, "awsvpcConfiguration"),
      (awsvpc) => ({
        assignPublicIp: readString(member<ApiAwsVpcConfiguration>(awsvpc, "assignPublicIp")),
      }),
    ),
  }));
}
