import * as z from "zod/mini";
import { eventBridgeEnvelope } from "./eventbridge.ts";

/** The source and detail type of the events the sweep sends itself to continue its work in other invocations. */
export const SWEEP_SOURCE = "ecs-guardrails.sweep";
export const SWEEP_STEP_DETAIL_TYPE = "ECS Guardrails Sweep Step";

/** The event EventBridge sends on the sweep's schedule: it starts a sweep. */
export const scheduledSweepEvent = z.extend(eventBridgeEnvelope, {
  "detail-type": z.literal("Scheduled Event"),
  source: z.literal("aws.events"),
});

export type ScheduledSweepEvent = z.infer<typeof scheduledSweepEvent>;

const arns = (maximum: number) =>
  z.array(z.string().check(z.minLength(1))).check(z.minLength(1), z.maxLength(maximum));

/** Which sweep a step belongs to: the time the sweep started (the scheduled event's time). */
const sweepId = z.iso.datetime({ offset: true });

/** Judge these services of the cluster, and their task sets (at most 10 DescribeServices calls). */
export const servicesStep = z.object({
  step: z.literal("services"),
  sweepId,
  cluster: z.string().check(z.minLength(1)),
  services: arns(100),
});

/** Judge these task definition revisions: each is the latest ACTIVE revision of its family or in use. */
export const revisionsStep = z.object({
  step: z.literal("revisions"),
  sweepId,
  revisions: z
    .array(
      z.object({
        taskDefinition: z.string().check(z.minLength(1)),
        /** The services that run the revision (their deployments or task sets), as ARNs; none for a family's latest. */
        services: z.array(z.string()),
      }),
    )
    .check(z.minLength(1), z.maxLength(50)),
});

/** Judge these container instances of the cluster (one DescribeContainerInstances call). */
export const containerInstancesStep = z.object({
  step: z.literal("container-instances"),
  sweepId,
  cluster: z.string().check(z.minLength(1)),
  containerInstances: arns(100),
});

/**
 * The resources whose existence a kind of finding is checked against before it is archived. `throttled-apis` lists
 * nothing: an API's throttling finding is current only while throttled calls keep updating it.
 */
export const inventories = [
  "clusters",
  "services",
  "task-definitions",
  "capacity-providers",
  "tasks",
  "container-instances",
  "throttled-apis",
] as const;

export type Inventory = (typeof inventories)[number];

/**
 * Archive the guardrail's ACTIVE findings of these policies (GetFindings takes up to 20 generator ids) not updated
 * since `updatedBefore` whose resource the inventory no longer holds. `nextToken` continues GetFindings' pages.
 */
export const archiveStep = z.object({
  step: z.literal("archive"),
  sweepId,
  inventory: z.enum(inventories),
  generatorIds: z.array(z.string().check(z.minLength(1))).check(z.minLength(1), z.maxLength(20)),
  updatedBefore: z.iso.datetime({ offset: true }),
  nextToken: z.optional(z.string().check(z.minLength(1))),
});

export const sweepStep = z.discriminatedUnion("step", [
  servicesStep,
  revisionsStep,
  containerInstancesStep,
  archiveStep,
]);

export type SweepStep = z.infer<typeof sweepStep>;

/** A step of a sweep, as the sweep sends it to the default event bus and its rule delivers it to the sweep's queue. */
export const sweepStepEvent = z.extend(eventBridgeEnvelope, {
  "detail-type": z.literal(SWEEP_STEP_DETAIL_TYPE),
  source: z.literal(SWEEP_SOURCE),
  detail: sweepStep,
});

export type SweepStepEvent = z.infer<typeof sweepStepEvent>;
