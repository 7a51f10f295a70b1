import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parseDocument } from "../../cli/parse-document.ts";
import { parseConfig } from "../../shared/engine/config.ts";
import { evaluatePolicy } from "../../shared/engine/evaluate.ts";
import { OFFLINE_LOOKUPS } from "../../shared/engine/lookups.ts";
import { ecsResourcesFromTemplate } from "../../shared/model/cloudformation.ts";
import { clusterFromApi } from "../../shared/model/cluster.ts";
import type { Cluster } from "../../shared/model/types.ts";
import clusterTagged from "../../shared/policies/cluster-tagged.ts";
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

/** The policy with its default parameters, which the table runner does not pass. */
const withDefaults = {
  ...clusterTagged,
  evaluate: (resource: Cluster) =>
    clusterTagged.evaluate(resource, { parameters: { requiredTagKeys: [] }, lookups: OFFLINE_LOOKUPS }),
};

const tagged = (...tags: unknown[]) => clusterFromApi({ clusterName: "prod", tags });

policyTester.run(withDefaults, {
  valid: [
    { name: "one tag", resource: tagged({ key: "environment", value: "prod" }) },
    {
      name: "only an exemption tag of ours",
      resource: tagged({ key: "ecs-guardrails:exempt", value: "all" }),
    },
    {
      name: "a user tag beside a system tag",
      resource: tagged(
        { key: "aws:cloudformation:logical-id", value: "Cluster" },
        { key: "team", value: "ops" },
      ),
    },
  ],
  invalid: [
    {
      name: "no tags",
      resource: clusterFromApi({ clusterName: "prod" }),
      violations: [{ messageId: "untagged", path: "/tags" }],
    },
    {
      name: "only system tags",
      resource: tagged({ key: "aws:cloudformation:stack-id", value: "arn" }),
      violations: [{ messageId: "untagged", path: "/tags" }],
    },
    ...fromSamples("real sample cases", () => [
      {
        name: "scheduled example cluster without tags (real sample)",
        resource: templateCluster(
          "aws-cloudformation__aws-cloudformation-templates__ECS_Schedule_Example.yaml",
          "ECSCluster",
        ),
        violations: [{ messageId: "untagged" as const, path: "/tags" }],
      },
      {
        name: "Prowler cluster without tags (real sample)",
        resource: templateCluster("prowler-cloud__prowler__CF-Prowler-ECS.yml", "ProwlerECSCluster"),
        violations: [{ messageId: "untagged" as const, path: "/tags" }],
      },
      {
        name: "CreateCluster response without tags (real sample)",
        resource: clusterFromApi(
          (
            readSharedJson("events/awsdocs__ecs-dev-guide__cloudtrail-RAW-record-CreateCluster.json") as {
              responseElements: { cluster: unknown };
            }
          ).responseElements.cluster,
        ),
        violations: [{ messageId: "untagged" as const, path: "/tags" }],
      },
    ]),
  ],
  unknown: [
    {
      name: "tags from an unresolved intrinsic",
      resource: clusterFromApi({ clusterName: "prod", tags: intrinsic("/tags") }),
      observations: [{ messageId: "unresolved", path: "/tags" }],
    },
    {
      name: "the only tag's key unresolved",
      resource: tagged({ key: intrinsic("/tags/0/key"), value: "prod" }),
      observations: [{ messageId: "unresolved", path: "/tags/0/key" }],
    },
  ],
});

describe("policy cluster-tagged with requiredTagKeys", () => {
  const config = parseConfig(
    { policies: { "cluster-tagged": { parameters: { requiredTagKeys: ["environment"] } } } },
    [clusterTagged],
    "test config",
  );
  const judge = (resource: Cluster) => evaluatePolicy(clusterTagged, resource, { config });

  it("passes when the required key is present", () => {
    expect(judge(tagged({ key: "environment", value: "prod" })).status).toBe("PASSED");
  });

  it("fails when only other keys are present", () => {
    const verdict = judge(tagged({ key: "team", value: "ops" }));
    expect(verdict.status).toBe("FAILED");
    expect(verdict.evidence.map(({ path, message }) => [path, message])).toEqual([
      ["/tags", 'the cluster has no tag with the required key "environment" (keys are case-sensitive)'],
    ]);
  });
});
