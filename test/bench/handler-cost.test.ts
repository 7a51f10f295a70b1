import { describe, expect, it } from "vitest";
import { handlerCostResult, measureAtScale, type RouteCost } from "../../bench/handler-cost.ts";
import { TASK_REVISIONS } from "../../bench/handler-events.ts";
import { countOf, ecsAndEc2Reads, fewestCalls, findingsImported } from "../../bench/mocked-aws.ts";
import { modelsAvailable, validateBatchImportFindings, validateRequest } from "../helpers/aws-model.ts";

const costs = await measureAtScale("smoke");
const RECORDS = costs[0]?.records ?? 0;

function costOf(routeId: string): RouteCost {
  const cost = costs.find((candidate) => candidate.routeId === routeId);
  if (cost === undefined) throw new Error(`no cost for ${routeId}`);
  return cost;
}

describe("bench/handler-cost", () => {
  it.each(["ApiCalls", "TaskStateChanges", "Throttles"])(
    "%s: imports its findings in exactly ⌈findings/100⌉ calls, each finding once, and dead-letters nothing",
    (routeId) => {
      const { calls } = costOf(routeId);
      const ids = calls.imports.flat().map((finding) => finding.Id);
      expect(ids.length).toBeGreaterThan(0);
      expect(new Set(ids).size).toBe(ids.length);
      expect(countOf(calls, "securityhub:BatchImportFindings")).toBe(fewestCalls(findingsImported(calls)));
      expect(countOf(calls, "sqs:SendMessage")).toBe(0);
    },
  );

  it("measures batches whose findings need several calls, so the count of calls says something", () => {
    expect(findingsImported(costOf("ApiCalls").calls)).toBeGreaterThan(1000);
    expect(findingsImported(costOf("TaskStateChanges").calls)).toBeGreaterThan(500);
  });

  it("reads nothing from ECS or EC2 for events that carry the state", () => {
    expect(ecsAndEc2Reads(costOf("ApiCalls").calls)).toEqual([]);
    expect(ecsAndEc2Reads(costOf("Throttles").calls)).toEqual([]);
  });

  it("reads task events' interfaces a hundred a call and each revision once", () => {
    expect(ecsAndEc2Reads(costOf("TaskStateChanges").calls).sort()).toEqual([
      ["ec2:DescribeNetworkInterfaces", RECORDS / 100],
      ["ecs:DescribeTaskDefinition", TASK_REVISIONS],
    ]);
  });

  it("judges every task on what it runs: every hundredth task has a public IP", () => {
    const publicIp = costOf("TaskStateChanges")
      .calls.imports.flat()
      .filter((finding) => finding.GeneratorId === "running-task-public-ip");
    expect(publicIp).toHaveLength(RECORDS);
    expect(publicIp.filter((finding) => finding.Compliance?.Status === "FAILED")).toHaveLength(RECORDS / 100);
  });

  describe.skipIf(!modelsAvailable())("requests against the AWS API models", () => {
    it("sends only valid requests", () => {
      for (const { calls } of costs) {
        for (const [service, operation, input] of calls.requests) {
          if (service === "securityhub") expect(validateBatchImportFindings(input)).toEqual([]);
          if (service === "ecs" || service === "ec2")
            expect(validateRequest(service, operation, input)).toEqual([]);
        }
      }
    });
  });

  it("reports every target met at smoke scale", () => {
    const result = handlerCostResult(costs);
    const targets = result.rows.flatMap((row) => (row.target === undefined ? [] : [row.target]));
    expect(targets).toHaveLength(6);
    expect(targets.every((target) => target.met)).toBe(true);
  });
});
