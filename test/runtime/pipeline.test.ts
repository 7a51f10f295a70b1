import type { AwsSecurityFinding } from "@aws-sdk/client-securityhub";
import { describe, expect, it } from "vitest";
import * as z from "zod/mini";
import { offlineReader } from "../../cli/replay/offline-reader.ts";
import { EMPTY_CONFIG } from "../../shared/engine/config.ts";
import { FindingImportError } from "../../shared/findings/publish-findings.ts";
import type { StateReader } from "../../shared/hydrate/state-reader.ts";
import { unresolved } from "../../shared/model/resolvable.ts";
import type { BatchEvaluator, EventEvaluator } from "../../shared/runtime/event-evaluator.ts";
import { createPipeline, type Route } from "../../shared/runtime/pipeline.ts";
import type { RouteSpec } from "../../shared/runtime/routes.ts";

const event = z.object({ id: z.string(), "detail-type": z.string(), detail: z.object({ n: z.number() }) });
type Event = z.infer<typeof event>;

const reader: StateReader = {
  // Reads no test here makes are skipped, as in replay.
  ...offlineReader,
  read: async () => ({ skipped: "no reads here" }),
  readRolePermissions: async () => unresolved("no IAM here", ""),
};

/** Only what the pipeline reads of a finding: its id and when it was updated. */
function finding(id: string, updatedAt: string): AwsSecurityFinding {
  return { Id: id, UpdatedAt: updatedAt } as AwsSecurityFinding;
}

/** One finding per event, keyed by the event's `n`. */
const single: EventEvaluator<Event> = {
  schema: event,
  evaluate: async ({ id, detail }) => {
    if (detail.n < 0) throw new Error(`cannot evaluate ${id}`);
    return { findings: [finding(`single-${detail.n}`, "2026-11-24T00:00:00Z")], skipped: [] };
  },
};

const batchCalls: Event[][] = [];
/** One finding for all events together, with their count as a metric. */
const counting: BatchEvaluator<Event> = {
  schema: event,
  evaluateBatch: async (events) => {
    batchCalls.push([...events]);
    if (events.some(({ detail }) => detail.n < 0)) throw new Error("the batch failed");
    return {
      findings: [finding("counted", "2026-11-24T00:00:00Z")],
      skipped: [],
      metrics: [{ name: "Counted", value: events.length, dimensions: { Kind: "test" } }],
    };
  },
};

const spec: RouteSpec = {
  id: "Test",
  handler: "functions/test.handler",
  rules: [
    { id: "Single", description: "single", pattern: { "detail-type": ["single"] }, state: "ENABLED" },
    { id: "Counting", description: "counting", pattern: { "detail-type": ["counting"] }, state: "ENABLED" },
  ],
  permissions: [],
  timeoutSeconds: 60,
  memoryMegabytes: 512,
  batchSize: 100,
  batchWindowSeconds: 5,
  maximumConcurrency: 2,
  maxReceiveCount: 5,
};
const route: Route = { spec, evaluators: { Single: single, Counting: counting } };

function pipeline(published: AwsSecurityFinding[][] = []) {
  return createPipeline({
    routes: [route],
    reader,
    rulebook: { policies: [], config: EMPTY_CONFIG },
    sink: { publish: async (findings) => void published.push([...findings]) },
  });
}

const record = (id: string, detailType: string, n: number) => ({
  id,
  event: { id: `event-${id}`, "detail-type": detailType, detail: { n } },
});

describe("pipeline", () => {
  it("sends each event to the evaluator of the rule it matches", async () => {
    const published: AwsSecurityFinding[][] = [];
    const result = await pipeline(published).processBatch([
      record("a", "single", 1),
      record("b", "single", 2),
      record("c", "other", 3),
      { id: "d", event: { id: "event-d", "detail-type": "single", detail: {} } },
    ]);
    expect(Object.fromEntries([...result.outcomes].map(([id, outcome]) => [id, outcome.kind]))).toEqual({
      a: "evaluated",
      b: "evaluated",
      c: "unrouted",
      d: "malformed",
    });
    expect(published.flat().map((item) => item.Id)).toEqual(["single-1", "single-2"]);
  });

  it("gives a batch evaluator all the batch's events of its rule at once, and collects its metrics", async () => {
    batchCalls.length = 0;
    const published: AwsSecurityFinding[][] = [];
    const result = await pipeline(published).processBatch([
      record("a", "counting", 1),
      record("b", "single", 2),
      record("c", "counting", 3),
    ]);
    expect(batchCalls.map((events) => events.map(({ detail }) => detail.n))).toEqual([[1, 3]]);
    expect(result.metrics).toEqual([{ name: "Counted", value: 2, dimensions: { Kind: "test" } }]);
    expect(published.flat().map((item) => item.Id)).toEqual(["single-2", "counted"]);
    expect(result.outcomes.get("a")?.kind).toBe("evaluated");
    expect(result.outcomes.get("c")?.kind).toBe("evaluated");
  });

  it("retries every record of a failed batch evaluation, and only those", async () => {
    const result = await pipeline().processBatch([
      record("a", "counting", 1),
      record("b", "counting", -1),
      record("c", "single", 2),
    ]);
    expect(result.outcomes.get("a")?.kind).toBe("failed");
    expect(result.outcomes.get("b")?.kind).toBe("failed");
    expect(result.outcomes.get("c")?.kind).toBe("evaluated");
  });

  it("retries the records whose findings the sink refused", async () => {
    const failing = createPipeline({
      routes: [route],
      reader,
      rulebook: { policies: [], config: EMPTY_CONFIG },
      sink: {
        publish: async () => {
          throw new Error("Security Hub is down");
        },
      },
    });
    const result = await failing.processBatch([record("a", "counting", 1), record("b", "counting", 2)]);
    expect([...result.outcomes.values()].map((outcome) => outcome.kind)).toEqual(["failed", "failed"]);
    expect(result.published).toBe(0);
  });
});

describe("pipeline: batch evaluators that name each event's resource", () => {
  const evaluations: number[][] = [];
  /**
   * One finding per event on its resource `resource-<n mod 10>`, and one on `shared`; an event whose `n` is in
   * `failing` fails every evaluation that holds it (a read of its resource that keeps failing), and while
   * `everything` is set, every evaluation fails (throttling of all reads).
   */
  const failing = new Set<number>();
  let everything = false;
  const perResource: BatchEvaluator<Event> = {
    schema: event,
    resourcesOf: ({ detail }) => [`resource-${detail.n % 10}`],
    evaluateBatch: async (events) => {
      evaluations.push(events.map(({ detail }) => detail.n));
      if (everything || events.some(({ detail }) => failing.has(detail.n))) throw new Error("a read failed");
      return {
        findings: [
          ...events.map(({ detail }) => ({
            ...finding(`finding-${detail.n}`, "2026-11-24T00:00:00Z"),
            Resources: [{ Type: "Other", Id: `resource-${detail.n % 10}` }],
          })),
          finding("shared", "2026-11-24T00:00:00Z"),
        ],
        skipped: [],
      };
    },
  };
  const perResourceRoute: Route = {
    spec: {
      ...spec,
      rules: [
        {
          id: "PerResource",
          description: "",
          pattern: { "detail-type": ["per-resource"] },
          state: "ENABLED",
        },
      ],
    },
    evaluators: { PerResource: perResource },
  };
  const run = (
    ns: readonly number[],
    sink: (findings: readonly AwsSecurityFinding[]) => Promise<void> = async () => undefined,
  ) => {
    evaluations.length = 0;
    return createPipeline({
      routes: [perResourceRoute],
      reader,
      rulebook: { policies: [], config: EMPTY_CONFIG },
      sink: { publish: sink },
    }).processBatch(ns.map((n) => record(`r${n}`, "per-resource", n)));
  };
  const failed = (result: Awaited<ReturnType<typeof run>>) =>
    [...result.outcomes].filter(([, outcome]) => outcome.kind === "failed").map(([id]) => id);

  it("fails only the records of the resource whose read keeps failing, halving down to it", async () => {
    failing.clear();
    failing.add(13);
    everything = false;
    const result = await run([1, 2, 3, 4, 5, 6, 7, 8, 13, 23]);
    // resource-3 holds 3, 13 and 23: its records fail together, every other resource's are judged.
    expect(failed(result).sort()).toEqual(["r13", "r23", "r3"]);
    expect(result.published).toBeGreaterThan(0);
    // The whole batch, then halves: never one evaluation per resource.
    expect(evaluations.length).toBeLessThanOrEqual(1 + 2 * Math.ceil(Math.log2(8)));
  });

  it("returns everything to the queue after three evaluations when every read fails", async () => {
    failing.clear();
    everything = true;
    const result = await run([1, 2, 3, 4, 5, 6, 7, 8]);
    everything = false;
    expect(failed(result)).toHaveLength(8);
    expect(evaluations).toHaveLength(3);
  });

  it("returns to the queue only the records whose resource's finding the sink refused, and all for a shared one", async () => {
    failing.clear();
    const refusing = (ids: readonly string[]) => async (findings: readonly AwsSecurityFinding[]) => {
      const refused = findings.filter((candidate) => ids.includes(candidate.Id ?? ""));
      if (refused.length > 0) {
        throw new FindingImportError(
          refused.map((candidate) => ({ id: candidate.Id ?? "", errorCode: "X", errorMessage: "" })),
        );
      }
    };
    expect(failed(await run([1, 2, 11], refusing(["finding-11"]))).sort()).toEqual(["r1", "r11"]);
    expect(failed(await run([1, 2], refusing(["shared"]))).sort()).toEqual(["r1", "r2"]);
  });
});
