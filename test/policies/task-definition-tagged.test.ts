import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parseDocument } from "../../cli/parse-document.ts";
import { parseConfig } from "../../shared/engine/config.ts";
import { evaluatePolicy } from "../../shared/engine/evaluate.ts";
import { OFFLINE_LOOKUPS } from "../../shared/engine/lookups.ts";
import { ecsResourcesFromTemplate } from "../../shared/model/cloudformation.ts";
import type { TaskDefinition } from "../../shared/model/types.ts";
import taskDefinitionTagged from "../../shared/policies/task-definition-tagged.ts";
import { intrinsic, taskDefinition } from "../helpers/builders.ts";
import { policyTester } from "../helpers/policy-tester.ts";
import { sampleTaskDefinition } from "../helpers/samples.ts";
import { fromSamples, SHARED_DATA_DIRECTORY } from "../helpers/shared-data.ts";

/** A task definition declared in a real template of ../shared/data/cfn. */
function templateTaskDefinition(file: string, logicalId: string): TaskDefinition {
  const template = parseDocument(readFileSync(join(SHARED_DATA_DIRECTORY, "cfn", file), "utf8")).value;
  const found = ecsResourcesFromTemplate(template).find((declared) => declared.logicalId === logicalId);
  if (found?.resource.kind !== "TaskDefinition")
    throw new Error(`${file} declares no task definition ${logicalId}`);
  return found.resource;
}

/** The policy with its default parameters, which the table runner does not pass. */
const withDefaults = {
  ...taskDefinitionTagged,
  evaluate: (resource: TaskDefinition) =>
    taskDefinitionTagged.evaluate(resource, {
      parameters: { requiredTagKeys: [] },
      lookups: OFFLINE_LOOKUPS,
    }),
};

const tagged = (...tags: unknown[]) => taskDefinition({ tags });

policyTester.run(withDefaults, {
  valid: [
    { name: "one tag", resource: tagged({ key: "application", value: "storefront" }) },
    {
      name: "only an exemption tag of ours",
      resource: tagged({ key: "ecs-guardrails:exempt", value: "all" }),
    },
    ...fromSamples("real sample cases", () => [
      {
        name: "Checkov sample tagged with an unresolved value (real sample)",
        resource: templateTaskDefinition(
          "bridgecrewio__checkov__graph-complex_jsonpath_if_condition.yaml",
          "PassingExample",
        ),
      },
    ]),
  ],
  invalid: [
    { name: "no tags", resource: taskDefinition(), violations: [{ messageId: "untagged", path: "/tags" }] },
    {
      name: "only system tags",
      resource: tagged({ key: "aws:cloudformation:stack-name", value: "web" }),
      violations: [{ messageId: "untagged", path: "/tags" }],
    },
    ...fromSamples("real sample cases", () => [
      {
        name: "Prowler task definition without tags (real sample)",
        resource: templateTaskDefinition(
          "prowler-cloud__prowler__CF-Prowler-ECS.yml",
          "ProwlerECSTaskDefinition",
        ),
        violations: [{ messageId: "untagged" as const, path: "/tags" }],
      },
      {
        name: "docs template whose only tag has an empty key (real sample)",
        resource: sampleTaskDefinition("awsdocs__amazon-ecs-developer-guide__task-definition-template-L5"),
        violations: [{ messageId: "untagged" as const, path: "/tags" }],
      },
    ]),
  ],
  unknown: [
    {
      name: "tags from an unresolved intrinsic",
      resource: taskDefinition({ tags: intrinsic("/tags") }),
      observations: [{ messageId: "unresolved", path: "/tags" }],
    },
    {
      name: "the only tag unresolved",
      resource: tagged(intrinsic("/tags/0")),
      observations: [{ messageId: "unresolved", path: "/tags/0" }],
    },
  ],
});

describe("policy task-definition-tagged with requiredTagKeys", () => {
  const config = parseConfig(
    { policies: { "task-definition-tagged": { parameters: { requiredTagKeys: ["application", "team"] } } } },
    [taskDefinitionTagged],
    "test config",
  );
  const judge = (resource: TaskDefinition) => evaluatePolicy(taskDefinitionTagged, resource, { config });

  it("passes when every required key is present", () => {
    const verdict = judge(tagged({ key: "team", value: "web" }, { key: "application", value: "storefront" }));
    expect(verdict.status).toBe("PASSED");
  });

  it("reports the missing key", () => {
    const verdict = judge(tagged({ key: "application", value: "storefront" }));
    expect(verdict.status).toBe("FAILED");
    expect(verdict.evidence.map(({ path, message }) => [path, message])).toEqual([
      ["/tags", 'the task definition has no tag with the required key "team" (keys are case-sensitive)'],
    ]);
  });

  it("cannot decide when a tag with an unresolved key may be the one missing key", () => {
    const verdict = judge(tagged({ key: "application", value: "storefront" }, intrinsic("/tags/1")));
    expect(verdict.status).toBe("UNKNOWN");
  });

  it("fails when tags with unresolved keys are too few to supply every missing key", () => {
    const verdict = judge(tagged(intrinsic("/tags/0")));
    expect(verdict.status).toBe("FAILED");
    expect(verdict.evidence.map(({ path, message }) => [path, message])).toEqual([
      [
        "/tags",
        'the task definition lacks the required tag keys "application", "team"; its 1 tag(s) whose key the ' +
          "input cannot decide supply at most 1 of them",
      ],
    ]);
  });
});
