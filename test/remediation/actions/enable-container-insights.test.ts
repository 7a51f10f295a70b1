import { type Cluster, DescribeClustersCommand, UpdateClusterSettingsCommand } from "@aws-sdk/client-ecs";
import { describe, expect, it } from "vitest";
import { clusterFromApi } from "../../../shared/model/cluster.ts";
import enableContainerInsights from "../../../shared/remediation/actions/enable-container-insights.ts";
import { type ActionCase, CLUSTER, clients, describeAction, ecs, missing, planOf } from "./harness.ts";

const cluster = (value: string): Cluster => ({
  clusterArn: CLUSTER,
  clusterName: "prod",
  status: "ACTIVE",
  settings: [{ name: "containerInsights", value }],
});

const testCase: ActionCase = {
  action: enableContainerInsights,
  policyId: "cluster-container-insights",
  broken: clusterFromApi(cluster("disabled")),
  passing: clusterFromApi(cluster("enhanced")),
  expected: {
    service: "ecs",
    operation: "UpdateClusterSettings",
    input: { cluster: CLUSTER, settings: [{ name: "containerInsights", value: "enabled" }] },
  },
  client: "ecs",
  check: DescribeClustersCommand,
  change: UpdateClusterSettingsCommand,
  before: { clusters: [cluster("disabled")] },
  after: { clusters: [cluster("enabled")] },
  gone: (mock) => mock.on(DescribeClustersCommand).resolves(missing(CLUSTER)),
};

describeAction(testCase);

describe("enable-container-insights", () => {
  it("reads the cluster's settings to check them", async () => {
    ecs.on(DescribeClustersCommand).resolves({ clusters: [cluster("enabled")] });
    await enableContainerInsights.apply(planOf(testCase), clients);
    expect(ecs).toHaveReceivedCommandWith(DescribeClustersCommand, {
      clusters: [CLUSTER],
      include: ["SETTINGS"],
    });
  });

  it("keeps a cluster that turned enhanced on since the plan: already fixed, never lowered to enabled", async () => {
    ecs.on(DescribeClustersCommand).resolves({ clusters: [cluster("enhanced")] });
    expect((await enableContainerInsights.apply(planOf(testCase), clients)).kind).toBe("already-fixed");
    expect(ecs).toHaveReceivedCommandTimes(UpdateClusterSettingsCommand, 0);
  });

  it("counts a deleted (INACTIVE) cluster as gone", async () => {
    ecs.on(DescribeClustersCommand).resolves({ clusters: [{ ...cluster("disabled"), status: "INACTIVE" }] });
    expect((await enableContainerInsights.apply(planOf(testCase), clients)).kind).toBe("gone");
  });
});
