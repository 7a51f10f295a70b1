import { readdirSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { matchesPattern } from "../../events/pattern-matcher.ts";
import {
  deploymentStateChangeEvent,
  deploymentStateChangeNames,
} from "../../events/schemas/deployment-state-change.ts";
import {
  judgedServiceActionNames,
  serviceActionEvent,
  serviceActionEventNames,
} from "../../events/schemas/service-action.ts";
import { routes } from "../../shared/runtime/routes.ts";
import { sampleEvent } from "../helpers/samples.ts";
import {
  deploymentEvent,
  guideEvent,
  guideServiceEventFiles,
  serviceActionEvent as serviceActionOf,
} from "../helpers/service-events.ts";
import { fromSamples, sharedDataAvailable } from "../helpers/shared-data.ts";

const rules = routes.flatMap((route) => route.rules);

/** The ids of the rules, of every route, that match the event. */
function matchingRules(event: unknown): string[] {
  return rules.filter((rule) => matchesPattern(rule.pattern, event)).map((rule) => rule.id);
}

const schemas = { DeploymentStateChanges: deploymentStateChangeEvent, ServiceActions: serviceActionEvent };

const ourSamples = readdirSync(new URL("../../events/samples/service-events/", import.meta.url)).map((file) =>
  file.replace(/\.json$/, ""),
);

/** The ECS guide's samples, with the rule that must route each: none for a capacity provider's steady state. */
const guideSamples = fromSamples("routing the ECS guide's service events", () =>
  guideServiceEventFiles().map((file) => {
    const name = file.replace(/^awsdocs__ecs-dev-guide__/, "").replace(/\.json$/, "");
    const rule: keyof typeof schemas | undefined = name.startsWith("deployment-")
      ? "DeploymentStateChanges"
      : name.endsWith("CAPACITY_PROVIDER_STEADY_STATE")
        ? undefined
        : "ServiceActions";
    return { name, rule };
  }),
);

describe("service event routing", () => {
  it.each(guideSamples)("the ECS guide's $name is routed by $rule alone and parses", ({ name, rule }) => {
    const event = guideEvent(name);
    expect(matchingRules(event)).toEqual(rule === undefined ? [] : [rule]);
    if (rule !== undefined) expect(schemas[rule].safeParse(event).error).toBeUndefined();
  });

  it.skipIf(!sharedDataAvailable)("finds every deployment and service action sample of the ECS guide", () => {
    expect(guideSamples.map(({ name }) => name).sort()).toEqual([
      "deployment-SERVICE_DEPLOYMENT_COMPLETED",
      "deployment-SERVICE_DEPLOYMENT_FAILED",
      "deployment-SERVICE_DEPLOYMENT_IN_PROGRESS-initial",
      "deployment-SERVICE_DEPLOYMENT_IN_PROGRESS-rollback",
      "service-action-CAPACITY_PROVIDER_STEADY_STATE",
      "service-action-SERVICE_STEADY_STATE",
      "service-action-SERVICE_TASK_PLACEMENT_FAILURE-ec2",
      "service-action-SERVICE_TASK_PLACEMENT_FAILURE-fargate-spot",
      "service-action-SERVICE_TASK_START_IMPAIRED",
    ]);
  });

  it.each(ourSamples)("our sample %s is routed by its rule alone and parses", (sample) => {
    const event = sampleEvent(`service-events/${sample}`);
    const rule = sample.startsWith("deployment-") ? "DeploymentStateChanges" : "ServiceActions";
    expect(matchingRules(event)).toEqual([rule]);
    expect(schemas[rule].safeParse(event).error).toBeUndefined();
  });

  it("has a sample, ours or the ECS guide's, of every service action it routes", () => {
    const sampled = new Set(ourSamples.map((sample) => sampleEvent(`service-events/${sample}`)));
    const names = new Set(
      [...sampled].map((event) => (event as { detail: { eventName: string } }).detail.eventName),
    );
    const guideNames = [
      "SERVICE_STEADY_STATE",
      "SERVICE_TASK_START_IMPAIRED",
      "SERVICE_TASK_PLACEMENT_FAILURE",
    ];
    for (const name of guideNames) names.add(name);
    expect(judgedServiceActionNames.filter((name) => !names.has(name))).toEqual([]);
  });

  it.each(judgedServiceActionNames)("routes the service action %s", (eventName) => {
    expect(matchingRules(serviceActionOf({ eventName }))).toEqual(["ServiceActions"]);
  });

  it.each(
    Object.values(serviceActionEventNames)
      .flat()
      .filter((name) => !(judgedServiceActionNames as readonly string[]).includes(name)),
  )("leaves the service action %s unrouted: no policy judges it", (eventName) => {
    const event = serviceActionOf({ eventName });
    expect(matchingRules(event)).toEqual([]);
    // Documented, so it would parse: it is left out on purpose, not as malformed.
    expect(serviceActionEvent.safeParse(event).error).toBeUndefined();
  });

  it.each(deploymentStateChangeNames)("routes the deployment state change %s", (eventName) => {
    expect(matchingRules(deploymentEvent({ eventName }))).toEqual(["DeploymentStateChanges"]);
  });

  it("routes neither kind from another source, nor names ECS does not document", () => {
    expect(
      matchingRules({ ...serviceActionOf({ eventName: "SERVICE_STEADY_STATE" }), source: "custom.ecs" }),
    ).toEqual([]);
    expect(matchingRules(deploymentEvent({ eventName: "SERVICE_DEPLOYMENT_STOPPED" }))).toEqual([]);
  });
});

describe("service event schemas", () => {
  it("rejects an event whose first resource is no service ARN, naming the field", () => {
    const event = {
      ...serviceActionOf({ eventName: "SERVICE_TASK_PLACEMENT_FAILURE" }),
      resources: ["arn:aws:ecs:eu-west-1:123456789012:cluster/prod"],
    };
    const issues = serviceActionEvent.safeParse(event).error?.issues ?? [];
    expect(issues.map((issue) => [issue.path.join("."), issue.message])).toEqual([
      ["resources.0", "expected the service's ARN first in resources"],
    ]);
  });

  it("rejects an event without resources", () => {
    const { resources: _, ...event } = deploymentEvent({ eventName: "SERVICE_DEPLOYMENT_FAILED" });
    expect(deploymentStateChangeEvent.safeParse(event).success).toBe(false);
  });

  it("accepts old-format service ARNs, and more resources after the service", () => {
    const event = {
      ...deploymentEvent({ eventName: "SERVICE_DEPLOYMENT_COMPLETED" }),
      resources: ["arn:aws-cn:ecs:cn-north-1:123456789012:service/checkout-api", "arn:aws-cn:ecs:x"],
    };
    expect(deploymentStateChangeEvent.safeParse(event).error).toBeUndefined();
  });

  it("rejects an eventName ECS does not document", () => {
    const event = serviceActionOf({ eventName: "SERVICE_ON_FIRE" });
    expect(serviceActionEvent.safeParse(event).error?.issues.map((issue) => issue.path.join("."))).toEqual([
      "detail.eventName",
    ]);
  });

  it("leaves fields the policies quote to the normalizer: a mistyped reason is no malformed event", () => {
    const event = serviceActionOf({ eventName: "SERVICE_TASK_PLACEMENT_FAILURE", reason: { code: 1 } });
    expect(serviceActionEvent.safeParse(event).error).toBeUndefined();
  });
});
