import * as z from "zod/mini";
import { eventBridgeEnvelope } from "./eventbridge.ts";

/**
 * `detail` of an "ECS Task State Change" event: a task as DescribeTasks describes it. Only what names the task
 * and orders its states is checked here; the fields policies judge (task definition, attachments) are read by
 * the normalizer, where a mistyped value makes a policy UNKNOWN rather than the event malformed.
 */
export const taskStateChangeDetail = z.looseObject({
  taskArn: z.string().check(z.minLength(1)),
  lastStatus: z.enum(["RUNNING", "STOPPED"]),
  /** Increases with every change of the task, so the latest of its events in a batch is the one to judge. */
  version: z.optional(z.number()),
  /** `service:<name>` for a service's tasks, `family:<name>` for tasks started by RunTask or StartTask. */
  group: z.optional(z.string()),
  /** `ecs-svc/<id>` for a service's tasks; whatever RunTask or StartTask was given otherwise. */
  startedBy: z.optional(z.string()),
  stopCode: z.optional(z.string()),
  stoppedReason: z.optional(z.string()),
});

export const taskStateChangeEvent = z.extend(eventBridgeEnvelope, {
  "detail-type": z.literal("ECS Task State Change"),
  source: z.literal("aws.ecs"),
  detail: taskStateChangeDetail,
});

export type TaskStateChangeEvent = z.infer<typeof taskStateChangeEvent>;
