import { readFileSync } from "node:fs";
import { join } from "node:path";
import { parseDocument } from "../../cli/parse-document.ts";
import { ecsResourcesFromTemplate } from "../../shared/model/cloudformation.ts";
import { clusterFromApi } from "../../shared/model/cluster.ts";
import type { Cluster } from "../../shared/model/types.ts";
import clusterContainerInsights from "../../shared/policies/cluster-container-insights.ts";
import { intrinsic } from "../helpers/builders.ts";
import { policyTester } from "../helpers/policy-tester.ts";
import { fromSamples, readSharedJson, SHARED_DATA_DIRECTORY } from "../helpers/shared-data.ts";

/** A cluster declared in a real template of ../shared/data/cfn. */
function templateCluster(file: string, logicalId: string): Cluster {
  const template = parseDocument(readFileSync(join(SHARED_DATA_DIRECTORY, "cfn", file), "utf8")).value;
  const found = ecsResourcesFromTemplate(template).find((declared) => declared.logicalId === logicalId);
  if (found?.resource.kind !== "Cluster") throw new Error(`${file} declares no cluster ${logicalId}`);
  return found.resource;
}

const withSettings = (...settings: unknown[]) => clusterFromApi({ clusterName: "prod", settings });
const insights = (value: unknown) => ({ name: "containerInsights", value });

policyTester.run(clusterContainerInsights, {
  valid: [
    { name: "enabled", resource: withSettings(insights("enabled")) },
    { name: "enhanced observability counts as on", resource: withSettings(insights("enhanced")) },
    {
      name: "an unresolved unrelated setting does not matter once it is on",
      resource: withSettings(intrinsic("/settings/0"), insights("enabled")),
    },
    {
      name: "one entry on is enough",
      resource: withSettings(insights("disabled"), insights("enhanced")),
    },
  ],
  invalid: [
    {
      name: "disabled",
      resource: withSettings(insights("disabled")),
      violations: [{ messageId: "off", path: "/settings/0/value", data: { value: "disabled" } }],
    },
    {
      name: "values are case-sensitive",
      resource: withSettings(insights("ENABLED")),
      violations: [{ messageId: "off", path: "/settings/0/value", data: { value: "ENABLED" } }],
    },
    {
      name: "setting without a value",
      resource: withSettings({ name: "containerInsights" }),
      violations: [{ messageId: "off", path: "/settings/0/value", data: { value: "not set" } }],
    },
    {
      name: "no settings",
      resource: clusterFromApi({ clusterName: "prod" }),
      violations: [{ messageId: "notSet", path: "/settings" }],
    },
    {
      name: "empty settings",
      resource: withSettings(),
      violations: [{ messageId: "notSet", path: "/settings" }],
    },
    {
      name: "only another setting",
      resource: withSettings({ name: "otherSetting", value: "enabled" }),
      violations: [{ messageId: "notSet", path: "/settings" }],
    },
    ...fromSamples("real sample cases", () => [
      {
        name: "scheduled example cluster without settings (real sample)",
        resource: templateCluster(
          "aws-cloudformation__aws-cloudformation-templates__ECS_Schedule_Example.yaml",
          "ECSCluster",
        ),
        violations: [{ messageId: "notSet" as const, path: "/settings" }],
      },
      {
        name: "Prowler cluster without settings (real sample)",
        resource: templateCluster("prowler-cloud__prowler__CF-Prowler-ECS.yml", "ProwlerECSCluster"),
        violations: [{ messageId: "notSet" as const, path: "/settings" }],
      },
      {
        name: "CreateCluster response without settings (real sample)",
        resource: clusterFromApi(
          (
            readSharedJson("events/awsdocs__ecs-dev-guide__cloudtrail-RAW-record-CreateCluster.json") as {
              responseElements: { cluster: unknown };
            }
          ).responseElements.cluster,
        ),
        violations: [{ messageId: "notSet" as const, path: "/settings" }],
      },
    ]),
  ],
  unknown: [
    {
      name: "settings from an unresolved intrinsic",
      resource: clusterFromApi({ clusterName: "prod", settings: intrinsic("/settings") }),
      observations: [{ messageId: "unresolved", path: "/settings" }],
    },
    {
      name: "value from an unresolved intrinsic",
      resource: withSettings(insights(intrinsic("/settings/0/value"))),
      observations: [{ messageId: "unresolved", path: "/settings/0/value" }],
    },
    {
      name: "a setting from an unresolved intrinsic may be the one",
      resource: withSettings(intrinsic("/settings/0")),
      observations: [{ messageId: "unresolved", path: "/settings/0" }],
    },
    {
      name: "a setting name from an unresolved intrinsic may be the one",
      resource: withSettings({ name: intrinsic("/settings/0/name"), value: "enabled" }, insights("disabled")),
      observations: [{ messageId: "unresolved", path: "/settings/0/name" }],
    },
  ],
});
