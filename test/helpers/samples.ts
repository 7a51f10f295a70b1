import { readFileSync } from "node:fs";
import { parseDocument } from "../../cli/parse-document.ts";
import { type CloudFormationResource, ecsResourcesFromTemplate } from "../../shared/model/cloudformation.ts";
import { taskDefinitionFromApi } from "../../shared/model/task-definition.ts";
import type { TaskDefinition } from "../../shared/model/types.ts";
import { readSharedJson, SHARED_DATA_DIRECTORY } from "./shared-data.ts";

/** A real task definition from ../shared/data/taskdefs, unwrapped from `{ "taskDefinition": … }` where needed. */
export function sampleTaskDefinition(name: string): TaskDefinition {
  const document = readSharedJson(`taskdefs/${name}.json`) as Record<string, unknown>;
  return taskDefinitionFromApi(document.taskDefinition ?? document);
}

/** One of our own sample events from events/samples (always present: they are part of the project). */
export function sampleEvent(name: string): Record<string, unknown> {
  return JSON.parse(readFileSync(new URL(`../../events/samples/${name}.json`, import.meta.url), "utf8"));
}

/**
 * What ECS answered to one of our sample CloudTrail records of an API call (events/samples/api-calls): the member of
 * its `responseElements` that describes the resource, as the Describe calls describe it.
 */
export function sampleResponse<Shape = Record<string, unknown>>(apiCall: string, member: string): Shape {
  const { detail } = sampleEvent(`api-calls/${apiCall}`) as {
    detail: { responseElements: Record<string, unknown> };
  };
  return detail.responseElements[member] as Shape;
}

/** A resource of a real CloudFormation template in ../shared/data/cfn, by logical id (the first one it yields). */
export function sampleCloudFormationResource(file: string, logicalId: string): CloudFormationResource {
  const text = readFileSync(new URL(`cfn/${file}`, `file://${SHARED_DATA_DIRECTORY}`), "utf8");
  const found = ecsResourcesFromTemplate(parseDocument(text).value).find(
    (resource) => resource.logicalId === logicalId,
  );
  if (found === undefined) throw new Error(`no resource ${logicalId} in ${file}`);
  return found;
}
