import { readFileSync } from "node:fs";
import { taskDefinitionFromApi } from "../../shared/model/task-definition.ts";
import type { TaskDefinition } from "../../shared/model/types.ts";
import { readSharedJson } from "./shared-data.ts";

/** A real task definition from ../shared/data/taskdefs, unwrapped from `{ "taskDefinition": … }` where needed. */
export function sampleTaskDefinition(name: string): TaskDefinition {
  const document = readSharedJson(`taskdefs/${name}.json`) as Record<string, unknown>;
  return taskDefinitionFromApi(document.taskDefinition ?? document);
}

/** One of our own sample events from events/samples (always present: they are part of the project). */
export function sampleEvent(name: string): Record<string, unknown> {
  return JSON.parse(readFileSync(new URL(`../../events/samples/${name}.json`, import.meta.url), "utf8"));
}
