import { isUnresolved, type Resolvable } from "../../model/resolvable.ts";
import type { TaskDefinition } from "../../model/types.ts";
import { notApplicable, type Observation, undecided } from "../define-policy.ts";
import { operatingSystemOf } from "./operating-system.ts";

/**
 * The launch types a task definition is validated for. Without `requiresCompatibilities` (or with an
 * empty list) ECS validates it for EC2 only, so that is what it can be trusted to run on.
 */
export function compatibilitiesOf(taskDefinition: TaskDefinition): Resolvable<readonly string[]> {
  const compatibilities = taskDefinition.requiresCompatibilities;
  if (isUnresolved(compatibilities)) return compatibilities;
  if (compatibilities === undefined || compatibilities.length === 0) return ["EC2"];
  const unresolvedCompatibility = compatibilities.find(isUnresolved);
  if (unresolvedCompatibility !== undefined) return unresolvedCompatibility;
  return compatibilities.filter((compatibility): compatibility is string => !isUnresolved(compatibility));
}

/** Only Fargate: settings of EC2, ECS Anywhere and Managed Instances hosts cannot apply. */
export function isFargateOnly(compatibilities: readonly string[]): boolean {
  return compatibilities.every((compatibility) => compatibility === "FARGATE");
}

/** Launch types whose hosts are not EC2 instances of the account. */
const NOT_EC2 = new Set(["FARGATE", "EXTERNAL"]);

/** Whether it may run on EC2 instances of the account (EC2, or ECS Managed Instances, which are EC2 too). */
export function canRunOnEc2(compatibilities: readonly string[]): boolean {
  return compatibilities.some((compatibility) => !NOT_EC2.has(compatibility));
}

/**
 * Applies a check of a Linux-only setting (`linuxParameters`, `dockerSecurityOptions`, which ECS does not
 * support for Windows containers): a Windows task definition is not applicable. When the operating system
 * cannot be decided, the verdict is unknown only if the check would report a violation on Linux.
 */
export function onLinux<MessageId extends string>(
  taskDefinition: TaskDefinition,
  windows: MessageId,
  check: () => readonly Observation<MessageId>[],
): readonly Observation<MessageId>[] {
  const operatingSystem = operatingSystemOf(taskDefinition);
  if (operatingSystem === "windows") return [notApplicable(windows)];
  const observations = check();
  if (isUnresolved(operatingSystem) && observations.some(({ outcome }) => outcome === "violation"))
    return [undecided(operatingSystem)];
  return observations;
}
