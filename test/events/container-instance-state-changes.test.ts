import { readdirSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { matchesPattern } from "../../events/pattern-matcher.ts";
import { containerInstanceStateChangeEvent } from "../../events/schemas/container-instance-state-change.ts";
import { routes } from "../../shared/runtime/routes.ts";
import { realContainerInstanceEvents } from "../helpers/container-instances.ts";
import { sampleEvent } from "../helpers/samples.ts";
import { sharedDataAvailable } from "../helpers/shared-data.ts";

const rules = routes.flatMap((route) => route.rules);

/** The ids of the rules, of every route, that match the event. */
function matchingRules(event: unknown): string[] {
  return rules.filter((rule) => matchesPattern(rule.pattern, event)).map((rule) => rule.id);
}

const ourSamples = readdirSync(
  new URL("../../events/samples/container-instance-state-changes/", import.meta.url),
).map((file) => file.replace(/\.json$/, ""));
const realSamples = realContainerInstanceEvents();

describe("container instance state change routing", () => {
  it.each(ourSamples)("sample %s is routed by ContainerInstanceStateChanges alone and parses", (name) => {
    const event = sampleEvent(`container-instance-state-changes/${name}`);
    expect(matchingRules(event)).toEqual(["ContainerInstanceStateChanges"]);
    expect(containerInstanceStateChangeEvent.safeParse(event).error).toBeUndefined();
  });

  it.each(realSamples.map(({ file, event }) => [file, event] as const))(
    "the real sample %s is routed by ContainerInstanceStateChanges alone and parses",
    (_, event) => {
      expect(matchingRules(event)).toEqual(["ContainerInstanceStateChanges"]);
      expect(containerInstanceStateChangeEvent.safeParse(event).error).toBeUndefined();
    },
  );

  it.skipIf(!sharedDataAvailable)("finds the real samples of three sources", () => {
    expect(realSamples.map(({ file }) => file).sort()).toEqual([
      "aws__aws-lambda-dotnet__ecs-container-state-change-event.json",
      "aws__aws-lambda-go__ecs-container-instance-state-change.json",
      "awsdocs__ecs-dev-guide__container-instance-state-change.json",
    ]);
  });

  it("routes no other ECS event", () => {
    const taskEvent = { ...sampleEvent("container-instance-state-changes/registered-hardened") };
    taskEvent["detail-type"] = "ECS Task State Change";
    expect(matchingRules(taskEvent)).not.toContain("ContainerInstanceStateChanges");
    const otherSource = {
      ...sampleEvent("container-instance-state-changes/registered-hardened"),
      source: "custom.ecs",
    };
    expect(matchingRules(otherSource)).toEqual([]);
  });
});

describe("container instance state change schema", () => {
  const valid = sampleEvent("container-instance-state-changes/registered-hardened") as {
    detail: Record<string, unknown>;
  };

  it.each(["containerInstanceArn", "clusterArn", "status"])("requires detail.%s", (field) => {
    const event = structuredClone(valid);
    delete event.detail[field];
    const issues = containerInstanceStateChangeEvent.safeParse(event).error?.issues ?? [];
    expect(issues.map((issue) => issue.path.join("."))).toEqual([`detail.${field}`]);
  });

  it("accepts an external instance, which has no EC2 instance id", () => {
    const event = structuredClone(valid);
    delete event.detail.ec2InstanceId;
    expect(containerInstanceStateChangeEvent.safeParse(event).success).toBe(true);
  });

  it("leaves mistyped fields the policies read to the normalizer, so they are UNKNOWN rather than malformed", () => {
    const event = structuredClone(valid);
    event.detail.attributes = "none";
    event.detail.agentConnected = "maybe";
    expect(containerInstanceStateChangeEvent.safeParse(event).success).toBe(true);
  });
});
