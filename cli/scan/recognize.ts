import { ecsResourcesFromTemplate, isCloudFormationTemplate } from "../../shared/model/cloudformation.ts";
import { pointer } from "../../shared/model/pointer.ts";
import { serviceFromApi } from "../../shared/model/service.ts";
import { taskDefinitionFromApi } from "../../shared/model/task-definition.ts";
import { taskSetFromApi } from "../../shared/model/task-set.ts";
import type { Resource } from "../../shared/model/types.ts";

/** A resource found in a scanned file. */
export interface ScannedResource {
  readonly resource: Resource;
  /** The API-shaped document it was normalized from. */
  readonly document: unknown;
  /** The resource's ARN when the file holds one, else `<file>#<JSON pointer to the resource>`. */
  readonly resourceId: string;
  /** JSON pointer of the resource's node in the file ("" for a whole-file resource). */
  readonly pointer: string;
  /** Maps an evidence path (API field names, relative to the resource) to a pointer into the resource as written. */
  locate(apiPointer: string): string;
}

const asWritten = (apiPointer: string) => apiPointer;

/**
 * The ECS resources a parsed file holds, or `undefined` when it is none of the recognized inputs:
 * a CloudFormation template; a task definition (RegisterTaskDefinition input or DescribeTaskDefinition
 * output `{ "taskDefinition": … }`); a service (CreateService input, `{ "service": … }` or
 * DescribeServices output `{ "services": [...] }`); a task set (CreateTaskSet input, `{ "taskSet": … }`
 * or `{ "taskSets": [...] }`).
 */
export function recognizeDocument(value: unknown, file: string): ScannedResource[] | undefined {
  if (!isRecord(value)) return undefined;
  if (isCloudFormationTemplate(value)) {
    return ecsResourcesFromTemplate(value).map((found) => ({
      resource: found.resource,
      document: found.document,
      resourceId: `${file}#${found.pointer}`,
      pointer: found.pointer,
      locate: (apiPointer) => found.locate(apiPointer),
    }));
  }
  if (isTaskDefinition(value)) return [apiResource(file, "", value, "TaskDefinition")];
  if (isTaskDefinition(value.taskDefinition))
    return [apiResource(file, "/taskDefinition", value.taskDefinition, "TaskDefinition")];
  if (isService(value)) return [apiResource(file, "", value, "Service")];
  if (isService(value.service)) return [apiResource(file, "/service", value.service, "Service")];
  if (isListOf(value.services, isService)) {
    return value.services.map((service, index) =>
      apiResource(file, pointer("services", index), service, "Service"),
    );
  }
  if (isTaskSet(value)) return [apiResource(file, "", value, "TaskSet")];
  if (isTaskSet(value.taskSet)) return [apiResource(file, "/taskSet", value.taskSet, "TaskSet")];
  if (isListOf(value.taskSets, isTaskSet)) {
    return value.taskSets.map((taskSet, index) =>
      apiResource(file, pointer("taskSets", index), taskSet, "TaskSet"),
    );
  }
  return undefined;
}

type ApiKind = "TaskDefinition" | "Service" | "TaskSet";

const NORMALIZERS: Readonly<Record<ApiKind, (document: unknown) => Resource>> = {
  TaskDefinition: taskDefinitionFromApi,
  Service: serviceFromApi,
  TaskSet: taskSetFromApi,
};

function apiResource(file: string, at: string, document: unknown, kind: ApiKind): ScannedResource {
  const resource = NORMALIZERS[kind](document);
  return { resource, document, resourceId: resource.arn ?? `${file}#${at}`, pointer: at, locate: asWritten };
}

function isTaskDefinition(value: unknown): boolean {
  return isRecord(value) && Array.isArray(value.containerDefinitions);
}

/** CreateService requires `serviceName`; described services also carry `serviceArn`. */
function isService(value: unknown): boolean {
  return isRecord(value) && (typeof value.serviceName === "string" || typeof value.serviceArn === "string");
}

/** CreateTaskSet requires `service`, `cluster` and `taskDefinition`; described task sets carry `taskSetArn`. */
function isTaskSet(value: unknown): boolean {
  return (
    isRecord(value) &&
    (typeof value.taskSetArn === "string" ||
      (typeof value.service === "string" &&
        typeof value.taskDefinition === "string" &&
        value.serviceName === undefined))
  );
}

function isListOf(value: unknown, guard: (item: unknown) => boolean): value is unknown[] {
  return Array.isArray(value) && value.length > 0 && value.every(guard);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
