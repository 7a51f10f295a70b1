import type { TaskDefinition as ApiTaskDefinition } from "@aws-sdk/client-ecs";
import type { AwsSecurityFinding } from "@aws-sdk/client-securityhub";
import { type TaskStateChangeEvent, taskStateChangeEvent } from "../../events/schemas/task-state-change.ts";
import {
  networkInterfaceLookups,
  OFFLINE_LOOKUPS,
  taskDefinitionRevisionLookups,
} from "../engine/lookups.ts";
import type { FindingContext } from "../findings/to-asff.ts";
import type { StateReader } from "../hydrate/state-reader.ts";
import { partitionOf } from "../model/arns.ts";
import { type ReadRequest, type SkippedRead, subjectsFromRead } from "../model/cloudtrail.ts";
import { member, readString, root } from "../model/read.ts";
import { isUnresolved, type Resolvable, unresolved } from "../model/resolvable.ts";
import { runningTaskFromApi, taskNetworkInterfaces } from "../model/running-task.ts";
import type { ResourceKind, RunningTask } from "../model/types.ts";
import type { Policy, TaskDefinitionRevision } from "../policies/define-policy.ts";
import { taskRoleLookups } from "./api-calls-evaluator.ts";
import { archive } from "./archive.ts";
import { type BatchEvaluator, needsLookup, type Rulebook } from "./event-evaluator.ts";
import { judge } from "./judge.ts";
import { NO_INTERFACES, readInterfaces } from "./network-interface-reads.ts";

interface RunningSubject {
  readonly event: TaskStateChangeEvent;
  readonly task: RunningTask;
  readonly networkInterfaceIds: readonly string[];
}

/**
 * ECS Task State Change events, a batch at a time, because they come in bursts: only each task's latest state
 * is judged, every network interface of the batch is read in one go, and each task definition revision once. A
 * RUNNING task is judged on what really runs (its interface's public IP, its revision's status and findings);
 * the revision's own findings are published too, since Security Hub never judges revisions other than the
 * latest. A STOPPED task archives its findings.
 */
export const taskStateChangesEvaluator: BatchEvaluator<TaskStateChangeEvent> = {
  schema: taskStateChangeEvent,
  // A running task's findings are on the task and on the revision it runs; a stopped task's on the task.
  resourcesOf: ({ detail }) =>
    detail.lastStatus === "RUNNING" && typeof detail.taskDefinitionArn === "string"
      ? [detail.taskArn, detail.taskDefinitionArn]
      : [detail.taskArn],
  async evaluateBatch(events, reader, rulebook) {
    const findings: AwsSecurityFinding[] = [];
    const running: RunningSubject[] = [];
    for (const event of latestPerTask(events)) {
      if (event.detail.lastStatus === "STOPPED") {
        findings.push(...archivedFindings(event, rulebook.policies));
        continue;
      }
      const task = runningTaskFromApi(event.detail);
      const networkInterfaceIds = taskNetworkInterfaces(task).flatMap((entry) =>
        isUnresolved(entry) ? [] : [entry.networkInterfaceId],
      );
      running.push({ event, task, networkInterfaceIds });
    }
    const [interfaces, revisions] = await Promise.all([
      needsLookup("networkInterface", rulebook)
        ? readInterfaces(
            running.flatMap((subject) => subject.networkInterfaceIds),
            reader,
          )
        : NO_INTERFACES,
      needsLookup("taskDefinitionRevision", rulebook)
        ? reviewRevisions(running, reader, rulebook)
        : NO_REVISIONS,
    ]);
    const skipped = [...interfaces.skipped, ...revisions.skipped];
    findings.push(...revisions.findings);
    const lookups = taskDefinitionRevisionLookups(
      revisions.reviews,
      networkInterfaceLookups(interfaces.known),
    );
    for (const { event, task, networkInterfaceIds } of running) {
      const gone = networkInterfaceIds.find((id) => interfaces.missing.has(id));
      if (gone !== undefined) {
        skipped.push({
          call: "DescribeNetworkInterfaces",
          reason: `network interface ${gone} of ${event.detail.taskArn} no longer exists: the task has stopped, and its STOPPED event archives its findings`,
        });
        continue;
      }
      const context = contextOf(event);
      const subject = { resourceId: event.detail.taskArn, document: event.detail };
      findings.push(...judge(task, subject, rulebook, context, { lookups }).findings);
    }
    return { findings, skipped };
  },
};

/**
 * The latest event of each task: ECS numbers a task's states with `version`; the event time breaks ties, and
 * a task that stopped never runs again.
 */
function latestPerTask(events: readonly TaskStateChangeEvent[]): TaskStateChangeEvent[] {
  const latest = new Map<string, TaskStateChangeEvent>();
  for (const event of events) {
    const current = latest.get(event.detail.taskArn);
    if (current === undefined || isLater(event, current)) latest.set(event.detail.taskArn, event);
  }
  return [...latest.values()];
}

function isLater(event: TaskStateChangeEvent, than: TaskStateChangeEvent): boolean {
  const version = (event.detail.version ?? -1) - (than.detail.version ?? -1);
  if (version !== 0) return version > 0;
  const time = Date.parse(event.time) - Date.parse(than.time);
  if (time !== 0) return time > 0;
  return event.detail.lastStatus === "STOPPED" || than.detail.lastStatus !== "STOPPED";
}

function contextOf(event: TaskStateChangeEvent): FindingContext {
  return {
    partition: partitionOf(event.region),
    region: event.region,
    account: event.account,
    observedAt: event.time,
    cause: { eventId: event.id, eventName: `${event["detail-type"]} (${event.detail.lastStatus})` },
  };
}

/**
 * A stopped task's findings, archived: those of every RunningTask policy, and of every Task policy, whose
 * launch findings (RunTask, StartTask) share the task's ARN. A service's tasks (group `service:…`, started by
 * `ecs-svc/…`) are never launched that way, so they have no launch findings to archive. Policies that are off
 * are archived too: they may have published before they were turned off.
 */
function archivedFindings(event: TaskStateChangeEvent, policies: readonly Policy[]): AwsSecurityFinding[] {
  const { detail } = event;
  const startedByService =
    detail.group?.startsWith("service:") === true &&
    typeof detail.startedBy === "string" &&
    detail.startedBy.startsWith("ecs-svc/");
  const kinds: readonly ResourceKind[] = startedByService ? ["RunningTask"] : ["RunningTask", "Task"];
  const reason = `the task stopped (${detail.stoppedReason ?? detail.stopCode ?? "ECS gave no reason"})`;
  return archive(policies, kinds, { resourceId: detail.taskArn, document: detail }, contextOf(event), reason);
}

interface RevisionReviews {
  readonly reviews: ReadonlyMap<string, Resolvable<TaskDefinitionRevision>>;
  /** The revisions' own findings. */
  readonly findings: readonly AwsSecurityFinding[];
  readonly skipped: readonly SkippedRead[];
}

const NO_REVISIONS: RevisionReviews = { reviews: new Map(), findings: [], skipped: [] };

/**
 * Describes each revision the running tasks run (once, however many tasks run it) and judges it with the
 * TaskDefinition policies, as of the latest event that names it.
 */
async function reviewRevisions(
  running: readonly RunningSubject[],
  reader: StateReader,
  rulebook: Rulebook,
): Promise<RevisionReviews> {
  const latestEvent = new Map<string, TaskStateChangeEvent>();
  for (const { event, task } of running) {
    const arn = task.taskDefinitionArn;
    if (typeof arn !== "string") continue;
    const current = latestEvent.get(arn);
    if (current === undefined || Date.parse(event.time) > Date.parse(current.time))
      latestEvent.set(arn, event);
  }
  const reviewed = await Promise.all(
    [...latestEvent].map(([arn, event]) => reviewRevision(arn, event, reader, rulebook)),
  );
  return {
    reviews: new Map(reviewed.map(({ arn, review }) => [arn, review])),
    findings: reviewed.flatMap((entry) => entry.findings),
    skipped: reviewed.flatMap((entry) => entry.skipped),
  };
}

async function reviewRevision(
  arn: string,
  event: TaskStateChangeEvent,
  reader: StateReader,
  { policies, config }: Rulebook,
) {
  const request: ReadRequest = {
    call: "DescribeTaskDefinition",
    kind: "TaskDefinition",
    input: { taskDefinition: arn, include: ["TAGS"] },
  };
  const outcome = await reader.read(request);
  if ("skipped" in outcome) {
    const review: Resolvable<TaskDefinitionRevision> = unresolved(outcome.skipped, "");
    return { arn, review, findings: [], skipped: [{ call: request.call, reason: outcome.skipped }] };
  }
  const context = contextOf(event);
  const [subject] = subjectsFromRead(request, outcome.documents, context);
  if (subject === undefined) {
    const review: Resolvable<TaskDefinitionRevision> = unresolved("ECS does not know the revision", "");
    return { arn, review, findings: [], skipped: [] };
  }
  const lookups = needsLookup("rolePermissions", { policies, config })
    ? await taskRoleLookups([subject], reader, context.account)
    : OFFLINE_LOOKUPS;
  const { verdicts, findings } = judge(subject.resource, subject, { policies, config }, context, { lookups });
  const review: TaskDefinitionRevision = {
    status: readString(member<ApiTaskDefinition>(root(subject.document), "status")),
    unmet: verdicts.flatMap((verdict) =>
      verdict.status === "FAILED" || verdict.status === "UNKNOWN"
        ? [{ policyId: verdict.policy.id, severity: verdict.policy.severity, status: verdict.status }]
        : [],
    ),
  };
  return { arn, review, findings, skipped: [] };
}
