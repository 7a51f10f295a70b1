import { readdirSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { eventsFromText } from "../../cli/replay/read-events.ts";
import { matchesPattern, validatePattern } from "../../events/pattern-matcher.ts";
import { ecsApiCallEvent } from "../../events/schemas/cloudtrail-ecs.ts";
import { routes } from "../../shared/runtime/routes.ts";
import { sampleEvent } from "../helpers/samples.ts";
import { fromSamples, SHARED_DATA_DIRECTORY, sharedDataAvailable } from "../helpers/shared-data.ts";

const rules = routes.flatMap((route) => route.rules.map((rule) => ({ route: route.id, ...rule })));
const ourSamples = readdirSync(new URL("../../events/samples/api-calls/", import.meta.url)).map((file) =>
  file.replace(/\.json$/, ""),
);

/** Which rules each of our samples must match: every successful evaluated call, and no failed one. */
const expectedRules: Record<string, string[]> = Object.fromEntries(
  ourSamples.map((sample) => [sample, sample.endsWith("access-denied") ? [] : ["EcsApiCalls"]]),
);

function matchingRules(event: unknown): string[] {
  return rules.filter((rule) => matchesPattern(rule.pattern, event)).map((rule) => rule.id);
}

describe("event patterns", () => {
  it.each(rules.map((rule) => [rule.id, rule] as const))("%s is a valid EventBridge pattern", (_, rule) => {
    expect(validatePattern(rule.pattern)).toEqual([]);
    expect(JSON.stringify(rule.pattern).length).toBeLessThanOrEqual(2048);
  });

  it.each(ourSamples)("sample %s is matched by exactly the rules that should match it", (sample) => {
    expect(matchingRules(sampleEvent(`api-calls/${sample}`))).toEqual(expectedRules[sample]);
  });

  it.each(ourSamples.filter((sample) => expectedRules[sample]?.length))(
    "sample %s parses with the route's schema",
    (sample) => {
      expect(ecsApiCallEvent.safeParse(sampleEvent(`api-calls/${sample}`)).error).toBeUndefined();
    },
  );

  describe.skipIf(!sharedDataAvailable)("the real AWS samples in ../shared/data/events", () => {
    const files = fromSamples("matching the real AWS sample events", () =>
      readdirSync(`${SHARED_DATA_DIRECTORY}events`).filter((file) => file.endsWith(".json")),
    );
    /** The rules each real sample must be routed by; the others are matched by no rule. */
    const expectedRealRules: Record<string, string[]> = {
      // Service events (test/events/service-events.test.ts); a capacity provider's steady state is not routed.
      "awsdocs__ecs-dev-guide__deployment-SERVICE_DEPLOYMENT_COMPLETED.json": ["DeploymentStateChanges"],
      "awsdocs__ecs-dev-guide__deployment-SERVICE_DEPLOYMENT_FAILED.json": ["DeploymentStateChanges"],
      "awsdocs__ecs-dev-guide__deployment-SERVICE_DEPLOYMENT_IN_PROGRESS-initial.json": [
        "DeploymentStateChanges",
      ],
      "awsdocs__ecs-dev-guide__deployment-SERVICE_DEPLOYMENT_IN_PROGRESS-rollback.json": [
        "DeploymentStateChanges",
      ],
      "awsdocs__ecs-dev-guide__service-action-SERVICE_STEADY_STATE.json": ["ServiceActions"],
      "awsdocs__ecs-dev-guide__service-action-SERVICE_TASK_PLACEMENT_FAILURE-ec2.json": ["ServiceActions"],
      "awsdocs__ecs-dev-guide__service-action-SERVICE_TASK_PLACEMENT_FAILURE-fargate-spot.json": [
        "ServiceActions",
      ],
      "awsdocs__ecs-dev-guide__service-action-SERVICE_TASK_START_IMPAIRED.json": ["ServiceActions"],
      // Task events (test/events/task-state-changes.test.ts), RUNNING and STOPPED.
      "aws__aws-lambda-dotnet__ecs-task-state-change-event.json": ["TaskStateChanges"],
      "awsdocs__ecs-dev-guide__task-state-change-ec2-running-2016.json": ["TaskStateChanges"],
      "awsdocs__ecs-dev-guide__task-state-change-fargate-running-attachments.json": ["TaskStateChanges"],
      // Container instance events (test/events/container-instance-state-changes.test.ts).
      "aws__aws-lambda-go__ecs-container-instance-state-change.json": ["ContainerInstanceStateChanges"],
      "aws__aws-lambda-dotnet__ecs-container-state-change-event.json": ["ContainerInstanceStateChanges"],
      "awsdocs__ecs-dev-guide__container-instance-state-change.json": ["ContainerInstanceStateChanges"],
    };
    // Events of other services (ECR, ELB tags, S3, CloudFront, Security Hub): no rule of ours may take them.
    const related = fromSamples("matching the related AWS sample events", () =>
      readdirSync(`${SHARED_DATA_DIRECTORY}events/related`).filter((file) => file.endsWith(".json")),
    );
    it.each(related)("related/%s is matched by no rule", (file) => {
      const text = readFileSync(`${SHARED_DATA_DIRECTORY}events/related/${file}`, "utf8");
      for (const event of eventsFromText(text)) expect(matchingRules(event)).toEqual([]);
    });

    it.each(files)("%s is matched by exactly the rules that should match it", (file) => {
      const event = JSON.parse(
        readFileSync(`${SHARED_DATA_DIRECTORY}events/${file}`, "utf8").replace(/^\uFEFF/, ""),
      );
      expect(matchingRules(event)).toEqual(expectedRealRules[file] ?? []);
    });

    // Raw CloudTrail records are no EventBridge events: replay wraps them as EventBridge delivers them.
    it.each(files.filter((file) => file.includes("cloudtrail-RAW-record")))(
      "%s, wrapped as EventBridge delivers it, is routed to EcsApiCalls and parses",
      (file) => {
        const [event] = eventsFromText(readFileSync(`${SHARED_DATA_DIRECTORY}events/${file}`, "utf8"));
        expect(matchingRules(event)).toEqual(["EcsApiCalls"]);
        expect(ecsApiCallEvent.safeParse(event).error).toBeUndefined();
      },
    );
  });
});
