import type { AwsSecurityFinding } from "@aws-sdk/client-securityhub";
import { containerInstanceStateChangeDetail } from "../../events/schemas/container-instance-state-change.ts";
import {
  type Inventory,
  type ScheduledSweepEvent,
  SWEEP_SOURCE,
  SWEEP_STEP_DETAIL_TYPE,
  type SweepStep,
  type SweepStepEvent,
  scheduledSweepEvent,
  sweepStepEvent,
} from "../../events/schemas/sweep.ts";
import { OFFLINE_LOOKUPS } from "../engine/lookups.ts";
import type { FindingContext } from "../findings/to-asff.ts";
import type { InventoryReader } from "../hydrate/inventory-reader.ts";
import { combinedOutcome, type ReadOutcome, type StateReader } from "../hydrate/state-reader.ts";
import { accountSettingFromApi, accountSettingId } from "../model/account-setting.ts";
import { partitionOf, type Scope } from "../model/arns.ts";
import { type SkippedRead, type Subject, subjectOf } from "../model/cloudtrail.ts";
import { containerInstanceFromApi, containerInstanceResourceId } from "../model/container-instance.ts";
import { asList, asRecord, stringsIn } from "../model/read.ts";
import { archiveFilters, archiveSteps, findingsToArchive } from "../sweep/archive.ts";
import { type AccountInventory, type ClusterInventory, judgingSteps } from "../sweep/plan.ts";
import { withServicesRunning } from "../sweep/services-running.ts";
import { taskRoleLookups } from "./api-calls-evaluator.ts";
import { judgeContainerInstance } from "./container-instance-state-changes-evaluator.ts";
import {
  type EventEvaluation,
  type EventEvaluator,
  type FollowUp,
  needsLookup,
  type Rulebook,
} from "./event-evaluator.ts";
import { judge } from "./judge.ts";

/** GetFindings pages one archive step reads (100 findings each) before it leaves the rest to its next step. */
export const FINDINGS_PAGES_PER_STEP = 10;

/**
 * The sweep's start, on its schedule: lists the account, judges what the listing itself describes (clusters,
 * capacity providers, account defaults), and leaves the rest as steps: services, the revisions in use, container
 * instances, and archiving the findings of what no longer exists.
 */
export const sweepScheduleEvaluator: EventEvaluator<ScheduledSweepEvent> = {
  schema: scheduledSweepEvent,
  async evaluate(event, reader, rulebook) {
    const sweepId = new Date(event.time).toISOString();
    const context = contextOf(event, "InventorySweep");
    const { inventory } = reader;
    const skipped: SkippedRead[] = [];
    const documents = (call: string, outcome: ReadOutcome): readonly unknown[] => {
      if ("documents" in outcome) return outcome.documents;
      skipped.push({ call, reason: outcome.skipped });
      return [];
    };

    const [clusters, capacityProviders, accountDefaults, activeRevisions] = await Promise.all([
      inventory.clusters(),
      inventory.capacityProviders(),
      inventory.accountDefaults(context.partition, context.account),
      inventory.activeRevisions(),
    ]);
    // A deleted cluster is described INACTIVE for a while: it is not judged again.
    const clusterDocuments = documents("DescribeClusters", clusters).filter(
      (document) => asRecord(document)?.status !== "INACTIVE",
    );
    const clusterArns = clusterArnsOf(clusterDocuments);
    const [clusterInventories, clusterProviders] = await Promise.all([
      Promise.all(clusterArns.map((clusterArn) => listCluster(clusterArn, reader, documents))),
      // Managed Instances providers belong to their cluster: only a cluster's listing names them.
      Promise.all(clusterArns.map((clusterArn) => inventory.capacityProviders(clusterArn))),
    ]);
    const providers = new Map(
      [capacityProviders, ...clusterProviders]
        .flatMap((outcome) => documents("DescribeCapacityProviders", outcome))
        .map((document) => [asRecord(document)?.capacityProviderArn, document] as const),
    );
    const accountInventory: AccountInventory = {
      clusters: clusterInventories,
      activeRevisions: stringsIn(documents("ListTaskDefinitions", activeRevisions)),
    };

    const subjects: Subject[] = [
      ...clusterDocuments.map((document) => subjectOf("Cluster", document, context)),
      ...[...providers.values()].map((document) => subjectOf("CapacityProvider", document, context)),
      ...documents("ListAccountSettings", accountDefaults).flatMap((document) => {
        const resource = accountSettingFromApi(document, { partition: context.partition });
        const resourceId = accountSettingId(context, resource);
        return resourceId === undefined ? [] : [{ resource, document, resourceId }];
      }),
    ];
    const steps = [...judgingSteps(sweepId, accountInventory), ...archiveSteps(rulebook.policies, sweepId)];
    return {
      findings: subjects.flatMap((subject) => judge(subject.resource, subject, rulebook, context).findings),
      skipped,
      followUps: steps.map(followUpOf),
    };
  },
};

/** A step of a sweep: judges its part of the inventory, or archives the findings of what no longer exists. */
export const sweepStepEvaluator: EventEvaluator<SweepStepEvent> = {
  schema: sweepStepEvent,
  evaluate(event, reader, rulebook) {
    const context = contextOf(event, `InventorySweep/${event.detail.step}`);
    const step = event.detail;
    switch (step.step) {
      case "services":
        return judgeServices(step, context, reader, rulebook);
      case "revisions":
        return judgeRevisions(step, context, reader, rulebook);
      case "container-instances":
        return judgeContainerInstances(step, context, reader, rulebook);
      case "archive":
        return archiveGone(step, context, reader, rulebook);
    }
  },
};

/**
 * When a finding was observed: when the sweep's invocation began reading, not the time of its event, so a change
 * an event reported after the sweep started is never overwritten by what the sweep read before it.
 */
function contextOf(
  event: { id: string; region: string; account: string },
  eventName: string,
): FindingContext {
  const scope: Scope = { partition: partitionOf(event.region), region: event.region, account: event.account };
  return { ...scope, observedAt: new Date().toISOString(), cause: { eventId: event.id, eventName } };
}

async function listCluster(
  clusterArn: string,
  reader: StateReader,
  documents: (call: string, outcome: ReadOutcome) => readonly unknown[],
): Promise<ClusterInventory> {
  const { inventory } = reader;
  const [serviceArns, taskArns, containerInstanceArns] = await Promise.all([
    inventory.serviceArns(clusterArn),
    inventory.taskArns(clusterArn),
    inventory.containerInstanceArns(clusterArn),
  ]);
  const services = stringsIn(documents("ListServices", serviceArns));
  const tasks = stringsIn(documents("ListTasks", taskArns));
  const [describedServices, describedTasks] = await Promise.all([
    services.length === 0 ? { documents: [] } : inventory.services(clusterArn, services),
    tasks.length === 0 ? { documents: [] } : inventory.tasks(clusterArn, tasks),
  ]);
  return {
    clusterArn,
    services: documents("DescribeServices", describedServices),
    tasks: documents("DescribeTasks", describedTasks),
    containerInstanceArns: stringsIn(documents("ListContainerInstances", containerInstanceArns)),
  };
}

/** The services, and the task sets their descriptions hold (services deployed by CodeDeploy or an external controller). */
async function judgeServices(
  step: Extract<SweepStep, { step: "services" }>,
  context: FindingContext,
  reader: StateReader,
  rulebook: Rulebook,
): Promise<EventEvaluation> {
  const outcome = await reader.inventory.services(step.cluster, step.services);
  if ("skipped" in outcome)
    return { findings: [], skipped: [{ call: "DescribeServices", reason: outcome.skipped }] };
  const subjects = outcome.documents.flatMap((document) => [
    subjectOf("Service", document, context),
    ...asList(asRecord(document)?.taskSets).map((taskSet) => subjectOf("TaskSet", taskSet, context)),
  ]);
  return {
    findings: subjects.flatMap((subject) => judge(subject.resource, subject, rulebook, context).findings),
    skipped: [],
  };
}

/** Each revision, with its task role's permissions where a policy needs them, and the services that run it. */
async function judgeRevisions(
  step: Extract<SweepStep, { step: "revisions" }>,
  context: FindingContext,
  reader: StateReader,
  rulebook: Rulebook,
): Promise<EventEvaluation> {
  const skipped: SkippedRead[] = [];
  const described = await Promise.all(
    step.revisions.map(async ({ taskDefinition, services }) => {
      const outcome = await reader.read({
        call: "DescribeTaskDefinition",
        kind: "TaskDefinition",
        input: { taskDefinition, include: ["TAGS"] },
      });
      if ("skipped" in outcome) {
        skipped.push({ call: "DescribeTaskDefinition", reason: outcome.skipped });
        return [];
      }
      return outcome.documents.map((document) => ({
        subject: subjectOf("TaskDefinition", document, context),
        services,
      }));
    }),
  );
  const revisions = described.flat();
  const lookups = needsLookup("rolePermissions", rulebook)
    ? await taskRoleLookups(
        revisions.map(({ subject }) => subject),
        reader,
        context.account,
      )
    : OFFLINE_LOOKUPS;
  const findings: AwsSecurityFinding[] = revisions.flatMap(({ subject, services }) =>
    judge(subject.resource, subject, rulebook, context, { lookups }).findings.map((finding) =>
      withServicesRunning(finding, services),
    ),
  );
  return { findings, skipped };
}

async function judgeContainerInstances(
  step: Extract<SweepStep, { step: "container-instances" }>,
  context: FindingContext,
  reader: StateReader,
  rulebook: Rulebook,
): Promise<EventEvaluation> {
  const outcome = await reader.inventory.containerInstances(step.cluster, step.containerInstances);
  if ("skipped" in outcome) {
    return { findings: [], skipped: [{ call: "DescribeContainerInstances", reason: outcome.skipped }] };
  }
  const evaluations = await Promise.all(
    outcome.documents.flatMap((document) => {
      const detail = containerInstanceStateChangeDetail.safeParse({
        ...asRecord(document),
        clusterArn: step.cluster,
      });
      return detail.success ? [judgeContainerInstance(detail.data, context, reader, rulebook)] : [];
    }),
  );
  return {
    findings: evaluations.flatMap((evaluation) => evaluation.findings),
    skipped: evaluations.flatMap((evaluation) => evaluation.skipped),
  };
}

/**
 * Archives the step's findings whose resource the inventory no longer holds, a page at a time. An inventory that
 * could not be listed whole archives nothing: what it left out would look gone.
 */
async function archiveGone(
  step: Extract<SweepStep, { step: "archive" }>,
  context: FindingContext,
  reader: StateReader,
  rulebook: Rulebook,
): Promise<EventEvaluation> {
  const existing = await existingIds(step.inventory, context, reader);
  if (!("ids" in existing)) return { findings: [], skipped: [existing] };
  const filters = archiveFilters(step, context);
  const findings: AwsSecurityFinding[] = [];
  let nextToken = step.nextToken;
  for (let page = 0; page < FINDINGS_PAGES_PER_STEP; page += 1) {
    const stored = await reader.inventory.findings(filters, nextToken);
    if ("skipped" in stored) return { findings, skipped: [{ call: "GetFindings", reason: stored.skipped }] };
    findings.push(
      ...findingsToArchive(
        step.inventory,
        stored.findings,
        existing.ids,
        rulebook.policies,
        rulebook.config,
        context,
      ),
    );
    nextToken = stored.nextToken;
    if (nextToken === undefined) return { findings, skipped: [] };
  }
  return { findings, skipped: [], followUps: [followUpOf({ ...step, nextToken })] };
}

/** The ids of every resource of an inventory, as findings name them; skipped when any listing was. */
async function existingIds(
  inventory: Inventory,
  scope: Scope,
  reader: StateReader,
): Promise<{ ids: ReadonlySet<string> } | SkippedRead> {
  const outcome = await listInventory(inventory, scope, reader.inventory);
  if ("skipped" in outcome) return { call: INVENTORY_CALLS[inventory], reason: outcome.skipped };
  return { ids: new Set(stringsIn(outcome.documents)) };
}

/** The call that lists each inventory, as a skipped listing names it. */
const INVENTORY_CALLS: Readonly<Record<Inventory, string>> = {
  "throttled-apis": "none",
  clusters: "ListClusters",
  services: "ListServices",
  tasks: "ListTasks",
  "task-definitions": "ListTaskDefinitions",
  "capacity-providers": "DescribeCapacityProviders",
  "container-instances": "ListContainerInstances",
};

/** The ids, as findings name them, of every resource of an inventory; throttled APIs have none to list. */
async function listInventory(
  inventory: Inventory,
  scope: Scope,
  listed: InventoryReader,
): Promise<ReadOutcome> {
  const perCluster = async (list: (clusterArn: string) => Promise<ReadOutcome>): Promise<ReadOutcome> => {
    const clusters = await listed.clusters();
    if ("skipped" in clusters) return clusters;
    return combinedOutcome(await Promise.all(clusterArnsOf(clusters.documents).map(list)));
  };
  switch (inventory) {
    case "throttled-apis":
      return { documents: [] };
    case "clusters": {
      const clusters = await listed.clusters();
      return "skipped" in clusters ? clusters : { documents: clusterArnsOf(clusters.documents) };
    }
    case "services":
      return perCluster(listed.serviceArns);
    case "tasks":
      return perCluster(listed.taskArns);
    case "task-definitions":
      return listed.activeRevisions();
    case "capacity-providers": {
      // Managed Instances providers are listed only with their cluster.
      const providers = combinedOutcome(
        await Promise.all([
          listed.capacityProviders(),
          perCluster((clusterArn) => listed.capacityProviders(clusterArn)),
        ]),
      );
      return "skipped" in providers
        ? providers
        : { documents: activeArnsOf(providers.documents, "capacityProviderArn") };
    }
    case "container-instances":
      return perCluster(async (clusterArn) => {
        const arns = await listed.containerInstanceArns(clusterArn);
        if ("skipped" in arns || arns.documents.length === 0) return arns;
        const described = await listed.containerInstances(clusterArn, stringsIn(arns.documents));
        if ("skipped" in described) return described;
        return {
          documents: described.documents.flatMap(
            (document) => containerInstanceResourceId(containerInstanceFromApi(document), scope) ?? [],
          ),
        };
      });
  }
}

/** The ARNs of the described clusters that still exist (a deleted cluster is described INACTIVE for a while). */
function clusterArnsOf(documents: readonly unknown[]): string[] {
  return activeArnsOf(documents, "clusterArn");
}

function activeArnsOf(documents: readonly unknown[], arnMember: string): string[] {
  return documents.flatMap((document) => {
    const record = asRecord(document);
    const arn = record?.[arnMember];
    return typeof arn === "string" && record?.status !== "INACTIVE" ? [arn] : [];
  });
}

function followUpOf(step: SweepStep): FollowUp {
  return { source: SWEEP_SOURCE, detailType: SWEEP_STEP_DETAIL_TYPE, detail: step };
}
