import { describe, expect, it } from "vitest";
import * as z from "zod/mini";
import {
  ConfigError,
  EMPTY_CONFIG,
  parametersOf,
  parseConfig,
  stageDeployment,
} from "../../shared/engine/config.ts";
import { evaluatePolicies } from "../../shared/engine/evaluate.ts";
import { definePolicy, violation } from "../../shared/policies/define-policy.ts";
import { routes } from "../../shared/runtime/routes.ts";
import { taskDefinition } from "../helpers/builders.ts";

const familyPrefix = definePolicy({
  id: "family-prefix",
  title: "Task definition families carry the team prefix",
  severity: "LOW",
  resource: "TaskDefinition",
  controls: [],
  practice: "test practice",
  rationale: "test rationale",
  parameters: {
    prefix: {
      description: "the required prefix",
      schema: z.string().check(z.minLength(1)),
      default: "team-",
    },
  },
  messages: { unprefixed: "family {{family}} lacks {{prefix}}" },
  remediation: { recommendation: "rename the family", fixable: false },
  evaluate: (resource, { parameters }) =>
    typeof resource.family === "string" && !resource.family.startsWith(parameters.prefix)
      ? [violation("unprefixed", "/family", { family: resource.family, prefix: parameters.prefix })]
      : [],
});

/** A policy that can repair its resource, so it may have a remediation mode. */
const repairable = definePolicy({
  id: "repairable",
  title: "Containers are not privileged",
  severity: "HIGH",
  resource: "TaskDefinition",
  controls: [],
  practice: "test practice",
  rationale: "test rationale",
  messages: { privileged: "privileged" },
  remediation: { recommendation: "register a revision without privileged", fixable: true },
  evaluate: () => [],
});

describe("parseConfig", () => {
  it("accepts switches, parameters and exemptions", () => {
    const config = parseConfig(
      {
        policies: { "family-prefix": { enabled: true, parameters: { prefix: "payments-" } } },
        exemptions: [
          {
            resource: "arn:aws:ecs:*:task-definition/legacy:*",
            policies: "all",
            reason: "retired in Q1",
            until: "2027-03-31",
          },
        ],
      },
      [familyPrefix],
      "ecs-guardrails.config.json",
    );
    expect(parametersOf(familyPrefix, config)).toEqual({ prefix: "payments-" });
    expect(config.exemptions).toHaveLength(1);
  });

  it("gives a policy its defaults when the config sets nothing", () => {
    expect(parametersOf(familyPrefix, EMPTY_CONFIG)).toEqual({ prefix: "team-" });
  });

  it.each([
    [{ polices: {} }, "polices"],
    [{ policies: { "no-such-policy": {} } }, "policies.no-such-policy: no such policy"],
    [
      { policies: { "family-prefix": { parameters: { prefixes: "x" } } } },
      "policies.family-prefix.parameters.prefixes: the policy has no such parameter",
    ],
    [
      { policies: { "family-prefix": { parameters: { prefix: "" } } } },
      "policies.family-prefix.parameters.prefix:",
    ],
    [{ exemptions: [{ resource: "x", policies: ["family-prefix"] }] }, "exemptions.0.reason"],
    [
      { exemptions: [{ resource: "x", policies: ["family-prefix"], reason: "r", until: "31.12.2026" }] },
      "expected YYYY-MM-DD",
    ],
    [
      { exemptions: [{ resource: "x", policies: ["nope"], reason: "r" }] },
      'exemptions.0.policies: no policy "nope"',
    ],
    [
      { policies: { repairable: { remediation: "enforce" } } },
      "policies.repairable.remediation: Invalid option",
    ],
    [
      { policies: { "family-prefix": { remediation: "auto" } } },
      'policies.family-prefix.remediation: family-prefix cannot repair its resources (not fixable), so its mode can only be "off", not "auto"',
    ],
    [
      { stages: { production: { policies: { "family-prefix": { remediation: "notify" } } } } },
      'stages.production.policies.family-prefix.remediation: family-prefix cannot repair its resources (not fixable), so its mode can only be "off", not "notify"',
    ],
    [
      { stages: { production: { policies: { "no-such-policy": { remediation: "off" } } } } },
      "stages.production.policies.no-such-policy: no such policy",
    ],
    [{ stages: { production: { policies: { repairable: { enabled: false } } } } }, "enabled"],
    [{ stages: { production: { exemptions: [] } } }, "exemptions"],
    [{ remediationBudget: { maxActions: 0, windowMinutes: 60 } }, "remediationBudget.maxActions"],
    [{ stages: { dev: { remediationBudget: { maxActions: 5, windowMinutes: 1.5 } } } }, "windowMinutes"],
    [{ remediationBudget: { maxActions: 5 } }, "remediationBudget.windowMinutes"],
    [{ remediationScope: {} }, "a scope names clusters, a tag, or both"],
    [
      { remediationScope: { clusters: ["arn:aws:ecs:eu-west-1:123456789012:cluster/prod"] } },
      "expected a cluster name, not an ARN",
    ],
    [{ stages: { dev: { remediationScope: { clusters: [] } } } }, "remediationScope.clusters"],
    [{ remediationScope: { tag: { key: "", value: "true" } } }, "remediationScope.tag.key"],
    [{ sweepSchedule: "rate(30 minutes)" }, "at most one an hour"],
    [{ stages: { dev: { sweepSchedule: "rate(59 minutes)" } } }, "at most one an hour"],
    [{ sweepSchedule: "rate(1 days)" }, "expected an EventBridge schedule expression"],
    [{ sweepSchedule: "every day" }, "expected an EventBridge schedule expression"],
    [{ sweepSchedule: "cron(0 3 * * ?)" }, "expected an EventBridge schedule expression"],
    [{ logRetention: "2 weeks please" }, "logRetention"],
    [{ stages: { dev: { logRetention: 30 } } }, "stages.dev.logRetention"],
  ])("rejects %j, naming where", (document, message) => {
    expect(() => parseConfig(document, [familyPrefix, repairable], "config.json")).toThrow(ConfigError);
    expect(() => parseConfig(document, [familyPrefix, repairable], "config.json")).toThrow(message);
  });

  it("accepts remediation modes per policy and stage, budgets and scopes", () => {
    const document = {
      policies: { repairable: { remediation: "dry-run" }, "family-prefix": { remediation: "off" } },
      remediationBudget: { maxActions: 20, windowMinutes: 60 },
      remediationScope: { tag: { key: "ecs-guardrails:remediate", value: "true" } },
      stages: {
        production: {
          policies: { repairable: { remediation: "manual" } },
          remediationBudget: { maxActions: 5, windowMinutes: 1440 },
          remediationScope: { clusters: ["payments", "web"] },
        },
        dev: { policies: { repairable: { remediation: "auto" } } },
      },
    };
    expect(parseConfig(document, [familyPrefix, repairable], "config.json")).toEqual({
      ...document,
      exemptions: [],
    });
  });

  it.each([
    "rate(1 hour)",
    "rate(90 minutes)",
    "rate(6 hours)",
    "rate(1 day)",
    "rate(7 days)",
    "cron(0 3 * * ? *)",
  ])("accepts the sweep schedule %s", (sweepSchedule) => {
    expect(parseConfig({ sweepSchedule }, [familyPrefix], "config.json").sweepSchedule).toBe(sweepSchedule);
  });

  it("accepts the sweep schedule the route deploys by default", () => {
    const [sweepSchedule] = routes.flatMap((route) => route.rules.flatMap((rule) => rule.schedule ?? []));
    expect(sweepSchedule).toBeDefined();
    expect(() => parseConfig({ sweepSchedule }, [familyPrefix], "config.json")).not.toThrow();
  });

  it("gives a stage its own sweep schedule and log retention, else the top-level ones", () => {
    const config = parseConfig(
      {
        sweepSchedule: "rate(12 hours)",
        logRetention: "3 months",
        stages: { production: { logRetention: "2 years" }, staging: { sweepSchedule: "rate(1 day)" } },
      },
      [familyPrefix],
      "config.json",
    );
    expect(stageDeployment(config, "production")).toEqual({
      sweepSchedule: "rate(12 hours)",
      logRetention: "2 years",
    });
    expect(stageDeployment(config, "staging")).toEqual({
      sweepSchedule: "rate(1 day)",
      logRetention: "3 months",
    });
    expect(stageDeployment(EMPTY_CONFIG, "production")).toEqual({});
  });

  it("leaves out what the file leaves out", () => {
    expect(parseConfig({}, [familyPrefix], "config.json")).toEqual(EMPTY_CONFIG);
  });
});

describe("evaluation with a config", () => {
  it("passes the configured parameters to the policy", () => {
    const config = parseConfig(
      { policies: { "family-prefix": { parameters: { prefix: "web" } } } },
      [familyPrefix],
      "c",
    );
    expect(evaluatePolicies([familyPrefix], taskDefinition(), { config })[0]?.status).toBe("PASSED");
    expect(evaluatePolicies([familyPrefix], taskDefinition())[0]?.evidence[0]?.message).toBe(
      "family web lacks team-",
    );
  });

  it("skips a disabled policy", () => {
    const config = parseConfig({ policies: { "family-prefix": { enabled: false } } }, [familyPrefix], "c");
    expect(evaluatePolicies([familyPrefix], taskDefinition(), { config })).toEqual([]);
  });
});
