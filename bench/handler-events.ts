/**
 * The EventBridge events the handler benchmarks deliver, built from the project's samples (events/samples) as
 * other events of the same kind: each with its own id, and the resources named after its index so that a batch
 * holds many resources, as a busy account's would. Also the revisions and network interfaces those events name,
 * for the mocked account to describe.
 */
import type { NetworkInterface } from "@aws-sdk/client-ec2";
import type { TaskDefinition } from "@aws-sdk/client-ecs";
import { sampleEvent } from "../test/helpers/samples.ts";
import {
  DB_MIGRATE_REVISION,
  describedInterface,
  describedRevision,
} from "../test/helpers/task-state-changes.ts";
import { ACCOUNT, REGION } from "./mocked-aws.ts";

type Event = Record<string, unknown> & { id: string; time: string; detail: Record<string, unknown> };

const START = Date.parse("2026-11-24T14:00:00Z");

/** A sample as another event: each `[from, to]` replaced throughout, its own ids, at `second` after the start. */
function variant(
  sample: string,
  index: number,
  second: number,
  replacements: readonly [string, string][],
): Event {
  let text = JSON.stringify(sampleEvent(sample));
  for (const [from, to] of replacements) text = text.replaceAll(from, to);
  const event = JSON.parse(text) as Event;
  const time = new Date(START + second * 1000).toISOString().replace(".000Z", "Z");
  event.id = `bench-${sample.replace(/\W/g, "-")}-${index}`;
  event.time = time;
  if ("eventID" in event.detail) {
    event.detail.eventID = `bench-event-${index}`;
    event.detail.eventTime = time;
  }
  return event;
}

/** How many task definition families, and services, the API calls are spread over. */
const FAMILIES = 50;

/**
 * CloudTrail records of ECS API calls whose event carries the resource (the request and ECS's response): task
 * definitions registered (50 families, a new revision each time, each family with its own task role), services
 * updated (50 services), services and task sets created (each a new one); the four in turn.
 */
export function apiCallEvent(index: number): Event {
  const family = String(index % FAMILIES).padStart(2, "0");
  const unique = String(index).padStart(5, "0");
  switch (index % 4) {
    case 0: {
      const revision = 13 + Math.floor(index / FAMILIES);
      return variant("api-calls/register-task-definition-privileged-root", index, index, [
        ["payments-worker", `payments-worker-${family}`],
        [`payments-worker-${family}:12`, `payments-worker-${family}:${revision}`],
        ['"revision":12', `"revision":${revision}`],
      ]);
    }
    case 1:
      return variant("api-calls/update-service-public-ip-disabled", index, index, [
        ["checkout-api", `checkout-api-${family}`],
      ]);
    case 2:
      return variant("api-calls/create-service-public-ip", index, index, [
        ["checkout-api", `checkout-api-${unique}`],
      ]);
    default:
      return variant("api-calls/create-task-set-public-ip", index, index, [
        ["ecs-svc/1234567890123456789", `ecs-svc/12345678901234${unique}`],
        ["checkout-canary", `checkout-canary-${family}`],
      ]);
  }
}

/** The calls ECS made on the user's behalf that were throttled: five APIs in turn, one every 5 ms. */
const THROTTLED_SAMPLES = [
  "throttles/create-network-interface-throttled",
  "throttles/describe-network-interfaces-throttled",
  "throttles/describe-target-health-throttled",
  "throttles/register-instance-throttled",
  "throttles/register-targets-throttled",
];

export function throttlingEvent(index: number): Event {
  const sample = THROTTLED_SAMPLES[index % THROTTLED_SAMPLES.length] as string;
  const event = variant(sample, index, 0, []);
  const time = new Date(START + 5 * index).toISOString();
  event.time = time;
  event.detail.eventTime = time;
  return event;
}

/** How many revisions the tasks run: a deployment's tasks share a handful. */
export const TASK_REVISIONS = 10;
/** Every hundredth running task has a public IP. */
const PUBLIC_EVERY = 100;

function revisionArn(index: number): string {
  return `arn:aws:ecs:${REGION}:${ACCOUNT}:task-definition/db-migrate-${index % TASK_REVISIONS}:5`;
}

function taskId(index: number): string {
  return `${String(index).padStart(8, "0")}a3b4c5d6e7f8091a2b3c`.padStart(32, "0");
}

function networkInterfaceId(index: number): string {
  return `eni-${String(index).padStart(17, "0")}`;
}

/** Task `index` running (its `version` 4) or stopped (version 6), at `second` after the start. */
export function taskEvent(index: number, lastStatus: "RUNNING" | "STOPPED", second: number): Event {
  const event = variant("task-state-changes/running-public-ip", index, second, [
    ["4d5e6f708192a3b4c5d6e7f8091a2b3c", taskId(index)],
    ["eni-0d1c2b3a495867f70", networkInterfaceId(index)],
    [DB_MIGRATE_REVISION.taskDefinitionArn as string, revisionArn(index)],
  ]);
  event.id = `bench-task-${index}-${lastStatus}`;
  Object.assign(event.detail, {
    group: `family:db-migrate-${index % TASK_REVISIONS}`,
    startedBy: "ecs-svc/1234567890123456789",
    lastStatus,
    desiredStatus: lastStatus,
    version: lastStatus === "RUNNING" ? 4 : 6,
    ...(lastStatus === "STOPPED"
      ? { stopCode: "ServiceSchedulerInitiated", stoppedReason: "Scaling activity" }
      : {}),
  });
  return event;
}

/** The revisions the tasks run, as DescribeTaskDefinition returns them. */
export function taskRevisions(): TaskDefinition[] {
  return Array.from({ length: TASK_REVISIONS }, (_, index) =>
    describedRevision(revisionArn(index), "ACTIVE", DB_MIGRATE_REVISION as Record<string, unknown>),
  );
}

/** The network interfaces of tasks 0 … count − 1, every hundredth with a public IP. */
export function taskNetworkInterfaces(count: number): NetworkInterface[] {
  return Array.from({ length: count }, (_, index) =>
    describedInterface(
      networkInterfaceId(index),
      `10.${Math.floor(index / 65536) % 256}.${Math.floor(index / 256) % 256}.${index % 256}`,
      index % PUBLIC_EVERY === 0 ? `203.0.113.${(index / PUBLIC_EVERY) % 256}` : undefined,
    ),
  );
}
