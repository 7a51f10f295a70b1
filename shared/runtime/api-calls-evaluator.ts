import { type EcsApiCallEvent, ecsApiCallEvent } from "../../events/schemas/cloudtrail-ecs.ts";
import type { EvaluationOptions } from "../engine/evaluate.ts";
import { setsExemptionTags } from "../engine/exemptions.ts";
import { OFFLINE_LOOKUPS, roleLookups } from "../engine/lookups.ts";
import type { FindingContext } from "../findings/to-asff.ts";
import type { StateReader } from "../hydrate/state-reader.ts";
import { type RolePermissions, roleNameOf } from "../iam/role-permissions.ts";
import { partitionOf } from "../model/arns.ts";
import { resolveApiCall, type SkippedRead, type Subject, subjectsFromRead } from "../model/cloudtrail.ts";
import { isUnresolved, type Resolvable } from "../model/resolvable.ts";
import type { PolicyLookups } from "../policies/define-policy.ts";
import { archive } from "./archive.ts";
import { type EventEvaluation, type EventEvaluator, needsLookup, type Rulebook } from "./event-evaluator.ts";
import { judge } from "./judge.ts";

/**
 * ECS API calls recorded by CloudTrail: normalize the resources the call created or changed (reading
 * what CloudTrail left out), evaluate every policy on them, and build their findings. The findings of the
 * resources it deleted are archived, from what the event says alone.
 */
export const apiCallsEvaluator: EventEvaluator<EcsApiCallEvent> = {
  schema: ecsApiCallEvent,
  async evaluate(event, reader, rulebook) {
    const scope = { partition: partitionOf(event.region), region: event.region, account: event.account };
    const { detail } = event;
    const resolution = resolveApiCall({
      ...scope,
      eventName: detail.eventName,
      requestParameters: detail.requestParameters,
      responseElements: detail.responseElements,
      record: detail,
    });
    const subjects: Subject[] = [...resolution.subjects];
    const skipped: SkippedRead[] = [...resolution.skipped];
    for (const request of resolution.reads) {
      const outcome = await reader.read(request);
      if ("skipped" in outcome) skipped.push({ call: request.call, reason: outcome.skipped });
      else subjects.push(...subjectsFromRead(request, outcome.documents, scope));
    }
    const context: FindingContext = {
      ...scope,
      observedAt: event.time,
      cause: {
        eventId: detail.eventID,
        eventName: detail.eventName,
        ...(detail.userIdentity?.arn === undefined ? {} : { actor: detail.userIdentity.arn }),
        ...(detail.sourceIPAddress === undefined ? {} : { sourceIp: detail.sourceIPAddress }),
      },
    };
    const lookups = needsLookup("rolePermissions", rulebook)
      ? await taskRoleLookups(subjects, reader, scope.account)
      : OFFLINE_LOOKUPS;
    const exemptionTagsSetBy =
      detail.eventName === "TagResource" && setsExemptionTags(detail.requestParameters)
        ? detail.userIdentity?.arn
        : undefined;
    const evaluation = findingsFor(subjects, rulebook, context, skipped, {
      lookups,
      ...(exemptionTagsSetBy === undefined ? {} : { exemptionTagsSetBy }),
    });
    const deletedBy = `${detail.eventName} by ${detail.userIdentity?.arn ?? "a caller CloudTrail did not name"}`;
    const archived = resolution.gone.flatMap(({ kinds, reason, ...subject }) =>
      archive(rulebook.policies, kinds, subject, context, `${reason} (${deletedBy})`),
    );
    return { ...evaluation, findings: [...evaluation.findings, ...archived] };
  },
};

/**
 * Reads the permissions of every task role the subjects name, before the policies (pure) evaluate them.
 * The reader caches per batch, so a role named by many events of a batch is read once.
 */
export async function taskRoleLookups(
  subjects: readonly Subject[],
  reader: StateReader,
  account: string,
): Promise<PolicyLookups> {
  const taskRoleArns = new Set(
    subjects.flatMap(({ resource }) =>
      resource.kind === "TaskDefinition" &&
      typeof resource.taskRoleArn === "string" &&
      resource.taskRoleArn.trim() !== ""
        ? [resource.taskRoleArn]
        : [],
    ),
  );
  const read = await Promise.all(
    [...taskRoleArns].map(async (taskRoleArn) => {
      const roleName = roleNameOf(taskRoleArn, account);
      const permissions: Resolvable<RolePermissions | undefined> = isUnresolved(roleName)
        ? roleName
        : await reader.readRolePermissions(roleName);
      return [taskRoleArn, permissions] as const;
    }),
  );
  return roleLookups(new Map(read));
}

function findingsFor(
  subjects: readonly Subject[],
  rulebook: Rulebook,
  context: FindingContext,
  skipped: readonly SkippedRead[],
  read: Pick<EvaluationOptions, "lookups" | "exemptionTagsSetBy">,
): EventEvaluation {
  const findings = subjects.flatMap(
    (subject) => judge(subject.resource, subject, rulebook, context, read).findings,
  );
  return { findings, skipped };
}
