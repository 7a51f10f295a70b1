import { describe, expect, it } from "vitest";
import { EMPTY_CONFIG, parseConfig, type RemediationMode } from "../../shared/engine/config.ts";
import { evaluatePolicy, type Status } from "../../shared/engine/evaluate.ts";
import { definePolicy, unknown, violation } from "../../shared/policies/define-policy.ts";
import {
  type RemediationContext,
  type RemediationTrigger,
  remediationDecision,
  remediationMode,
} from "../../shared/remediation/mode.ts";
import { taskDefinition } from "../helpers/builders.ts";

const noHostPid = definePolicy({
  id: "no-host-pid",
  title: "Tasks do not share the host's process namespace",
  severity: "HIGH",
  resource: "TaskDefinition",
  controls: [],
  practice: "test practice",
  rationale: "test rationale",
  messages: { hostPid: "pidMode is host", unreadable: "pidMode cannot be read" },
  remediation: { recommendation: "register a revision without pidMode host", fixable: true },
  evaluate: (resource) => {
    if (resource.pidMode === "host") return [violation("hostPid", "/pidMode")];
    if (resource.pidMode === "unreadable") return [unknown("unreadable", "/pidMode")];
    return [];
  },
});

const otherRepairable = definePolicy({ ...noHostPid, id: "other-repairable" });

const POLICIES = [noHostPid, otherRepairable];

function configWith(document: unknown) {
  return parseConfig(document, POLICIES, "ecs-guardrails.config.json");
}

const ARN = "arn:aws:ecs:eu-west-1:123456789012:task-definition/web:12";
const TODAY = "2026-11-24";

function verdictOn(pidMode: string, config = EMPTY_CONFIG, tags?: { key: string; value: string }[]) {
  return evaluatePolicy(noHostPid, taskDefinition({ pidMode, ...(tags === undefined ? {} : { tags }) }), {
    config,
    resourceId: ARN,
    today: TODAY,
  });
}

function context(
  config: RemediationContext["config"],
  trigger: RemediationTrigger = "finding",
): RemediationContext {
  return { config, stage: "production", trigger };
}

describe("remediationMode", () => {
  const config = configWith({
    policies: { "no-host-pid": { remediation: "dry-run" } },
    stages: {
      production: { policies: { "no-host-pid": { remediation: "manual" } } },
      dev: { policies: { "other-repairable": { remediation: "auto" } } },
    },
  });

  it.each([
    ["no-host-pid", "production", "manual"],
    ["no-host-pid", "dev", "dry-run"],
    ["no-host-pid", "staging", "dry-run"],
    ["other-repairable", "dev", "auto"],
    ["other-repairable", "production", "off"],
  ])("%s in stage %s is %s", (id, stage, mode) => {
    const policy = POLICIES.find((candidate) => candidate.id === id);
    expect(policy && remediationMode(policy, config, stage)).toBe(mode);
  });

  it("is off without a config", () => {
    expect(remediationMode(noHostPid, EMPTY_CONFIG, "production")).toBe("off");
  });
});

describe("remediationDecision", () => {
  it.each<[RemediationMode, RemediationTrigger, string, string]>([
    ["off", "finding", "none", "remediation of no-host-pid is off in stage production"],
    ["notify", "finding", "notify", "the mode is notify"],
    ["dry-run", "finding", "dry-run", "the mode is dry-run: calls recorded, not made"],
    ["auto", "finding", "apply", "the mode is auto"],
    [
      "manual",
      "finding",
      "none",
      'the mode is manual: waits for a person to choose "Remediate with ECS Guardrails" on the finding',
    ],
    ["off", "custom-action", "none", "remediation of no-host-pid is off in stage production"],
    ["notify", "custom-action", "none", "the mode is notify: people are told, and repair it themselves"],
    [
      "dry-run",
      "custom-action",
      "dry-run",
      "asked through the custom action; the mode is dry-run: calls recorded, not made",
    ],
    ["auto", "custom-action", "apply", "asked through the custom action"],
    ["manual", "custom-action", "apply", "asked through the custom action"],
  ])("a FAILED verdict in mode %s, reached by %s: %s", (mode, trigger, step, reason) => {
    const config = configWith({ policies: { "no-host-pid": { remediation: mode } } });
    const verdict = verdictOn("host", config);
    expect(verdict.status).toBe("FAILED");
    expect(remediationDecision(verdict, context(config, trigger))).toEqual({
      mode,
      step,
      reason,
    });
  });

  const auto = configWith({ policies: { "no-host-pid": { remediation: "auto" } } });

  it.each<[string, Status]>([
    ["awsvpc", "PASSED"],
    ["unreadable", "UNKNOWN"],
  ])("repairs nothing when pidMode is %s (%s)", (pidMode, status) => {
    const verdict = verdictOn(pidMode, auto);
    expect(verdict.status).toBe(status);
    expect(remediationDecision(verdict, context(auto, "custom-action"))).toEqual({
      mode: "auto",
      step: "none",
      reason: `the verdict is ${status}: only FAILED is repaired`,
    });
  });

  it("turns every mode off for a resource exempted by its tags", () => {
    const verdict = verdictOn("host", auto, [
      { key: "ecs-guardrails:exempt", value: "no-host-pid" },
      { key: "ecs-guardrails:exempt-reason", value: "debug sidecar until the migration" },
    ]);
    expect(verdict.status).toBe("EXEMPTED");
    expect(remediationDecision(verdict, context(auto, "custom-action"))).toEqual({
      mode: "off",
      step: "none",
      reason: "exempted by the resource's tags: debug sidecar until the migration",
    });
  });

  it("turns every mode off for a resource exempted by the config", () => {
    const config = configWith({
      policies: { "no-host-pid": { remediation: "auto" } },
      exemptions: [
        {
          resource: "arn:aws:ecs:*:task-definition/web:*",
          policies: "all",
          reason: "legacy",
          until: "2027-03-31",
        },
      ],
    });
    const verdict = verdictOn("host", config);
    expect(remediationDecision(verdict, context(config))).toEqual({
      mode: "off",
      step: "none",
      reason: "exempted by the config file until 2027-03-31: legacy",
    });
  });

  it("repairs again once an exemption has ended", () => {
    const verdict = verdictOn("host", auto, [
      { key: "ecs-guardrails:exempt", value: "all" },
      { key: "ecs-guardrails:exempt-reason", value: "migration" },
      { key: "ecs-guardrails:exempt-until", value: "2026-11-23" },
    ]);
    expect(remediationDecision(verdict, context(auto)).step).toBe("apply");
  });

  it("never repairs what the guardrail changed itself", () => {
    const origin = {
      byGuardrail: true,
      reason: "called by the guardrail's role arn:aws:iam::123456789012:role/r",
    };
    expect(remediationDecision(verdictOn("host", auto), { ...context(auto), origin })).toEqual({
      mode: "auto",
      step: "none",
      reason: "not repaired again: called by the guardrail's role arn:aws:iam::123456789012:role/r",
    });
    const someoneElse = { byGuardrail: false, reason: "called by arn:aws:iam::123456789012:role/Developer" };
    expect(remediationDecision(verdictOn("host", auto), { ...context(auto), origin: someoneElse }).step).toBe(
      "apply",
    );
  });

  it("follows the stage's own mode", () => {
    const config = configWith({
      policies: { "no-host-pid": { remediation: "auto" } },
      stages: { production: { policies: { "no-host-pid": { remediation: "dry-run" } } } },
    });
    const verdict = verdictOn("host", config);
    expect(remediationDecision(verdict, { config, stage: "production", trigger: "finding" }).step).toBe(
      "dry-run",
    );
    expect(remediationDecision(verdict, { config, stage: "dev", trigger: "finding" }).step).toBe("apply");
  });
});
