import { describe, expect, it } from "vitest";
import {
  EMPTY_CONFIG,
  type GuardrailsConfig,
  type RemediationScopeConfig,
} from "../../shared/engine/config.ts";
import { capacityProviderFromApi } from "../../shared/model/capacity-provider.ts";
import { clusterFromApi } from "../../shared/model/cluster.ts";
import type { Resource } from "../../shared/model/types.ts";
import { outsideScope, remediationScope } from "../../shared/remediation/scope.ts";
import { intrinsic, runningTask, service, task, taskDefinition, taskSet } from "../helpers/builders.ts";

const PROD_ONLY: RemediationScopeConfig = { clusters: ["prod"] };
const TAGGED: RemediationScopeConfig = { tag: { key: "ecs-guardrails:remediate", value: "true" } };
const BOTH: RemediationScopeConfig = { ...PROD_ONLY, ...TAGGED };
const REMEDIATE = [{ key: "ecs-guardrails:remediate", value: "true" }];

const cases: readonly (readonly [
  string,
  Resource,
  RemediationScopeConfig | undefined,
  RegExp | undefined,
])[] = [
  ["no scope: anything", taskDefinition(), undefined, undefined],
  ["a service of a named cluster", service(), PROD_ONLY, undefined],
  [
    "a service of a named cluster, by ARN",
    service({ cluster: "arn:aws:ecs:eu-west-1:123456789012:cluster/prod" }),
    PROD_ONLY,
    undefined,
  ],
  [
    "a service of another cluster",
    service({ cluster: "staging" }),
    PROD_ONLY,
    /cluster staging is not one the scope names \(prod\)/,
  ],
  [
    "a service whose cluster a template leaves open",
    service({ cluster: intrinsic("/cluster") }),
    PROD_ONLY,
    /no known cluster/,
  ],
  ["a task set of a named cluster", taskSet(), PROD_ONLY, undefined],
  ["a launched task of a named cluster", task(), PROD_ONLY, undefined],
  ["a running task, its cluster read from its ARN", runningTask(), PROD_ONLY, undefined],
  [
    "a running task with an old-format ARN",
    runningTask({ taskArn: "arn:aws:ecs:eu-west-1:123456789012:task/7c6d5e4f3a2b1c0d9e8f7a6b5c4d3e2f" }),
    PROD_ONLY,
    /no known cluster/,
  ],
  ["the named cluster itself", clusterFromApi({ clusterName: "prod" }), PROD_ONLY, undefined],
  ["another cluster", clusterFromApi({ clusterName: "staging" }), PROD_ONLY, /cluster staging/],
  [
    "a task definition, in no cluster",
    taskDefinition(),
    PROD_ONLY,
    /TaskDefinition belongs to no known cluster/,
  ],
  [
    "a capacity provider, in no cluster",
    capacityProviderFromApi({ name: "spot" }),
    PROD_ONLY,
    /no known cluster/,
  ],
  ["a tagged task definition", taskDefinition({ tags: REMEDIATE }), TAGGED, undefined],
  [
    "an untagged task definition",
    taskDefinition(),
    TAGGED,
    /does not carry the tag ecs-guardrails:remediate=true/,
  ],
  [
    "a tag with another value",
    taskDefinition({ tags: [{ key: "ecs-guardrails:remediate", value: "false" }] }),
    TAGGED,
    /does not carry/,
  ],
  ["both: tagged, in a named cluster", service({ tags: REMEDIATE }), BOTH, undefined],
  [
    "both: tagged, in another cluster",
    service({ cluster: "staging", tags: REMEDIATE }),
    BOTH,
    /cluster staging/,
  ],
  ["both: untagged, in a named cluster", service(), BOTH, /does not carry/],
];

describe("outsideScope", () => {
  it.each(cases)("%s", (_, resource, scope, reason) => {
    const answer = outsideScope(resource, scope);
    if (reason === undefined) expect(answer).toBeUndefined();
    else expect(answer).toMatch(reason);
  });
});

describe("remediationScope", () => {
  const config: GuardrailsConfig = {
    ...EMPTY_CONFIG,
    remediationScope: TAGGED,
    stages: { production: { remediationScope: PROD_ONLY } },
  };

  it("reads the stage's own scope, which replaces the top-level one", () => {
    expect(remediationScope(config, "production")).toEqual(PROD_ONLY);
    expect(remediationScope(config, "staging")).toEqual(TAGGED);
    expect(remediationScope(EMPTY_CONFIG, "production")).toBeUndefined();
  });
});
