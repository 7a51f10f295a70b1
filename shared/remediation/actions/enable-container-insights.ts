import {
  DescribeClustersCommand,
  type Cluster as DescribedCluster,
  UpdateClusterSettingsCommand,
} from "@aws-sdk/client-ecs";
import { isUnresolved } from "../../model/resolvable.ts";
import { type ApiCall, defineAction, isAwsError, planCall, precluded } from "./action.ts";
import { describedOne } from "./described.ts";

const ID = "enable-container-insights";

/** The containerInsights values that count as on: `enhanced` (enhanced observability) is kept, never lowered. */
const ON = ["enabled", "enhanced"];

interface UpdateClusterSettingsInput {
  readonly cluster: string;
  readonly settings: readonly [{ readonly name: "containerInsights"; readonly value: "enabled" }];
}

export default defineAction<"Cluster", UpdateClusterSettingsInput>({
  id: ID,
  description:
    "Turns on CloudWatch Container Insights for a cluster (enabled; a cluster already enhanced stays so).",
  policies: ["cluster-container-insights"],
  resources: ["Cluster"],
  permissions: [
    {
      actions: ["ecs:DescribeClusters", "ecs:UpdateClusterSettings"],
      resources: [{ arn: "arn:{partition}:ecs:{region}:{account}:cluster/*" }],
      scopableBy: ["aws:ResourceTag"],
    },
  ],
  plan(cluster) {
    const name = cluster.arn ?? cluster.clusterName;
    if (name === undefined || isUnresolved(name)) return precluded("the cluster's name is not known");
    return planCall(ID, {
      service: "ecs",
      operation: "UpdateClusterSettings",
      input: { cluster: name, settings: [{ name: "containerInsights", value: "enabled" }] },
    });
  },
  async apply(plan, clients) {
    const check: ApiCall<{ clusters: string[]; include: ["SETTINGS"] }> = {
      service: "ecs",
      operation: "DescribeClusters",
      input: { clusters: [plan.call.input.cluster], include: ["SETTINGS"] },
    };
    const described = await clients.ecs.send(new DescribeClustersCommand(check.input));
    const found: DescribedCluster | undefined = describedOne(check, described.clusters, described.failures);
    if (found === undefined || found.status === "INACTIVE") return { kind: "gone", calls: [check] };
    const value = found.settings?.find((setting) => setting.name === "containerInsights")?.value;
    if (value !== undefined && ON.includes(value)) return { kind: "already-fixed", calls: [check] };
    try {
      await clients.ecs.send(
        new UpdateClusterSettingsCommand({
          cluster: plan.call.input.cluster,
          settings: plan.call.input.settings.map((setting) => ({ ...setting })),
        }),
      );
    } catch (error) {
      if (isAwsError(error, ["ClusterNotFoundException"])) return { kind: "gone", calls: [check, plan.call] };
      throw error;
    }
    return { kind: "changed", calls: [check, plan.call] };
  },
});
