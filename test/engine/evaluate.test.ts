import { describe, expect, it } from "vitest";
import { evaluatePolicies, renderMessage } from "../../shared/engine/evaluate.ts";
import { definePolicy, notApplicable, undecided, violation } from "../../shared/policies/define-policy.ts";
import { policies } from "../../shared/policies/index.ts";
import { service, taskDefinition } from "../helpers/builders.ts";

const base = {
  title: "Test policy title",
  severity: "LOW",
  controls: [],
  practice: "test practice",
  rationale: "test rationale",
  remediation: { recommendation: "do the right thing", fixable: false },
} as const;

const throwing = definePolicy({
  ...base,
  id: "throwing",
  resource: "TaskDefinition",
  messages: { never: "never" },
  evaluate: () => {
    throw new Error("boom");
  },
});

const reporting = definePolicy({
  ...base,
  id: "reporting",
  resource: "TaskDefinition",
  messages: { bad: "container {{container}} is bad ({{missing}})", skip: "not for this one" },
  evaluate: (resource) =>
    resource.family === "skip"
      ? [notApplicable("skip")]
      : [violation("bad", "/a", { container: "app" }), undecided({ unresolved: "Fn::If", at: "/b" })],
});

describe("evaluatePolicies", () => {
  it("runs only the policies of the resource's kind", () => {
    const kinds = new Set(evaluatePolicies(policies, service()).map((verdict) => verdict.policy.resource));
    expect([...kinds]).toEqual(["Service"]);
  });

  it("turns a throwing policy into an UNKNOWN verdict and still runs the others", () => {
    const verdicts = evaluatePolicies([throwing, reporting], taskDefinition());
    expect(verdicts.map((verdict) => [verdict.policy.id, verdict.status])).toEqual([
      ["throwing", "UNKNOWN"],
      ["reporting", "FAILED"],
    ]);
    expect(verdicts[0]?.evidence).toEqual([
      { outcome: "error", path: "", message: "policy throwing failed: boom" },
    ]);
  });

  it("renders evidence messages, leaving unknown placeholders visible", () => {
    const [verdict] = evaluatePolicies([reporting], taskDefinition());
    expect(verdict?.evidence).toEqual([
      { outcome: "violation", path: "/a", message: "container app is bad ({{missing}})" },
      { outcome: "unknown", path: "/b", message: "cannot be decided from the input: Fn::If" },
    ]);
  });

  it("makes a not-applicable observation win", () => {
    const [verdict] = evaluatePolicies([reporting], taskDefinition({ family: "skip" }));
    expect(verdict?.status).toBe("NOT_APPLICABLE");
  });

  it("names a message a policy does not have", () => {
    expect(renderMessage(reporting, "absent", undefined)).toBe(
      'unknown message "absent" of policy reporting',
    );
  });
});
