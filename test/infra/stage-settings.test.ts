import { beforeAll, describe, expect, it } from "vitest";
import { routes } from "../../shared/runtime/routes.ts";
import { type Synthesis, synthesizeWithConfig } from "./synth.ts";

/** The config file chooses a stage's sweep schedule and log retention: the stage's own over the top-level ones. */
const CONFIG = {
  sweepSchedule: "rate(12 hours)",
  logRetention: "3 months",
  stages: { settings: { sweepSchedule: "cron(0 3 * * ? *)" }, other: { logRetention: "1 year" } },
};

let synthesis: Synthesis;

beforeAll(async () => {
  synthesis = await synthesizeWithConfig("settings", CONFIG);
}, 90_000);

const ofType = (type: string) => synthesis.resources.filter((resource) => resource.type === type);

describe("a stage whose config file sets its sweep schedule and log retention", () => {
  it("runs the sweep on the stage's own schedule, and no other rule on a schedule", () => {
    const scheduled = ofType("aws:cloudwatch/eventRule:EventRule")
      .map((rule) => rule.inputs as { name: string; scheduleExpression?: string })
      .filter((rule) => rule.scheduleExpression !== undefined);
    const sweepRules = routes.flatMap((route) => route.rules).filter((rule) => rule.schedule !== undefined);
    expect(sweepRules.map((rule) => rule.id)).toEqual(["SweepSchedule"]);
    expect(scheduled).toEqual([
      expect.objectContaining({
        name: expect.stringMatching(/-settings-SweepSchedule$/),
        scheduleExpression: "cron(0 3 * * ? *)",
      }),
    ]);
  });

  it("keeps every function's logs for the top-level retention, which the stage does not override", () => {
    const logGroups = ofType("aws:cloudwatch/logGroup:LogGroup");
    expect(logGroups).toHaveLength(routes.length);
    for (const logGroup of logGroups) expect(logGroup.inputs.retentionInDays).toBe(90);
  });
});
