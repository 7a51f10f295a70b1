import { describe, expect, it } from "vitest";
import { TASK_REVISIONS } from "../../bench/handler-events.ts";
import { runStorms, stormResult } from "../../bench/storm.ts";
import { taskStateChangesRoute, throttlesRoute } from "../../shared/runtime/routes.ts";

const comparisons = await runStorms("smoke");
const [throttling, tasks] = comparisons;
const EVENTS = throttling.storm.events.length;

describe("bench/storm", () => {
  describe.each([
    ["Throttles", throttling],
    ["TaskStateChanges", tasks],
  ])("%s", (_, { handler, naive }) => {
    it("leaves Security Hub with the same findings, status and record state, in both designs", () => {
      expect(handler.finalState.size).toBeGreaterThan(0);
      expect(handler.finalState).toEqual(naive.finalState);
    });

    it("the handler imports each batch's findings in exactly ⌈findings/100⌉ calls", () => {
      expect(handler.batchesOverFewestCalls).toBe(0);
      expect(handler.importCalls).toBeGreaterThanOrEqual(Math.ceil(handler.findings / 100));
    });

    it("the naive design makes one call per finding", () => {
      expect(naive.importCalls).toBe(naive.findings);
    });
  });

  it("Throttles: the handler updates each API's finding once a batch; the naive design once an event", () => {
    const batches = Math.ceil(EVENTS / throttlesRoute.batchSize);
    expect(throttling.handler.findings).toBe(5 * batches);
    expect(throttling.handler.importCalls).toBe(batches);
    expect(throttling.naive.findings).toBe(EVENTS);
  });

  it("TaskStateChanges: the handler reads a batch's interfaces a hundred a call and each revision once", () => {
    const batches = Math.ceil(EVENTS / taskStateChangesRoute.batchSize);
    const runningPerBatch = taskStateChangesRoute.batchSize / 2;
    expect(tasks.handler.ecsAndEc2Reads).toBe(batches * (Math.ceil(runningPerBatch / 100) + TASK_REVISIONS));
  });

  it("reports every target met at smoke scale", () => {
    const result = stormResult(comparisons);
    const targets = result.rows.flatMap((row) => (row.target === undefined ? [] : [row.target]));
    expect(targets).toHaveLength(2);
    expect(result.rows.map((row) => row.measure)).toContain(
      "Throttles, 1,000 events: time to drain, Security Hub answering in 2 ms",
    );
    expect(targets.every((target) => target.met)).toBe(true);
  });
});
