import { accountSettingFromApi, accountSettingId } from "./account-setting.ts";
import { ecsArn, nameOf, type Scope } from "./arns.ts";
import { capacityProviderFromApi } from "./capacity-provider.ts";
import { clusterFromApi } from "./cluster.ts";
import {
  DELETED_ACCOUNT_SETTING_REASON,
  DELETED_REVISION_REASON,
  type Deletion,
  deletions,
  findingKindsOf,
  isDeletion,
} from "./deletions.ts";
import { asRecord, isRecord } from "./read.ts";
import { serviceFromApi } from "./service.ts";
import { taskFromLaunch } from "./task.ts";
import { taskDefinitionFromApi } from "./task-definition.ts";
import { taskSetFromApi } from "./task-set.ts";
import type { Resource, ResourceKind } from "./types.ts";

/** A CloudTrail record of an ECS API call, reduced to what the normalizers read. */
export interface ApiCall extends Scope {
  readonly eventName: string;
  readonly requestParameters: unknown;
  readonly responseElements: unknown;
  /** The CloudTrail record itself, whose `userIdentity` (and console and user agent fields) say who called. */
  readonly record?: unknown;
}

/** A resource to evaluate: the normalized model, the document it came from and its id (ARN when known). */
export interface Subject {
  readonly resource: Resource;
  readonly document: unknown;
  readonly resourceId: string;
}

const CLUSTER_INCLUDE: ["SETTINGS", "CONFIGURATIONS", "TAGS"] = ["SETTINGS", "CONFIGURATIONS", "TAGS"];

/** State CloudTrail left out, which the shell reads with a Describe call (IO stays out of the model). */
export type ReadRequest =
  | ReadOf<"DescribeTaskDefinition", "TaskDefinition", { taskDefinition: string; include: ["TAGS"] }>
  | ReadOf<"DescribeServices", "Service", { cluster?: string; services: [string]; include: ["TAGS"] }>
  | ReadOf<
      "DescribeTaskSets",
      "TaskSet",
      { cluster: string; service: string; taskSets?: [string]; include: ["TAGS"] }
    >
  | ReadOf<"DescribeClusters", "Cluster", { clusters: [string]; include: typeof CLUSTER_INCLUDE }>
  | ReadOf<
      "DescribeCapacityProviders",
      "CapacityProvider",
      { capacityProviders: [string]; include: ["TAGS"] }
    >;

interface ReadOf<Call extends string, Kind extends ResourceKind, Input> {
  readonly call: Call;
  readonly kind: Kind;
  readonly input: Input;
  /** What the event itself says of the resource, for readers that cannot call AWS (replay). */
  readonly fromEvent?: unknown;
}

/** A resource the pipeline could not read: it yields no finding, never a PASSED one. */
export interface SkippedRead {
  readonly call: string;
  readonly reason: string;
}

/** A resource the call deleted (or deregistered): the findings published under its id are archived. */
export interface GoneSubject {
  /** The kinds of the policies whose findings on it are archived (findingKindsOf). */
  readonly kinds: readonly ResourceKind[];
  /** Exactly the id its verdicts' findings were published under. */
  readonly resourceId: string;
  /** What the event says of the resource, for the archived findings' details. */
  readonly document: unknown;
  /** Why its findings are archived. */
  readonly reason: string;
}

export interface ApiCallResolution {
  readonly subjects: readonly Subject[];
  readonly reads: readonly ReadRequest[];
  readonly skipped: readonly SkippedRead[];
  readonly gone: readonly GoneSubject[];
}

const DEFAULT_CLUSTER = "default";

const NOTHING: ApiCallResolution = { subjects: [], reads: [], skipped: [], gone: [] };
const resolved = (subjects: Subject[]): ApiCallResolution => ({ ...NOTHING, subjects });
const read = (request: ReadRequest): ApiCallResolution => ({ ...NOTHING, reads: [request] });
const skip = (skipped: SkippedRead): ApiCallResolution => ({ ...NOTHING, skipped: [skipped] });
const removed = (gone: GoneSubject[]): ApiCallResolution => ({ ...NOTHING, gone });
const goneSubject = (
  kind: ResourceKind,
  resourceId: string,
  document: unknown,
  reason: string,
): GoneSubject => ({
  kinds: findingKindsOf(kind),
  resourceId,
  document,
  reason,
});

/**
 * The resources an ECS API call created or changed, from its CloudTrail record: normalized from
 * `responseElements` when CloudTrail kept them, otherwise described as reads for the shell to make.
 * The resources it deleted are gone, under the ids their findings were published with.
 */
export function resolveApiCall(call: ApiCall): ApiCallResolution {
  const request = asRecord(call.requestParameters);
  const response = asRecord(call.responseElements);
  const cluster = typeof request?.cluster === "string" ? request.cluster : DEFAULT_CLUSTER;
  if (isDeletion(call.eventName)) return deleted(call, deletions[call.eventName], request, response);

  switch (call.eventName) {
    case "RegisterTaskDefinition": {
      // The response carries the tags beside the task definition, as DescribeTaskDefinition does.
      if (isRecord(response?.taskDefinition)) {
        return resolved([
          subjectOf("TaskDefinition", { ...response.taskDefinition, tags: response.tags }, call),
        ]);
      }
      if (typeof request?.family !== "string") return skip(noState("DescribeTaskDefinition", "the family"));
      return read({
        call: "DescribeTaskDefinition",
        kind: "TaskDefinition",
        input: { taskDefinition: request.family, include: ["TAGS"] },
        fromEvent: request,
      });
    }
    case "CreateService":
    case "UpdateService": {
      if (response?.service !== undefined) return resolved([subjectOf("Service", response.service, call)]);
      const service = call.eventName === "CreateService" ? request?.serviceName : request?.service;
      if (typeof service !== "string") return skip(noState("DescribeServices", "the service"));
      return read({
        call: "DescribeServices",
        kind: "Service",
        input: { cluster, services: [service], include: ["TAGS"] },
        // UpdateService parameters hold only what changed, so only CreateService's describe the service.
        ...(call.eventName === "CreateService" ? { fromEvent: request } : {}),
      });
    }
    case "CreateTaskSet": {
      if (response?.taskSet !== undefined) return resolved([subjectOf("TaskSet", response.taskSet, call)]);
      if (typeof request?.service !== "string") return skip(noState("DescribeTaskSets", "the service"));
      return read({
        call: "DescribeTaskSets",
        kind: "TaskSet",
        input: { cluster, service: request.service, include: ["TAGS"] },
        fromEvent: request,
      });
    }
    case "RunTask":
    case "StartTask": {
      const tasks = response?.tasks;
      if (!Array.isArray(tasks)) {
        return skip({
          call: "DescribeTasks",
          reason: `CloudTrail left out the ${call.eventName} response, so the tasks it started are unknown`,
        });
      }
      return resolved(tasks.map((task) => subjectOfTask(task, call)));
    }
    case "CreateCluster":
    case "UpdateCluster":
    case "UpdateClusterSettings":
    case "PutClusterCapacityProviders": {
      if (response?.cluster !== undefined) return resolved([subjectOf("Cluster", response.cluster, call)]);
      const name =
        call.eventName === "CreateCluster" ? (request?.clusterName ?? DEFAULT_CLUSTER) : request?.cluster;
      if (typeof name !== "string") return skip(noState("DescribeClusters", "the cluster"));
      return read({
        call: "DescribeClusters",
        kind: "Cluster",
        input: { clusters: [name], include: CLUSTER_INCLUDE },
        ...(call.eventName === "CreateCluster" ? { fromEvent: request } : {}),
      });
    }
    case "CreateCapacityProvider":
    case "UpdateCapacityProvider": {
      if (response?.capacityProvider !== undefined) {
        return resolved([subjectOf("CapacityProvider", response.capacityProvider, call)]);
      }
      if (typeof request?.name !== "string") return skip(noState("DescribeCapacityProviders", "the name"));
      return read({
        call: "DescribeCapacityProviders",
        kind: "CapacityProvider",
        input: { capacityProviders: [request.name], include: ["TAGS"] },
        ...(call.eventName === "CreateCapacityProvider" ? { fromEvent: request } : {}),
      });
    }
    case "PutAccountSetting":
    case "PutAccountSettingDefault": {
      const setting = accountSettingOf(call, request, response);
      return "reason" in setting ? skip(setting) : resolved([setting]);
    }
    case "DeleteAccountSetting": {
      const setting = accountSettingOf(call, request, response);
      if ("reason" in setting) return skip(setting);
      const { resource, resourceId, document } = setting;
      return removed([goneSubject(resource.kind, resourceId, document, DELETED_ACCOUNT_SETTING_REASON)]);
    }
    case "DeleteTaskDefinitions":
      return deletedRevisions(call, response);
    case "TagResource":
    case "UntagResource":
      return typeof request?.resourceArn === "string" ? retagged(request.resourceArn) : NOTHING;
    default:
      return NOTHING;
  }
}

/**
 * The account setting a Put (or Delete) call changed, as ECS replied it stored it: where the request says otherwise,
 * the reply is the truth. Without the reply, the request's setting: of the principal it names, or else of the caller.
 */
function accountSettingOf(
  call: ApiCall,
  request: Record<string, unknown> | undefined,
  response: Record<string, unknown> | undefined,
): Subject | SkippedRead {
  const accountDefault = call.eventName === "PutAccountSettingDefault";
  const document = isRecord(response?.setting)
    ? response.setting
    : { ...request, principalArn: request?.principalArn ?? (accountDefault ? undefined : callerOf(call)) };
  const resource = accountSettingFromApi(document, { accountDefault, partition: call.partition });
  const resourceId = accountSettingId(call, resource);
  if (resourceId === undefined) {
    return {
      call: "ListAccountSettings",
      reason:
        "CloudTrail recorded no setting name, or no IAM principal whose setting it is, so there is nothing to judge",
    };
  }
  return { resource, document, resourceId };
}

/**
 * The resource a deletion removed, as ECS described it (with its ARN) in the response, or else as the request names
 * it: either way normalized like its verdicts' resources, so it is gone under the id its findings were published with.
 */
function deleted(
  call: ApiCall,
  deletion: Deletion,
  request: Record<string, unknown> | undefined,
  response: Record<string, unknown> | undefined,
): ApiCallResolution {
  const described = asRecord(response?.[deletion.response]);
  const document =
    typeof described?.[deletion.arn] === "string" ? described : deletion.fromRequest(request ?? {});
  if (document === undefined) {
    return skip({
      call: call.eventName,
      reason: `CloudTrail left out the response, and the request does not name the ${deletion.kind} exactly, so its findings are not archived`,
    });
  }
  const { resourceId } = subjectOf(deletion.kind, document, call);
  return removed([goneSubject(deletion.kind, resourceId, document, deletion.reason)]);
}

/**
 * The revisions DeleteTaskDefinitions deleted: those of the response's `taskDefinitions` (by ARN); its `failures`
 * were not deleted. Without the response, which ones ECS deleted is unknown: deregistering them archived their
 * findings.
 */
function deletedRevisions(call: ApiCall, response: Record<string, unknown> | undefined): ApiCallResolution {
  const revisions = response?.taskDefinitions;
  if (!Array.isArray(revisions)) {
    return skip({
      call: call.eventName,
      reason:
        "CloudTrail left out the response, so which revisions ECS deleted is unknown (their deregistration archived their findings)",
    });
  }
  return removed(
    revisions.flatMap((document) => {
      const { resource } = subjectOf("TaskDefinition", document, call);
      return typeof resource.arn === "string"
        ? [goneSubject(resource.kind, resource.arn, document, DELETED_REVISION_REASON)]
        : [];
    }),
  );
}

/** The IAM principal who called: the role behind an assumed-role session, else the user (or root) itself. */
function callerOf({ record }: ApiCall): unknown {
  const identity = asRecord(asRecord(record)?.userIdentity);
  if (identity?.type !== "AssumedRole") return identity?.arn;
  return asRecord(asRecord(identity.sessionContext)?.sessionIssuer)?.arn;
}

/**
 * Tags changed on a resource: read it again, tags included. The event carries only the tag keys, so
 * there is nothing to answer the read from offline. Tasks and container instances carry no tag policies.
 */
function retagged(resourceArn: string): ApiCallResolution {
  const [, ...path] = (resourceArn.split(":")[5] ?? "").split("/");
  const type = (resourceArn.split(":")[5] ?? "").split("/")[0];
  switch (type) {
    case "task-definition":
      return read({
        call: "DescribeTaskDefinition",
        kind: "TaskDefinition",
        input: { taskDefinition: resourceArn, include: ["TAGS"] },
      });
    case "service":
      return read({
        call: "DescribeServices",
        kind: "Service",
        // Old-format service ARNs (service/<name>) name no cluster: they belong to the default one.
        input: {
          cluster: path.length > 1 ? (path[0] ?? DEFAULT_CLUSTER) : DEFAULT_CLUSTER,
          services: [resourceArn],
          include: ["TAGS"],
        },
      });
    case "task-set":
      return read({
        call: "DescribeTaskSets",
        kind: "TaskSet",
        input: {
          cluster: path[0] ?? DEFAULT_CLUSTER,
          service: path[1] ?? "",
          taskSets: [resourceArn],
          include: ["TAGS"],
        },
      });
    case "cluster":
      return read({
        call: "DescribeClusters",
        kind: "Cluster",
        input: { clusters: [resourceArn], include: CLUSTER_INCLUDE },
      });
    case "capacity-provider":
      return read({
        call: "DescribeCapacityProviders",
        kind: "CapacityProvider",
        input: { capacityProviders: [path.join("/")], include: ["TAGS"] },
      });
    default:
      return NOTHING;
  }
}

/** Subjects from the documents a read returned (DescribeTaskDefinition's `taskDefinition`, `services[]`, …). */
export function subjectsFromRead(
  request: ReadRequest,
  documents: readonly unknown[],
  scope: Scope,
): Subject[] {
  return documents.map((document) => subjectOf(request.kind, document, scope));
}

export type DescribedKind = Exclude<
  ResourceKind,
  "Task" | "RunningTask" | "ContainerInstance" | "ServiceEvent" | "ApiThrottling" | "AccountSetting"
>;

/** A resource as ECS describes it, normalized, under the id its findings are published with. */
export function subjectOf(kind: DescribedKind, document: unknown, scope: Scope): Subject {
  const resource = normalizers[kind](document);
  return { resource, document, resourceId: resource.arn ?? ecsArn(scope, arnResourceOf(resource)) };
}

const normalizers: Readonly<Record<DescribedKind, (document: unknown) => Resource>> = {
  TaskDefinition: taskDefinitionFromApi,
  Service: serviceFromApi,
  TaskSet: taskSetFromApi,
  Cluster: clusterFromApi,
  CapacityProvider: capacityProviderFromApi,
};

/** The resource part of the ARN ECS would give a resource known only by name (for replay). */
function arnResourceOf(resource: Resource): string {
  const known = (value: unknown, fallback: string) => (typeof value === "string" ? nameOf(value) : fallback);
  switch (resource.kind) {
    case "TaskDefinition": {
      const revision = resource.revision === undefined ? "" : `:${resource.revision}`;
      return `task-definition/${known(resource.family, "unknown")}${revision}`;
    }
    case "Service":
      return `service/${known(resource.cluster, DEFAULT_CLUSTER)}/${known(resource.serviceName, "unknown")}`;
    case "TaskSet": {
      const id = typeof resource.id === "string" ? `/${resource.id}` : "";
      return `task-set/${known(resource.cluster, DEFAULT_CLUSTER)}/${known(resource.service, "unknown")}${id}`;
    }
    case "Cluster":
      return `cluster/${known(resource.clusterName, DEFAULT_CLUSTER)}`;
    case "CapacityProvider":
      return `capacity-provider/${known(resource.name, "unknown")}`;
    case "Task":
    case "RunningTask":
      return "task/unknown";
    case "ContainerInstance":
      return "container-instance/unknown";
    case "ServiceEvent":
      return "service/unknown";
    case "ApiThrottling":
      return `throttling/${resource.eventSource}/${resource.eventName}`;
    case "AccountSetting":
      return "account-setting/unknown";
  }
}

function subjectOfTask(task: unknown, call: ApiCall): Subject {
  const resource = taskFromLaunch(task, call.requestParameters, call.record);
  return { resource, document: task, resourceId: resource.arn ?? ecsArn(call, arnResourceOf(resource)) };
}

function noState(call: string, what: string): SkippedRead {
  return {
    call,
    reason: `CloudTrail left out both the response and ${what}, so there is nothing to describe`,
  };
}
