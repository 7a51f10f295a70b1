import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parseDocument } from "../../cli/parse-document.ts";
import { parseConfig } from "../../shared/engine/config.ts";
import { evaluatePolicy } from "../../shared/engine/evaluate.ts";
import { OFFLINE_LOOKUPS } from "../../shared/engine/lookups.ts";
import { ecsResourcesFromTemplate } from "../../shared/model/cloudformation.ts";
import type { Service } from "../../shared/model/types.ts";
import serviceTagged from "../../shared/policies/service-tagged.ts";
import { intrinsic, service } from "../helpers/builders.ts";
import { policyTester } from "../helpers/policy-tester.ts";
import { fromSamples, SHARED_DATA_DIRECTORY } from "../helpers/shared-data.ts";

/** A service declared in a real template of ../shared/data/cfn. */
function templateService(file: string, logicalId: string): Service {
  const template = parseDocument(readFileSync(join(SHARED_DATA_DIRECTORY, "cfn", file), "utf8")).value;
  const found = ecsResourcesFromTemplate(template).find((declared) => declared.logicalId === logicalId);
  if (found?.resource.kind !== "Service") throw new Error(`${file} declares no service ${logicalId}`);
  return found.resource;
}

/** The policy with its default parameters, which the table runner does not pass. */
const withDefaults = {
  ...serviceTagged,
  evaluate: (resource: Service) =>
    serviceTagged.evaluate(resource, { parameters: { requiredTagKeys: [] }, lookups: OFFLINE_LOOKUPS }),
};

const tagged = (...tags: unknown[]) => service({ tags });

policyTester.run(withDefaults, {
  valid: [
    { name: "one tag", resource: tagged({ key: "team", value: "web" }) },
    { name: "a tag without a value", resource: tagged({ key: "team" }) },
    {
      name: "only an exemption tag of ours",
      resource: tagged({ key: "ecs-guardrails:exempt", value: "all" }),
    },
    {
      name: "a user tag beside system tags",
      resource: tagged(
        { key: "aws:cloudformation:stack-name", value: "web" },
        { key: "CostCenter", value: "42" },
      ),
    },
    {
      name: "a resolved user tag decides beside an unresolved one",
      resource: tagged(intrinsic("/tags/0"), { key: "team", value: "web" }),
    },
    {
      name: "an unresolved value does not matter",
      resource: tagged({ key: "team", value: intrinsic("/tags/0/value") }),
    },
  ],
  invalid: [
    { name: "no tags", resource: service(), violations: [{ messageId: "untagged", path: "/tags" }] },
    { name: "empty tag list", resource: tagged(), violations: [{ messageId: "untagged", path: "/tags" }] },
    {
      name: "only system tags",
      resource: tagged(
        { key: "aws:cloudformation:stack-name", value: "web" },
        { key: "aws:ecs:serviceName", value: "web" },
      ),
      violations: [{ messageId: "untagged", path: "/tags" }],
    },
    {
      name: "a tag with an empty key is no tag",
      resource: tagged({ key: "", value: "" }),
      violations: [{ messageId: "untagged", path: "/tags" }],
    },
    ...fromSamples("real sample cases", () => [
      {
        name: "scheduled example service without tags (real sample)",
        resource: templateService(
          "aws-cloudformation__aws-cloudformation-templates__ECS_Schedule_Example.yaml",
          "Service",
        ),
        violations: [{ messageId: "untagged" as const, path: "/tags" }],
      },
      {
        name: "public Fargate service without tags (real sample)",
        resource: templateService(
          "aws-cloudformation__aws-cloudformation-templates__FargateLaunchType-public-service.yaml",
          "Service",
        ),
        violations: [{ messageId: "untagged" as const, path: "/tags" }],
      },
    ]),
  ],
  unknown: [
    {
      name: "tags from an unresolved intrinsic",
      resource: service({ tags: intrinsic("/tags") }),
      observations: [{ messageId: "unresolved", path: "/tags" }],
    },
    {
      name: "the only tag unresolved",
      resource: tagged(intrinsic("/tags/0")),
      observations: [{ messageId: "unresolved", path: "/tags/0" }],
    },
    {
      name: "the only user tag's key unresolved",
      resource: tagged(
        { key: "aws:cloudformation:stack-name", value: "web" },
        { key: intrinsic("/tags/1/key") },
      ),
      observations: [{ messageId: "unresolved", path: "/tags/1/key" }],
    },
  ],
});

describe("policy service-tagged with requiredTagKeys", () => {
  const config = parseConfig(
    { policies: { "service-tagged": { parameters: { requiredTagKeys: ["team", "environment"] } } } },
    [serviceTagged],
    "test config",
  );
  const judge = (resource: Service) => evaluatePolicy(serviceTagged, resource, { config });

  it("passes when every required key is present", () => {
    const verdict = judge(tagged({ key: "environment", value: "prod" }, { key: "team", value: "web" }));
    expect(verdict.status).toBe("PASSED");
  });

  it("reports each missing key, case-sensitively", () => {
    const verdict = judge(tagged({ key: "Team", value: "web" }, { key: "owner", value: "ops" }));
    expect(verdict.status).toBe("FAILED");
    expect(verdict.evidence.map(({ path, message }) => [path, message])).toEqual([
      ["/tags", 'the service has no tag with the required key "team" (keys are case-sensitive)'],
      ["/tags", 'the service has no tag with the required key "environment" (keys are case-sensitive)'],
    ]);
  });

  it("is unknown when an unresolved tag could be a missing key", () => {
    const verdict = judge(tagged({ key: "team", value: "web" }, { key: intrinsic("/tags/1/key") }));
    expect(verdict.status).toBe("UNKNOWN");
    expect(verdict.evidence.map(({ path }) => path)).toEqual(["/tags/1/key"]);
  });

  it("accepts at most six keys and no system keys, as Security Hub", () => {
    const configure = (requiredTagKeys: unknown) => () =>
      parseConfig(
        { policies: { "service-tagged": { parameters: { requiredTagKeys } } } },
        [serviceTagged],
        "f",
      );
    expect(configure(["a", "b", "c", "d", "e", "f"])).not.toThrow();
    expect(configure(["a", "b", "c", "d", "e", "f", "g"])).toThrow(/requiredTagKeys/);
    expect(configure(["aws:cloudformation:stack-name"])).toThrow(/requiredTagKeys/);
    expect(configure("team")).toThrow(/requiredTagKeys/);
  });
});
