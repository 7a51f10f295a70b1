import { ecsArn, nameOf, type Scope } from "./arns.ts";
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
}

/** A resource to evaluate: the normalized model, the document it came from and its id (ARN when known). */
export interface Subject {
  readonly resource: Resource;
  readonly document: unknown;
  readonly resourceId: string;
}

/** State CloudTrail left out, which the shell reads with a Describe call (IO stays out of the model). */
export type ReadRequest =
  | ReadOf<"DescribeTaskDefinition", "TaskDefinition", { taskDefinition: string; include: ["TAGS"] }>
  | ReadOf<"DescribeServices", "Service", { cluster?: string; services: [string]; include: ["TAGS"] }>
  | ReadOf<"DescribeTaskSets", "TaskSet", { cluster: string; service: string; include: ["TAGS"] }>;

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

export interface ApiCallResolution {
  readonly subjects: readonly Subject[];
  readonly reads: readonly ReadRequest[];
  readonly skipped: readonly SkippedRead[];
}

const DEFAULT_CLUSTER = "default";

/**
 * The resources an ECS API call created or changed, from its CloudTrail record: normalized from
 * `responseElements` when CloudTrail kept them, otherwise described as reads for the shell to make.
 */
export function resolveApiCall(call: ApiCall): ApiCallResolution {
  const request = asRecord(call.requestParameters);
  const response = asRecord(call.responseElements);
  const resolved = (subjects: Subject[]): ApiCallResolution => ({ subjects, reads: [], skipped: [] });
  const read = (readRequest: ReadRequest): ApiCallResolution => ({
    subjects: [],
    reads: [readRequest],
    skipped: [],
  });
  const skip = (skipped: SkippedRead): ApiCallResolution => ({ subjects: [], reads: [], skipped: [skipped] });
  const cluster = typeof request?.cluster === "string" ? request.cluster : DEFAULT_CLUSTER;

  switch (call.eventName) {
    case "RegisterTaskDefinition": {
      if (response?.taskDefinition !== undefined)
        return resolved([subjectOf("TaskDefinition", response.taskDefinition, call)]);
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
      return resolved(tasks.map((task) => subjectOfTask(task, call.requestParameters, call)));
    }
    default:
      return { subjects: [], reads: [], skipped: [] };
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

type NormalizableKind = Exclude<ResourceKind, "Task">;

function subjectOf(kind: NormalizableKind, document: unknown, scope: Scope): Subject {
  switch (kind) {
    case "TaskDefinition": {
      const resource = taskDefinitionFromApi(document);
      const family = typeof resource.family === "string" ? resource.family : "unknown";
      const revision = resource.revision === undefined ? "" : `:${resource.revision}`;
      return {
        resource,
        document,
        resourceId: resource.arn ?? ecsArn(scope, `task-definition/${family}${revision}`),
      };
    }
    case "Service": {
      const resource = serviceFromApi(document);
      const cluster = typeof resource.cluster === "string" ? nameOf(resource.cluster) : DEFAULT_CLUSTER;
      const name = typeof resource.name === "string" ? resource.name : "unknown";
      return { resource, document, resourceId: resource.arn ?? ecsArn(scope, `service/${cluster}/${name}`) };
    }
    case "TaskSet": {
      const resource = taskSetFromApi(document);
      const cluster = typeof resource.cluster === "string" ? nameOf(resource.cluster) : DEFAULT_CLUSTER;
      const service = typeof resource.service === "string" ? nameOf(resource.service) : "unknown";
      const id = typeof resource.id === "string" ? `/${resource.id}` : "";
      return {
        resource,
        document,
        resourceId: resource.arn ?? ecsArn(scope, `task-set/${cluster}/${service}${id}`),
      };
    }
  }
}

function subjectOfTask(task: unknown, request: unknown, scope: Scope): Subject {
  const resource = taskFromLaunch(task, request);
  return { resource, document: task, resourceId: resource.arn ?? ecsArn(scope, "task/unknown") };
}

function noState(call: string, what: string): SkippedRead {
  return {
    call,
    reason: `CloudTrail left out both the response and ${what}, so there is nothing to describe`,
  };
}

function asRecord(value: unknown): Record<string, unknown> | undefined {
  return typeof value === "object" && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : undefined;
}
