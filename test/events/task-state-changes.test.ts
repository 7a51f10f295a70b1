import { readdirSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { matchesPattern } from "../../events/pattern-matcher.ts";
import { taskStateChangesPattern } from "../../events/patterns.ts";
import { taskStateChangeEvent } from "../../events/schemas/task-state-change.ts";
import { routes } from "../../shared/runtime/routes.ts";
import { sampleEvent } from "../helpers/samples.ts";
import {
  fromSamples,
  readSharedJson,
  SHARED_DATA_DIRECTORY,
  sharedDataAvailable,
} from "../helpers/shared-data.ts";

const rules = routes.flatMap((route) => route.rules);

function matchingRules(event: unknown): string[] {
  return rules.filter((rule) => matchesPattern(rule.pattern, event)).map((rule) => rule.id);
}

/** Every real ECS Task State Change event in ../shared/data/events, by file name. */
const realSamples = fromSamples("routing the real Task State Change events", () =>
  readdirSync(`${SHARED_DATA_DIRECTORY}events`)
    .filter((file) => file.endsWith(".json"))
    .filter(
      (file) =>
        (readSharedJson(`events/${file}`) as Record<string, unknown>)["detail-type"] ===
        "ECS Task State Change",
    ),
);

const ourSamples = readdirSync(new URL("../../events/samples/task-state-changes/", import.meta.url))
  .filter((file) => file.endsWith(".json"))
  .map((file) => file.replace(/\.json$/, ""));

function withStatus(lastStatus: string) {
  const event = structuredClone(sampleEvent("task-state-changes/running-public-ip")) as {
    detail: Record<string, unknown>;
  };
  event.detail.lastStatus = lastStatus;
  return event;
}

describe("task state change routing", () => {
  it.skipIf(!sharedDataAvailable)("finds the real Task State Change samples", () => {
    expect(realSamples).toEqual([
      "aws__aws-lambda-dotnet__ecs-task-state-change-event.json",
      "awsdocs__ecs-dev-guide__task-state-change-ec2-running-2016.json",
      "awsdocs__ecs-dev-guide__task-state-change-fargate-running-attachments.json",
    ]);
  });

  it.each(realSamples)("the real %s is routed by TaskStateChanges alone and parses", (file) => {
    const event = readSharedJson(`events/${file}`);
    expect(matchingRules(event)).toEqual(["TaskStateChanges"]);
    expect(taskStateChangeEvent.safeParse(event).error).toBeUndefined();
  });

  it.each(ourSamples)("our sample %s is routed by TaskStateChanges alone and parses", (sample) => {
    const event = sampleEvent(`task-state-changes/${sample}`);
    expect(matchingRules(event)).toEqual(["TaskStateChanges"]);
    expect(taskStateChangeEvent.safeParse(event).error).toBeUndefined();
  });

  it.each(["PROVISIONING", "PENDING", "ACTIVATING", "DEACTIVATING", "STOPPING", "DEPROVISIONING"])(
    "leaves tasks that are %s to the events that follow",
    (lastStatus) => {
      expect(matchingRules(withStatus(lastStatus))).toEqual([]);
    },
  );

  it.skipIf(!sharedDataAvailable)(
    "routes what AWS's own pattern for stopped tasks catches (essential container exited)",
    () => {
      const awsPattern = readSharedJson(
        "events/patterns/awsdocs__ecs-dev-guide__pattern-task-stopped-essential-exited.json",
      ) as Record<string, unknown>;
      const stopped = sampleEvent("task-state-changes/stopped-essential-container-exited");
      expect(matchesPattern(awsPattern, stopped)).toBe(true);
      expect(matchesPattern(taskStateChangesPattern, stopped)).toBe(true);
    },
  );

  it("rejects an event that names no task, or a state the rule never routes", () => {
    const nameless = structuredClone(sampleEvent("task-state-changes/running-public-ip")) as {
      detail: Record<string, unknown>;
    };
    delete nameless.detail.taskArn;
    expect(taskStateChangeEvent.safeParse(nameless).error?.issues.map((issue) => issue.path)).toEqual([
      ["detail", "taskArn"],
    ]);
    expect(taskStateChangeEvent.safeParse(withStatus("PENDING")).success).toBe(false);
  });
});
