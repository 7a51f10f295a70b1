import { capacityProviderFromApi } from "./capacity-provider.ts";
import { absent, convert, type Location, type Locations, locateIn } from "./cloudformation/convert.ts";
import { type Declarations, intrinsicOf, resolveIntrinsic } from "./cloudformation/intrinsic.ts";
import {
  capacityProviderShape,
  clusterShape,
  eventsRuleEcsParametersShape,
  plainShape,
  type Shape,
  schedulerEcsParametersShape,
  serviceShape,
  taskDefinitionShape,
  taskSetShape,
} from "./cloudformation/shape.ts";
import { clusterFromApi } from "./cluster.ts";
import { pointer } from "./pointer.ts";
import { isRecord } from "./read.ts";
import { isUnresolved, unresolved } from "./resolvable.ts";
import { serviceFromApi } from "./service.ts";
import { taskFromLaunch } from "./task.ts";
import { taskDefinitionFromApi } from "./task-definition.ts";
import { taskSetFromApi } from "./task-set.ts";
import type { Resource } from "./types.ts";

/** An ECS resource found in a CloudFormation template, normalized for the policies. */
export interface CloudFormationResource {
  readonly logicalId: string;
  /** An ECS resource type (task definition, service, task set, cluster, capacity provider), or a scheduler of tasks. */
  readonly type: string;
  /** JSON pointer of the judged node: "/Resources/Worker", or a scheduled task's target "/Resources/Rule/Properties/Targets/0". */
  readonly pointer: string;
  readonly resource: Resource;
  /** The API-shaped (camelCase) object `resource` was normalized from, Unresolved markers included. */
  readonly document: unknown;
  /** An API pointer relative to `resource` → the template pointer relative to `pointer` where it is (or would be) written. */
  locate(apiPointer: string): string;
}

/** As cfn-guard's Control Tower rules recognise a template: a `Resources` object; the version is optional. */
export function isCloudFormationTemplate(document: unknown): boolean {
  return isRecord(document) && isRecord(document.Resources);
}

/** The ECS resources of a template, in `Resources` order (a rule's targets in target order). */
export function ecsResourcesFromTemplate(template: unknown): CloudFormationResource[] {
  if (!isRecord(template) || !isRecord(template.Resources)) return [];
  const declarations: Declarations = {
    parameters: isRecord(template.Parameters) ? template.Parameters : {},
    resources: template.Resources,
  };
  return Object.entries(template.Resources).flatMap(([logicalId, declaration]) => {
    if (!isRecord(declaration) || typeof declaration.Type !== "string") return [];
    const found = { logicalId, type: declaration.Type, properties: declaration.Properties };
    const ecsType = ecsResourceTypes.get(declaration.Type);
    if (ecsType !== undefined) return [ecsResourceFrom(found, ecsType, declarations)];
    const scheduler = schedulers.get(declaration.Type);
    if (scheduler !== undefined) return scheduledTasksFrom(found, scheduler, declarations);
    return [];
  });
}

interface DeclaredResource {
  readonly logicalId: string;
  readonly type: string;
  readonly properties: unknown;
}

interface EcsResourceType {
  readonly shape: Shape;
  readonly normalize: (document: unknown) => Resource;
}

const ecsResourceTypes: ReadonlyMap<string, EcsResourceType> = new Map([
  ["AWS::ECS::TaskDefinition", { shape: taskDefinitionShape, normalize: taskDefinitionFromApi }],
  ["AWS::ECS::Service", { shape: serviceShape, normalize: serviceFromApi }],
  ["AWS::ECS::TaskSet", { shape: taskSetShape, normalize: taskSetFromApi }],
  ["AWS::ECS::Cluster", { shape: clusterShape, normalize: clusterFromApi }],
  ["AWS::ECS::CapacityProvider", { shape: capacityProviderShape, normalize: capacityProviderFromApi }],
]);

function ecsResourceFrom(
  found: DeclaredResource,
  ecsType: EcsResourceType,
  declarations: Declarations,
): CloudFormationResource {
  const locations: Locations = new Map([
    ["", { template: "/Properties", shape: ecsType.shape, opaque: false }],
  ]);
  const document = propertiesDocument(found.properties, ecsType.shape, declarations, locations);
  return {
    logicalId: found.logicalId,
    type: found.type,
    pointer: pointer("Resources", found.logicalId),
    resource: ecsType.normalize(document),
    document,
    locate: (apiPointer) => locateIn(locations, apiPointer),
  };
}

/**
 * Properties as an API document. Absent (or `AWS::NoValue`) properties set nothing; properties that are
 * not an object become an Unresolved document, so every field the policies read is unknown.
 */
function propertiesDocument(
  properties: unknown,
  shape: Shape,
  declarations: Declarations,
  locations: Locations,
): unknown {
  if (properties === undefined || properties === null) return {};
  if (!isRecord(properties) && intrinsicOf(properties) === undefined) {
    locations.set("", { template: "/Properties", shape, opaque: true });
    return unresolved(`Properties is ${kindOf(properties)}, not an object`, "");
  }
  const document = convert(properties, { template: "/Properties", api: "" }, shape, declarations, locations);
  return document === absent ? {} : document;
}

/** A resource type that starts standalone ECS tasks: its ECS targets and their RunTask parameters. */
interface Scheduler {
  readonly ecsParametersShape: Shape;
  readonly targetsOf: (properties: Readonly<Record<string, unknown>>) => readonly Target[];
}

interface Target {
  /** Template pointer of the target, relative to the resource: "/Properties/Targets/0". */
  readonly pointer: string;
  readonly target: Readonly<Record<string, unknown>>;
}

const schedulers: ReadonlyMap<string, Scheduler> = new Map([
  [
    "AWS::Events::Rule",
    {
      ecsParametersShape: eventsRuleEcsParametersShape,
      targetsOf: (properties: Readonly<Record<string, unknown>>) => {
        const targets = Array.isArray(properties.Targets) ? properties.Targets : [];
        return targets.flatMap((target: unknown, index) =>
          isRecord(target) ? [{ pointer: pointer("Properties", "Targets", index), target }] : [],
        );
      },
    },
  ],
  [
    "AWS::Scheduler::Schedule",
    {
      ecsParametersShape: schedulerEcsParametersShape,
      targetsOf: (properties: Readonly<Record<string, unknown>>) =>
        isRecord(properties.Target)
          ? [{ pointer: pointer("Properties", "Target"), target: properties.Target }]
          : [],
    },
  ],
]);

/**
 * Targets whose `EcsParameters` are set, each as the task RunTask would start. Targets, target lists or
 * properties that are themselves intrinsic functions are skipped: whether they start ECS tasks is unknown.
 */
function scheduledTasksFrom(
  found: DeclaredResource,
  scheduler: Scheduler,
  declarations: Declarations,
): CloudFormationResource[] {
  if (!isRecord(found.properties) || intrinsicOf(found.properties) !== undefined) return [];
  return scheduler.targetsOf(found.properties).flatMap(({ pointer: targetPointer, target }) => {
    if (intrinsicOf(target) !== undefined || isNoValue(target.EcsParameters, declarations)) return [];
    if (target.EcsParameters === undefined || target.EcsParameters === null) return [];
    const locations: Locations = new Map();
    const request = runTaskRequest(target, scheduler.ecsParametersShape, declarations, locations);
    return [
      {
        logicalId: found.logicalId,
        type: found.type,
        pointer: `${pointer("Resources", found.logicalId)}${targetPointer}`,
        resource: taskFromLaunch({}, request),
        document: request,
        locate: (apiPointer: string) => locateIn(locations, apiPointer),
      },
    ];
  });
}

/** Fields a RunTask request takes from EcsParameters that the normalizer reads. */
const runTaskFieldsRead = ["taskDefinition", "launchType", "networkConfiguration"] as const;

/**
 * The RunTask request a target stands for: `cluster` from the target's Arn, the rest from EcsParameters.
 * When EcsParameters cannot be read, each field the normalizer reads is Unresolved.
 */
function runTaskRequest(
  target: Readonly<Record<string, unknown>>,
  shape: Shape,
  declarations: Declarations,
  locations: Locations,
): Record<string, unknown> {
  const parametersLocation: Location = { template: "/EcsParameters", shape, opaque: false };
  locations.set("", parametersLocation);
  locations.set("/cluster", { template: "/Arn", shape: plainShape, opaque: false });
  const cluster = convert(
    target.Arn,
    { template: "/Arn", api: "/cluster" },
    plainShape,
    declarations,
    locations,
  );
  const clusterMember = cluster === absent || cluster === undefined ? [] : [["cluster", cluster] as const];
  const parameters = convert(
    target.EcsParameters,
    { template: "/EcsParameters", api: "" },
    shape,
    declarations,
    locations,
  );
  if (isRecord(parameters) && !isUnresolved(parameters)) {
    return Object.fromEntries([...clusterMember, ...Object.entries(parameters)]);
  }
  locations.set("", { ...parametersLocation, opaque: true });
  const reason = isUnresolved(parameters)
    ? parameters.unresolved
    : `EcsParameters is ${kindOf(parameters)}, not an object`;
  const unknownFields = runTaskFieldsRead.map(
    (field) => [field, unresolved(reason, pointer(field))] as const,
  );
  return Object.fromEntries([...clusterMember, ...unknownFields]);
}

function isNoValue(value: unknown, declarations: Declarations): boolean {
  const intrinsic = intrinsicOf(value);
  return intrinsic !== undefined && resolveIntrinsic(intrinsic, declarations).kind === "absent";
}

function kindOf(value: unknown): string {
  if (Array.isArray(value)) return "a list";
  return `a ${typeof value}`;
}
