import { describe, expect, it } from "vitest";
import { matchesPattern } from "../../events/pattern-matcher.ts";
import { scheduledSweepEvent, sweepStepEvent } from "../../events/schemas/sweep.ts";
import { routes } from "../../shared/runtime/routes.ts";
import { sampleEvent } from "../helpers/samples.ts";

const rules = routes.flatMap((route) => route.rules.map((rule) => ({ route: route.id, ...rule })));
const matchingRules = (event: unknown) =>
  rules.filter((rule) => matchesPattern(rule.pattern, event)).map((rule) => rule.id);

const scheduled = sampleEvent("sweep/scheduled-event");
const step = sampleEvent("sweep/services-step");
const withDetail = (detail: Record<string, unknown>) => ({
  ...step,
  detail: { ...(step.detail as object), ...detail },
});

describe("the sweep's events", () => {
  it("routes the schedule's event and the sweep's steps to the InventorySweep route, and only there", () => {
    expect(matchingRules(scheduled)).toEqual(["SweepSchedule"]);
    expect(matchingRules(step)).toEqual(["SweepSteps"]);
  });

  it("parses the samples with their schemas", () => {
    expect(scheduledSweepEvent.safeParse(scheduled).error).toBeUndefined();
    expect(sweepStepEvent.safeParse(step).error).toBeUndefined();
  });

  it.each([
    ["an unknown step", withDetail({ step: "everything" })],
    ["a step without a sweep id", withDetail({ sweepId: undefined })],
    ["a sweep id that is no time", withDetail({ sweepId: "yesterday" })],
    ["a services step without services", withDetail({ services: [] })],
    [
      "a services step of more than one invocation's services",
      withDetail({ services: Array(101).fill("arn") }),
    ],
    [
      "an archive step with more generator ids than GetFindings takes",
      withDetail({
        step: "archive",
        inventory: "services",
        generatorIds: Array(21).fill("service-tagged"),
        updatedBefore: "2026-11-24T02:45:00.000Z",
      }),
    ],
    [
      "an archive step of an inventory the sweep does not list",
      withDetail({
        step: "archive",
        inventory: "account-settings",
        generatorIds: ["account-eni-trunking"],
        updatedBefore: "2026-11-24T02:45:00.000Z",
      }),
    ],
  ])("refuses %s, so it goes to the dead-letter queue with the reason", (_, event) => {
    expect(sweepStepEvent.safeParse(event).success).toBe(false);
  });
});
