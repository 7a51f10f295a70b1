import { DescribeServicesCommand, UpdateServiceCommand } from "@aws-sdk/client-ecs";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { matchesPattern } from "../../events/pattern-matcher.ts";
import { remediateCustomActionPattern, remediationRequestsPattern } from "../../events/patterns.ts";
import {
  CUSTOM_ACTION,
  customActionEvent,
  remediationRequestEvent,
} from "../../events/schemas/remediation.ts";
import { ACTIONS } from "../../shared/remediation/actions/index.ts";
import { type RemediationBudget, remediationBudgetStore } from "../../shared/remediation/budget.ts";
import { AUDIT_FIELD_PREFIX } from "../../shared/runtime/remediation-audit.ts";
import { validateRequest } from "../helpers/aws-model.ts";
import { createBudgetTable } from "../helpers/budget-table.ts";
import { type LocalDynamoDb, startLocalDynamoDb } from "../helpers/local-dynamodb.ts";
import { sampleEvent } from "../helpers/samples.ts";
import {
  ACCOUNT,
  audits,
  CASES,
  changeCalls,
  configWith,
  countingBudget,
  customAction,
  describedServices,
  EXEMPT,
  ecs,
  findingIdOf,
  GUARDRAIL_ROLE,
  NOW,
  PRODUCT_ARN,
  REVISION,
  request,
  run,
  world,
} from "./remediation-harness.ts";

describe("the remediation events", () => {
  it("route a request and the custom action, by their samples", () => {
    const requestSample = sampleEvent("remediation/remediation-request");
    const customActionSample = sampleEvent("remediation/custom-action");
    expect(matchesPattern(remediationRequestsPattern, requestSample)).toBe(true);
    expect(matchesPattern(remediateCustomActionPattern, customActionSample)).toBe(true);
    expect(matchesPattern(remediateCustomActionPattern, requestSample)).toBe(false);
    expect(remediationRequestEvent.safeParse(requestSample).success).toBe(true);
    expect(customActionEvent.safeParse(customActionSample).success).toBe(true);
  });

  it("leave another custom action of the account alone", () => {
    const other = customAction([]);
    const renamed = { ...other, detail: { ...other.detail, actionName: "Send to ticketing" } };
    expect(matchesPattern(remediateCustomActionPattern, renamed)).toBe(false);
  });

  it("name the custom action within Security Hub's limits", () => {
    expect(CUSTOM_ACTION.name.length).toBeLessThan(20);
    expect(CUSTOM_ACTION.id).toMatch(/^[A-Za-z0-9]{1,20}$/);
    const input = { Name: CUSTOM_ACTION.name, Description: CUSTOM_ACTION.description, Id: CUSTOM_ACTION.id };
    expect(validateRequest("securityhub", "CreateActionTarget", input)).toEqual([]);
  });
});

describe("remediation, for every action", () => {
  it("covers every action of the registry", () => {
    expect(CASES.map((testCase) => testCase.action).sort()).toEqual(
      ACTIONS.map((action) => action.id).sort(),
    );
  });

  describe.each(CASES)("$action ($policyId)", (testCase) => {
    beforeEach(() => testCase.install(world));

    it("dry-run: records the exact call on the finding, changes nothing and spends no budget", async () => {
      const budget = countingBudget();
      const { outcomes, published } = await run(
        configWith(testCase.policyId, "dry-run"),
        [request(testCase)],
        budget,
      );

      expect(outcomes.map((outcome) => outcome.kind)).toEqual(["evaluated"]);
      expect(published).toBe(0);
      expect(changeCalls(testCase)).toHaveLength(0);
      expect(budget.used).toBe(0);
      const [audit] = audits();
      expect(audit?.FindingIdentifiers).toEqual([{ Id: findingIdOf(testCase), ProductArn: PRODUCT_ARN }]);
      expect(audit?.Workflow).toEqual({ Status: "NOTIFIED" });
      expect(audit?.Note?.UpdatedBy).toBe("ecs-guardrails");
      expect(audit?.Note?.Text).toContain(
        `${testCase.action} would call ${testCase.change.service}:${testCase.change.operation} {`,
      );
      expect(audit?.UserDefinedFields?.[`${AUDIT_FIELD_PREFIX}-outcome`]).toBe("planned");
    });

    it("auto: a request makes exactly one change, audited RESOLVED", async () => {
      const { outcomes, logged } = await run(configWith(testCase.policyId, "auto"), [request(testCase)]);

      expect(outcomes.map((outcome) => outcome.kind)).toEqual(["evaluated"]);
      expect(changeCalls(testCase)).toHaveLength(1);
      const [audit] = audits();
      expect(audit?.Workflow).toEqual({ Status: "RESOLVED" });
      expect(audit?.Note?.Text).toContain(`${testCase.action}: changed:`);
      expect(audit?.UserDefinedFields).toEqual({
        [`${AUDIT_FIELD_PREFIX}-action`]: testCase.action,
        [`${AUDIT_FIELD_PREFIX}-outcome`]: "changed",
        [`${AUDIT_FIELD_PREFIX}-time`]: NOW.toISOString(),
      });
      expect(logged).toMatchObject([
        { policyId: testCase.policyId, mode: "auto", step: "apply", actions: [{ outcome: "changed" }] },
      ]);
    });

    it("manual: a request does nothing; the custom action repairs", async () => {
      const config = configWith(testCase.policyId, "manual");
      await run(config, [request(testCase)]);
      expect(changeCalls(testCase)).toHaveLength(0);
      expect(audits()).toHaveLength(0);

      const clicked = customAction([
        { id: findingIdOf(testCase), policyId: testCase.policyId, resourceId: testCase.resourceId },
      ]);
      const { outcomes } = await run(config, [clicked]);
      expect(outcomes.map((outcome) => outcome.kind)).toEqual(["evaluated"]);
      expect(changeCalls(testCase)).toHaveLength(1);
      expect(audits().map((audit) => audit.Workflow?.Status)).toEqual(["RESOLVED"]);
    });

    it("is idempotent: the same request twice makes one change and spends one budget unit", async () => {
      const config = configWith(testCase.policyId, "auto");
      // Delivered twice in one batch: the batch's reads are shared, so the second judges the state the first
      // read, and the action's own check finds the repair done.
      const budget = countingBudget();
      await run(
        config,
        [request(testCase, undefined, "first"), request(testCase, undefined, "again")],
        budget,
      );

      expect(changeCalls(testCase)).toHaveLength(1);
      expect(budget.used).toBe(1);
      expect(audits().map((audit) => audit.UserDefinedFields?.[`${AUDIT_FIELD_PREFIX}-outcome`])).toEqual([
        "changed",
        testCase.again ?? "already-fixed",
      ]);
      expect(audits().map((audit) => audit.Workflow?.Status)).toEqual(["RESOLVED", "RESOLVED"]);

      // Delivered again later: the resource is read again, and passes, or is already fixed, or is gone.
      await run(config, [request(testCase)]);
      expect(changeCalls(testCase)).toHaveLength(1);
    });

    it("loop guard: a request whose actor is the guardrail's own role does nothing", async () => {
      const actor = `arn:aws:sts::${ACCOUNT}:assumed-role/ecs-guardrails-production-RemediationRole/remediation`;
      const { logged } = await run(configWith(testCase.policyId, "auto"), [request(testCase, actor)]);

      expect(changeCalls(testCase)).toHaveLength(0);
      expect(audits()).toHaveLength(0);
      expect(logged[0]?.reason).toContain(`called by the guardrail's role ${GUARDRAIL_ROLE}`);
    });

    it("scope: a resource outside the stage's remediation scope is not repaired, and the audit says why", async () => {
      const config = configWith(testCase.policyId, "auto", { remediationScope: { clusters: ["staging"] } });
      const { logged } = await run(config, [request(testCase)]);

      expect(changeCalls(testCase)).toHaveLength(0);
      expect(audits().map((audit) => audit.UserDefinedFields?.[`${AUDIT_FIELD_PREFIX}-outcome`])).toEqual([
        "precluded",
      ]);
      expect(audits()[0]?.Note?.Text).toContain("not repaired: outside the remediation scope: ");
      expect(audits()[0]?.Workflow).toBeUndefined();
      expect(logged).toMatchObject([{ step: "apply", actions: [{ action: "none", outcome: "precluded" }] }]);
    });

    it("scope: a resource inside the scope is repaired", async () => {
      const scope = { tag: { key: "ecs-guardrails:remediate", value: "true" } };
      world.tags = [{ key: "ecs-guardrails:remediate", value: "true" }];
      await run(configWith(testCase.policyId, "auto", { remediationScope: scope }), [request(testCase)]);

      // A container instance is scoped by its EC2 instance's tags, on which the repair acts.
      expect(changeCalls(testCase)).toHaveLength(1);
    });

    it("exemption: an exempted resource is not repaired, not even on a person's request", async () => {
      const config = testCase.tagged
        ? configWith(testCase.policyId, "auto")
        : configWith(testCase.policyId, "auto", {
            exemptions: [
              { resource: testCase.resourceId, policies: [testCase.policyId], reason: "load test" },
            ],
          });
      if (testCase.tagged) world.tags = EXEMPT(testCase.policyId);
      const clicked = customAction([
        { id: findingIdOf(testCase), policyId: testCase.policyId, resourceId: testCase.resourceId },
      ]);
      const { logged } = await run(config, [request(testCase), clicked]);

      expect(changeCalls(testCase)).toHaveLength(0);
      expect(audits()).toHaveLength(0);
      expect(logged.map((record) => record.step)).toEqual(["none", "none"]);
      expect(logged[0]?.reason).toMatch(/^exempted by /);
    });
  });
});

describe("a change the remediation role is denied", () => {
  it("is recorded as precluded, not retried: every retry would be denied too", async () => {
    const testCase = CASES.find((candidate) => candidate.action === "disable-service-public-ip");
    if (testCase === undefined) throw new Error("no disable-service-public-ip case");
    testCase.install(world);
    ecs
      .on(UpdateServiceCommand)
      .rejects(Object.assign(new Error("not authorized"), { name: "AccessDeniedException" }));

    const { outcomes, logged } = await run(configWith(testCase.policyId, "auto"), [request(testCase)]);

    expect(outcomes.map((outcome) => outcome.kind)).toEqual(["evaluated"]);
    expect(logged).toMatchObject([{ actions: [{ action: testCase.action, outcome: "precluded" }] }]);
    expect(audits()[0]?.Note?.Text).toContain("was denied (AccessDeniedException: not authorized)");
  });
});

describe("the remediation budget", () => {
  let local: LocalDynamoDb;

  beforeAll(async () => {
    local = await startLocalDynamoDb();
  });

  afterAll(async () => {
    await local.stop();
  });

  async function budgetOf(maxActions: number): Promise<RemediationBudget> {
    return remediationBudgetStore({
      client: local.client,
      tableName: await createBudgetTable(local.client),
      account: ACCOUNT,
      limits: { maxActions, windowMinutes: 60 },
      now: () => NOW,
    });
  }

  it.each(CASES)("refuses the N+1th $action, audits it and changes nothing", async (testCase) => {
    testCase.install(world);
    const budget = await budgetOf(2);
    const config = configWith(testCase.policyId, "auto");
    for (let repair = 0; repair < 2; repair += 1) {
      world.fixed = false;
      await run(config, [request(testCase)], budget);
    }
    expect(changeCalls(testCase)).toHaveLength(2);

    // Broken again: the third repair of the window is refused.
    world.fixed = false;
    const { outcomes } = await run(config, [request(testCase)], budget);

    expect(outcomes.map((outcome) => outcome.kind)).toEqual(["evaluated"]);
    expect(changeCalls(testCase)).toHaveLength(2);
    const refused = audits().at(-1);
    expect(refused?.Workflow).toEqual({ Status: "NOTIFIED" });
    expect(refused?.UserDefinedFields?.[`${AUDIT_FIELD_PREFIX}-outcome`]).toBe("refused");
    expect(refused?.Note?.Text).toContain("budget exhausted until 2026-11-24T11:00:00.000Z");
  });
});

describe("what an action says besides its calls", () => {
  const fixedRevision = CASES.find((testCase) => testCase.action === "register-fixed-revision");
  if (fixedRevision === undefined) throw new Error("no register-fixed-revision case");

  it("logs what a dry run's apply would redo: the revision described again, with every field", async () => {
    fixedRevision.install(world);
    const { logged } = await run(configWith(fixedRevision.policyId, "dry-run"), [request(fixedRevision)]);
    const [record] = logged;
    expect(record?.actions).toEqual([
      {
        action: "register-fixed-revision",
        outcome: "planned",
        details: [expect.stringContaining("apply describes the revision again")],
      },
    ]);
  });

  it("logs and notes the services a rollout leaves where they are, and why", async () => {
    fixedRevision.install(world);
    ecs
      .on(DescribeServicesCommand)
      .resolves(
        describedServices({ taskDefinition: REVISION, deploymentController: { type: "CODE_DEPLOY" } }),
      );
    const { logged } = await run(configWith(fixedRevision.policyId, "auto"), [request(fixedRevision)]);
    const [action] = logged[0]?.actions ?? [];
    expect(action?.details).toEqual([
      expect.stringContaining("left on the old revision: the service deploys with CodeDeploy"),
    ]);
    expect(audits().at(-1)?.Note?.Text).toContain("left on the old revision");
  });
});
