import type { Resolvable } from "../../model/resolvable.ts";
import { isUnresolved } from "../../model/resolvable.ts";
import type { TaskDefinition } from "../../model/types.ts";

export type OperatingSystem = "linux" | "windows";

/**
 * The OS family a task definition runs on. Without `runtimePlatform.operatingSystemFamily` ECS runs
 * Linux containers, so an unset family is Linux (Security Hub instead judges it under both ECS.20 and ECS.21).
 */
export function operatingSystemOf(taskDefinition: TaskDefinition): Resolvable<OperatingSystem> {
  const platform = taskDefinition.runtimePlatform;
  if (isUnresolved(platform)) return platform;
  const family = platform?.operatingSystemFamily;
  if (isUnresolved(family)) return family;
  return family?.startsWith("WINDOWS_SERVER") ? "windows" : "linux";
}

export const OPERATING_SYSTEM_PATH = "/runtimePlatform/operatingSystemFamily";
