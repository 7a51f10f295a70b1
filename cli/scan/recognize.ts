import { accountSettingFromApi } from "../../shared/model/account-setting.ts";
import { capacityProviderFromApi } from "../../shared/model/capacity-provider.ts";
import { ecsResourcesFromTemplate, isCloudFormationTemplate } from "../../shared/model/cloudformation.ts";
import { clusterFromApi } from "../../shared/model/cluster.ts";
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
 * or `{ "taskSets": [...] }`); a cluster (CreateCluster input, `{ "cluster": … }` or `{ "clusters": [...] }`);
 * a capacity provider (CreateCapacityProvider input, `{ "capacityProvider": … }` or `{ "capacityProviders": [...] }`);
 * account settings (ListAccountSettings output `{ "settings": [...] }`, or `{ "setting": … }` as Put returns it).
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
  for (const kind of API_KINDS) {
    const { is, single, plural } = RECOGNIZERS[kind];
    if (is(value)) return [apiResource(file, "", value, kind)];
    if (is(value[single]))
      return [apiResource(file, pointer(single), withDescribedTags(value, single), kind)];
    const many = value[plural];
    if (isListOf(many, is))
      return many.map((item, index) => apiResource(file, pointer(plural, index), item, kind));
  }
  return undefined;
}

type ApiKind = "TaskDefinition" | "Service" | "TaskSet" | "Cluster" | "CapacityProvider" | "AccountSetting";

interface Recognizer {
  /** Whether a JSON object is this kind of resource, as its create request or description writes it. */
  readonly is: (value: unknown) => boolean;
  /** The member holding one resource in describe output (`{ "service": … }`), and several (`{ "services": [...] }`). */
  readonly single: string;
  readonly plural: string;
  readonly normalize: (document: unknown) => Resource;
}

/** In the order they are tried: a task set names a `service`, a service a `serviceName`, a cluster neither. */
const API_KINDS: readonly ApiKind[] = [
  "TaskDefinition",
  "Service",
  "TaskSet",
  "CapacityProvider",
  "Cluster",
  "AccountSetting",
];

const RECOGNIZERS: Readonly<Record<ApiKind, Recognizer>> = {
  TaskDefinition: {
    is: isTaskDefinition,
    single: "taskDefinition",
    plural: "taskDefinitions",
    normalize: taskDefinitionFromApi,
  },
  Service: { is: isService, single: "service", plural: "services", normalize: serviceFromApi },
  TaskSet: { is: isTaskSet, single: "taskSet", plural: "taskSets", normalize: taskSetFromApi },
  Cluster: { is: isCluster, single: "cluster", plural: "clusters", normalize: clusterFromApi },
  CapacityProvider: {
    is: isCapacityProvider,
    single: "capacityProvider",
    plural: "capacityProviders",
    normalize: capacityProviderFromApi,
  },
  AccountSetting: {
    is: isAccountSetting,
    single: "setting",
    plural: "settings",
    normalize: (document) => accountSettingFromApi(document),
  },
};

function apiResource(file: string, at: string, document: unknown, kind: ApiKind): ScannedResource {
  const resource = RECOGNIZERS[kind].normalize(document);
  return { resource, document, resourceId: resource.arn ?? `${file}#${at}`, pointer: at, locate: asWritten };
}

/** DescribeTaskDefinition prints the tags beside the task definition (`{ "taskDefinition": …, "tags": [...] }`). */
function withDescribedTags(value: Record<string, unknown>, single: string): unknown {
  const described = value[single];
  return Array.isArray(value.tags) && isRecord(described) && described.tags === undefined
    ? { ...described, tags: value.tags }
    : described;
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

/** CreateCluster's fields (all optional) or a described cluster's ARN; nothing of the other kinds. */
function isCluster(value: unknown): boolean {
  return (
    isRecord(value) &&
    (typeof value.clusterArn === "string" || typeof value.clusterName === "string") &&
    value.serviceName === undefined &&
    value.containerDefinitions === undefined
  );
}

/** CreateCapacityProvider requires `name` and an Auto Scaling group or ECS Managed Instances provider. */
function isCapacityProvider(value: unknown): boolean {
  return (
    isRecord(value) &&
    (typeof value.capacityProviderArn === "string" ||
      (typeof value.name === "string" &&
        (isRecord(value.autoScalingGroupProvider) || isRecord(value.managedInstancesProvider))))
  );
}

/**
 * ECS lists and returns a setting with its name and principal; a cluster's settings (CreateCluster's `settings`)
 * name no principal.
 */
function isAccountSetting(value: unknown): boolean {
  return isRecord(value) && typeof value.name === "string" && typeof value.principalArn === "string";
}

function isListOf(value: unknown, guard: (item: unknown) => boolean): value is unknown[] {
  return Array.isArray(value) && value.length > 0 && value.every(guard);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
