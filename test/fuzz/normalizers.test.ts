import { readdirSync, readFileSync } from "node:fs";
import type { AwsSecurityFinding } from "@aws-sdk/client-securityhub";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parseDocument } from "../../cli/parse-document.ts";
import { cloudTrailThrottleEvent } from "../../events/schemas/cloudtrail-throttle.ts";
import { evaluatePolicies } from "../../shared/engine/evaluate.ts";
import { OFFLINE_LOOKUPS } from "../../shared/engine/lookups.ts";
import { batches } from "../../shared/findings/publish-findings.ts";
import { type FindingContext, toAsffFinding } from "../../shared/findings/to-asff.ts";
import { accountSettingFromApi } from "../../shared/model/account-setting.ts";
import {
  apiThrottlingDocument,
  apiThrottlingsFrom,
  type ThrottledCallEvent,
  throttledCallFrom,
} from "../../shared/model/api-throttling.ts";
import { capacityProviderFromApi } from "../../shared/model/capacity-provider.ts";
import { ecsResourcesFromTemplate } from "../../shared/model/cloudformation.ts";
import { clusterFromApi } from "../../shared/model/cluster.ts";
import { containerInstanceFromApi, ec2InstanceFromApi } from "../../shared/model/container-instance.ts";
import { runningTaskFromApi } from "../../shared/model/running-task.ts";
import { serviceFromApi } from "../../shared/model/service.ts";
import { serviceEventFromEvent } from "../../shared/model/service-event.ts";
import { taskFromLaunch } from "../../shared/model/task.ts";
import { taskDefinitionFromApi } from "../../shared/model/task-definition.ts";
import { taskSetFromApi } from "../../shared/model/task-set.ts";
import type { Resource } from "../../shared/model/types.ts";
import { policies } from "../../shared/policies/index.ts";
import { modelsAvailable, validateBatchImportFindings } from "../helpers/aws-model.ts";
import { ec2Instance } from "../helpers/container-instances.ts";
import { sampleEvent, sampleResponse } from "../helpers/samples.ts";
import { readSharedJson, SHARED_DATA_DIRECTORY, sharedDataAvailable } from "../helpers/shared-data.ts";
import { assertProperty, inputsLike } from "./arbitraries.ts";

/**
 * Every normalizer over any JSON: real samples, mutated real samples and arbitrary JSON. Each one returns a
 * resource (never throws), no policy throws on it, and the findings it yields are valid against the Security
 * Hub model and the ASFF limits, so Security Hub accepts them and nothing is lost on the way.
 */

const CONTEXT: FindingContext = {
  partition: "aws",
  region: "eu-west-1",
  account: "123456789012",
  observedAt: "2026-11-24T10:02:41Z",
};
const RESOURCE_ID = "arn:aws:ecs:eu-west-1:123456789012:fuzzed/resource";

/** A normalized resource with the API-shaped document its findings' Details are picked from. */
interface Normalized {
  readonly resource: Resource;
  readonly document: unknown;
}

function eventsIn(folder: string): Record<string, unknown>[] {
  return readdirSync(new URL(`../../events/samples/${folder}/`, import.meta.url))
    .filter((file) => file.endsWith(".json"))
    .map((file) => sampleEvent(`${folder}/${file.replace(/\.json$/, "")}`));
}

/** Up to `count` real files of ../shared/data/<folder>, or none when it is absent. */
function sharedFiles(folder: string, count: number): string[] {
  if (!sharedDataAvailable) return [];
  return readdirSync(`${SHARED_DATA_DIRECTORY}${folder}`).sort().slice(0, count);
}

const registered = sampleEvent("api-calls/register-task-definition-privileged-root") as {
  detail: { responseElements: { taskDefinition: unknown } };
};
const ranTask = sampleEvent("api-calls/run-task-public-ip") as { detail: Record<string, unknown> };

interface Normalizer {
  /** The real samples its inputs are mutated from. */
  readonly samples: unknown[];
  readonly normalize: (input: unknown) => Normalized[];
}

/** A normalizer of one API document into one resource, whose findings' Details are picked from that document. */
const ofDocument = (samples: unknown[], fromApi: (document: unknown) => Resource): Normalizer => ({
  samples,
  normalize: (input) => [{ resource: fromApi(input), document: input }],
});

/** Each normalizer, the real samples its inputs are mutated from, and how it is called. */
const normalizers: Record<string, Normalizer> = {
  "task definition": ofDocument(
    [
      registered.detail.responseElements.taskDefinition,
      ...sharedFiles("taskdefs", 6)
        .filter((file) => file.endsWith(".json"))
        .map((file) => {
          const document = readSharedJson(`taskdefs/${file}`) as Record<string, unknown>;
          return document.taskDefinition ?? document;
        }),
    ],
    taskDefinitionFromApi,
  ),
  service: ofDocument([sampleResponse("create-service-public-ip", "service")], serviceFromApi),
  "task set": ofDocument([sampleResponse("create-task-set-public-ip", "taskSet")], taskSetFromApi),
  // RunTask and StartTask: the task ECS returns, the request and the CloudTrail record.
  task: {
    samples: [ranTask.detail],
    normalize: (detail) => {
      const { requestParameters, responseElements } = (detail ?? {}) as Record<string, unknown>;
      const tasks = (responseElements as { tasks?: unknown } | null | undefined)?.tasks;
      const task = Array.isArray(tasks) ? tasks[0] : tasks;
      return [{ resource: taskFromLaunch(task, requestParameters, detail), document: task }];
    },
  },
  cluster: ofDocument([sampleResponse("create-cluster-insights-disabled", "cluster")], clusterFromApi),
  "capacity provider": ofDocument(
    [sampleResponse("create-capacity-provider", "capacityProvider")],
    capacityProviderFromApi,
  ),
  "running task": ofDocument(
    eventsIn("task-state-changes").map((event) => event.detail),
    runningTaskFromApi,
  ),
  // A Container Instance State Change's detail and the EC2 instance DescribeInstances returns for it.
  "container instance": {
    samples: eventsIn("container-instance-state-changes").map((event) => ({
      containerInstance: event.detail,
      ec2Instance: ec2Instance(),
    })),
    normalize: (input) => {
      const { containerInstance, ec2Instance: instance } = (input ?? {}) as Record<string, unknown>;
      ec2InstanceFromApi(instance);
      return [{ resource: containerInstanceFromApi(containerInstance), document: input }];
    },
  },
  "service event": ofDocument(eventsIn("service-events"), serviceEventFromEvent),
  // Throttled calls as the Throttles route's schema lets them through, aggregated as one batch.
  "API throttling": {
    samples: [eventsIn("throttles")],
    normalize: (input) => {
      const events = (Array.isArray(input) ? input : [input]).flatMap((event) => {
        const parsed = cloudTrailThrottleEvent.safeParse(event);
        return parsed.success ? [parsed.data as ThrottledCallEvent] : [];
      });
      return apiThrottlingsFrom(events.map(throttledCallFrom)).map((throttling) => ({
        resource: throttling,
        document: apiThrottlingDocument(throttling),
      }));
    },
  },
  "account setting": ofDocument(
    [
      sampleResponse("put-account-setting-default-insights-disabled", "setting"),
      sampleResponse("put-account-setting-trunking-instance-role", "setting"),
    ],
    accountSettingFromApi,
  ),
  "CloudFormation converter": {
    samples: sharedFiles("cfn", 12).map(
      (file) => parseDocument(readFileSync(`${SHARED_DATA_DIRECTORY}cfn/${file}`, "utf8")).value,
    ),
    normalize: (template) =>
      ecsResourcesFromTemplate(template).map(({ resource, document }) => ({ resource, document })),
  },
};

/** The findings every policy publishes on the normalized resources. */
function findingsOf(normalized: readonly Normalized[]): AwsSecurityFinding[] {
  return normalized.flatMap(({ resource, document }) => {
    const verdicts = evaluatePolicies(policies, resource, { lookups: OFFLINE_LOOKUPS });
    const errors = verdicts.flatMap((verdict) => verdict.evidence).filter((item) => item.outcome === "error");
    expect(errors.map((item) => item.message).join("\n")).toBe("");
    return verdicts.flatMap(
      (verdict) => toAsffFinding(verdict, { resourceId: RESOURCE_ID, document }, CONTEXT) ?? [],
    );
  });
}

describe.skipIf(!modelsAvailable())("every normalizer over any JSON", () => {
  it.each(Object.keys(normalizers))("%s: yields a resource whose findings Security Hub accepts", (name) => {
    const { samples, normalize } = normalizers[name] as Normalizer;
    expect(samples.length).toBeGreaterThan(0);
    return assertProperty(
      fc.property(inputsLike(samples), (input) => {
        const findings = findingsOf(normalize(input));
        // In the requests the functions would send them in.
        for (const request of batches(findings)) {
          const invalid = validateBatchImportFindings({ Findings: request });
          expect(invalid.slice(0, 5).join("\n")).toBe("");
        }
      }),
    );
  });
});

// The converter recurses once per level, so it bounds the depth: a value nested deeper than any ECS property is
// Unresolved rather than a stack overflow that would stop `ecs-guardrails scan`.
describe("the CloudFormation converter", () => {
  it("converts a template nested 5,000 levels deep without overflowing the stack", () => {
    // Prepare
    let command: unknown = "echo";
    for (let depth = 0; depth < 5000; depth += 1) command = [command];
    const template = {
      Resources: {
        Task: {
          Type: "AWS::ECS::TaskDefinition",
          Properties: { ContainerDefinitions: [{ Name: "app", Image: "nginx", Command: command }] },
        },
      },
    };

    // Act
    const convert = () => ecsResourcesFromTemplate(template);

    // Assess
    expect(convert).not.toThrow();
  });
});
