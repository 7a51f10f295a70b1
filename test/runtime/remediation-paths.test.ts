import {
  DescribeCapacityProvidersCommand,
  DescribeClustersCommand,
  UpdateCapacityProviderCommand,
} from "@aws-sdk/client-ecs";
import { BatchUpdateFindingsCommand } from "@aws-sdk/client-securityhub";
import { beforeEach, describe, expect, it } from "vitest";
import { AUDIT_FIELD_PREFIX, auditRequest, NOTE_LIMIT } from "../../shared/runtime/remediation-audit.ts";
import { validateRequest } from "../helpers/aws-model.ts";
import {
  ACCOUNT,
  audits,
  CASES,
  type Case,
  CLUSTER,
  changeCalls,
  configWith,
  countingBudget,
  customAction,
  ecs,
  findingIdOf,
  PRODUCT_ARN,
  request,
  run,
  securityHub,
  world,
} from "./remediation-harness.ts";

const awsError = (code: string) => Object.assign(new Error(`${code}: from the mocked AWS`), { name: code });

function caseOf(action: string): Case {
  const found = CASES.find((testCase) => testCase.action === action);
  if (found === undefined) throw new Error(`no case for ${action}`);
  return found;
}

const insights = caseOf("enable-container-insights");
const terminationProtection = caseOf("enable-managed-termination-protection");

describe("remediation paths", () => {
  beforeEach(() => insights.install(world));

  it("leaves alone a finding of another product, without reading anything", async () => {
    const foreign = `arn:aws:securityhub:eu-west-1::product/aws/securityhub`;
    const clicked = customAction([
      { id: "ECS.12/1", productArn: foreign, policyId: insights.policyId, resourceId: CLUSTER },
    ]);
    const { outcomes, logged } = await run(configWith(insights.policyId, "auto"), [clicked]);

    expect(outcomes.map((outcome) => outcome.kind)).toEqual(["evaluated"]);
    expect(ecs.calls()).toHaveLength(0);
    expect(audits()).toHaveLength(0);
    expect(logged[0]?.reason).toBe(`not a finding of the guardrail: product ${foreign}`);
  });

  it("leaves alone a finding whose generator is not one of its policies", async () => {
    const clicked = customAction([{ id: "x", policyId: "not-a-policy", resourceId: CLUSTER }]);
    const { logged } = await run(configWith(insights.policyId, "auto"), [clicked]);

    expect(ecs.calls()).toHaveLength(0);
    expect(logged[0]?.reason).toBe("not a finding of the guardrail: no policy not-a-policy");
  });

  it("leaves alone the finding of another account an aggregating account's custom action sends", async () => {
    const member = "210987654321";
    const clicked = customAction([
      {
        id: "member",
        productArn: `arn:aws:securityhub:eu-west-1:${member}:product/${member}/default`,
        policyId: insights.policyId,
        resourceId: `arn:aws:ecs:eu-west-1:${member}:cluster/prod`,
      },
    ]);
    const { logged } = await run(configWith(insights.policyId, "auto"), [clicked]);

    expect(ecs.calls()).toHaveLength(0);
    expect(logged[0]?.reason).toBe(
      `a finding of account ${member}, not of ${ACCOUNT}, where the guardrail acts`,
    );
  });

  it("repairs each finding of a custom action, and skips the others", async () => {
    const clicked = customAction([
      {
        id: "other",
        productArn: `arn:aws:securityhub:eu-west-1:${ACCOUNT}:product/${ACCOUNT}/other`,
        policyId: insights.policyId,
        resourceId: CLUSTER,
      },
      { id: findingIdOf(insights), policyId: insights.policyId, resourceId: CLUSTER },
    ]);
    const { logged } = await run(configWith(insights.policyId, "manual"), [clicked]);

    expect(changeCalls(insights)).toHaveLength(1);
    expect(logged.map((record) => record.actions.map((action) => action.outcome))).toEqual([[], ["changed"]]);
  });

  it("repairs a change a person made (the loop guard stops only the guardrail's own)", async () => {
    const actor = `arn:aws:sts::${ACCOUNT}:assumed-role/platform-deployer/jane.doe`;
    await run(configWith(insights.policyId, "auto"), [request(insights, actor)]);
    expect(changeCalls(insights)).toHaveLength(1);
  });

  it("notify: records a note for people, changes nothing and spends no budget", async () => {
    const budget = countingBudget();
    await run(configWith(insights.policyId, "notify"), [request(insights)], budget);

    expect(changeCalls(insights)).toHaveLength(0);
    expect(budget.used).toBe(0);
    expect(
      audits().map((audit) => [
        audit.Workflow?.Status,
        audit.UserDefinedFields?.[`${AUDIT_FIELD_PREFIX}-outcome`],
      ]),
    ).toEqual([["NOTIFIED", "notified"]]);
  });

  it("does nothing for a policy that is off, nor while its remediation is off", async () => {
    const disabled = {
      policies: { [insights.policyId]: { enabled: false, remediation: "auto" as const } },
      exemptions: [],
    };
    await run(disabled, [request(insights)]);
    await run(configWith(insights.policyId, "off"), [request(insights)]);

    expect(changeCalls(insights)).toHaveLength(0);
    expect(audits()).toHaveLength(0);
  });

  it("records a resource that is gone as resolved, without acting", async () => {
    ecs
      .on(DescribeClustersCommand)
      .resolves({ clusters: [], failures: [{ arn: CLUSTER, reason: "MISSING" }] });
    const budget = countingBudget();
    await run(configWith(insights.policyId, "auto"), [request(insights)], budget);

    expect(changeCalls(insights)).toHaveLength(0);
    expect(budget.used).toBe(0);
    const [audit] = audits();
    expect(audit?.Workflow).toEqual({ Status: "RESOLVED" });
    expect(audit?.UserDefinedFields?.[`${AUDIT_FIELD_PREFIX}-outcome`]).toBe("gone");
  });

  it("leaves the finding of a gone resource alone while remediation is off", async () => {
    ecs
      .on(DescribeClustersCommand)
      .resolves({ clusters: [], failures: [{ arn: CLUSTER, reason: "MISSING" }] });
    await run(configWith(insights.policyId, "off"), [request(insights)]);
    expect(audits()).toHaveLength(0);
  });

  it("acts on nothing it could not read, and says why", async () => {
    ecs.on(DescribeClustersCommand).rejects(awsError("AccessDeniedException"));
    const { outcomes } = await run(configWith(insights.policyId, "auto"), [request(insights)]);

    expect(changeCalls(insights)).toHaveLength(0);
    expect(audits()).toHaveLength(0);
    expect(outcomes[0]).toMatchObject({ kind: "evaluated", skipped: [{ call: "DescribeClusters" }] });
  });

  it("returns the record to its queue when an action fails, and records nothing on the finding", async () => {
    ecs
      .on(DescribeClustersCommand)
      .resolvesOnce({
        clusters: [
          {
            clusterArn: CLUSTER,
            clusterName: "prod",
            status: "ACTIVE",
            settings: [{ name: "containerInsights", value: "disabled" }],
          },
        ],
      })
      .rejects(awsError("ThrottlingException"));
    const { outcomes, published } = await run(configWith(insights.policyId, "auto"), [request(insights)]);

    expect(outcomes.map((outcome) => outcome.kind)).toEqual(["failed"]);
    expect(published).toBe(0);
    expect(audits()).toHaveLength(0);
  });

  it("says why an action cannot repair a resource, leaving the workflow as it is", async () => {
    ecs.reset();
    terminationProtection.install(world);
    ecs.on(DescribeCapacityProvidersCommand).resolves({
      capacityProviders: [
        {
          capacityProviderArn: terminationProtection.resourceId,
          name: "prod-asg",
          status: "ACTIVE",
          autoScalingGroupProvider: {
            autoScalingGroupArn: `arn:aws:autoscaling:eu-west-1:${ACCOUNT}:autoScalingGroup:0f1e2d3c-4b5a-6978-8a9b-0c1d2e3f4a5b:autoScalingGroupName/prod`,
            managedScaling: { status: "DISABLED" },
            managedTerminationProtection: "DISABLED",
          },
        },
      ],
    });
    await run(configWith(terminationProtection.policyId, "auto"), [request(terminationProtection)]);

    expect(ecs.commandCalls(UpdateCapacityProviderCommand)).toHaveLength(0);
    const [audit] = audits();
    expect(audit?.Workflow).toBeUndefined();
    expect(audit?.Note?.Text).toContain(
      "enable-managed-termination-protection cannot repair it: managed termination protection needs managed scaling on",
    );
  });

  it("records again once when Security Hub reports a concurrent update, and fails the record on any other refusal", async () => {
    const unprocessed = (code: string) => ({
      ProcessedFindings: [],
      UnprocessedFindings: [
        {
          FindingIdentifier: { Id: findingIdOf(insights), ProductArn: PRODUCT_ARN },
          ErrorCode: code,
          ErrorMessage: "from the test",
        },
      ],
    });
    securityHub
      .on(BatchUpdateFindingsCommand)
      .resolvesOnce(unprocessed("ConcurrentUpdateError"))
      .resolves({ ProcessedFindings: [], UnprocessedFindings: [] });
    const retried = await run(configWith(insights.policyId, "notify"), [request(insights)]);
    expect(retried.outcomes.map((outcome) => outcome.kind)).toEqual(["evaluated"]);
    expect(audits()).toHaveLength(2);

    securityHub.reset();
    securityHub.on(BatchUpdateFindingsCommand).resolves(unprocessed("FindingNotFound"));
    const refused = await run(configWith(insights.policyId, "notify"), [request(insights)]);
    expect(refused.outcomes[0]).toMatchObject({ kind: "failed", error: { name: "AuditError" } });
    expect(audits()).toHaveLength(1);
  });
});

describe("the audit request", () => {
  it("keeps the note within Security Hub's 512 characters, and valid", () => {
    const input = auditRequest({
      finding: { Id: findingIdOf(insights), ProductArn: PRODUCT_ARN },
      action: insights.action,
      outcome: "planned",
      text: `${insights.action} would call ${"x".repeat(2 * NOTE_LIMIT)}`,
      time: new Date("2026-11-24T10:15:30.000Z"),
    });
    expect(input.Note?.Text).toHaveLength(NOTE_LIMIT);
    expect(validateRequest("securityhub", "BatchUpdateFindings", input)).toEqual([]);
  });
});
