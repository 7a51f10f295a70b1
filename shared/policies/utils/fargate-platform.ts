import { isUnresolved, type Resolvable } from "../../model/resolvable.ts";
import type { TaskSet } from "../../model/types.ts";
import { notApplicable, type Observation, undecided, unknown, violation } from "../define-policy.ts";

/** Security Hub's ECS.10 parameters, not customizable there: the latest Fargate version of each OS family. */
export const LATEST_LINUX_PLATFORM_VERSION = "1.4.0";
export const LATEST_WINDOWS_PLATFORM_VERSION = "1.0.0";

export const PLATFORM_VERSION_PATH = "/platformVersion";

const FARGATE_CAPACITY_PROVIDERS = new Set(["FARGATE", "FARGATE_SPOT"]);
const LATEST_VERSIONS = new Set([LATEST_LINUX_PLATFORM_VERSION, LATEST_WINDOWS_PLATFORM_VERSION]);

/** What a launch (service, task set, task) says about where and on which Fargate version it runs. */
type FargateLaunch = Pick<TaskSet, "launchType" | "capacityProviderStrategy" | "platformVersion">;

export type FargatePlatformMessage = "outdated" | "familyUnknown" | "notFargate";

/** The messages every platform-version policy shares, with its own name for what is launched. */
export function fargatePlatformMessages(launched: string): Readonly<Record<FargatePlatformMessage, string>> {
  return {
    outdated: `${launched} runs on platformVersion {{version}}, not LATEST or the latest version {{latest}}`,
    familyUnknown:
      "platformVersion 1.0.0 is the latest for Windows but outdated for Linux, and the input does not say which " +
      "platform family it runs",
    notFargate: `${launched} runs neither with launchType FARGATE nor on a Fargate capacity provider`,
  };
}

/**
 * Security Hub's ECS.10, for any launch: on Fargate (the FARGATE launch type, or a FARGATE or FARGATE_SPOT capacity
 * provider) the platform version must be absent (LATEST is used), `LATEST`, or the latest version of the launch's
 * platform family (`1.4.0` Linux, `1.0.0` Windows). `platformFamily` is absent where the input does not say it
 * (requests, templates): `1.0.0` is then undecidable, since it is current only for Windows.
 */
export function fargatePlatformObservations(
  launch: FargateLaunch,
  platformFamily: Resolvable<string | undefined>,
): readonly Observation<FargatePlatformMessage>[] {
  const fargate = runsOnFargate(launch);
  if (isUnresolved(fargate)) return [undecided(fargate)];
  if (!fargate) return [notApplicable("notFargate")];
  const version = launch.platformVersion;
  if (isUnresolved(version)) return [undecided(version)];
  if (version === undefined || version === "LATEST") return [];
  const either = `${LATEST_LINUX_PLATFORM_VERSION} (Linux) or ${LATEST_WINDOWS_PLATFORM_VERSION} (Windows)`;
  // No platform family makes another version current, so only the two latest ones need the family.
  if (!LATEST_VERSIONS.has(version))
    return [violation("outdated", PLATFORM_VERSION_PATH, { version, latest: either })];
  if (isUnresolved(platformFamily)) return [undecided(platformFamily)];
  if (platformFamily === undefined) {
    return version === LATEST_LINUX_PLATFORM_VERSION ? [] : [unknown("familyUnknown", PLATFORM_VERSION_PATH)];
  }
  const windows = platformFamily.toUpperCase().startsWith("WINDOWS");
  const latest = windows ? LATEST_WINDOWS_PLATFORM_VERSION : LATEST_LINUX_PLATFORM_VERSION;
  if (version === latest) return [];
  return [violation("outdated", PLATFORM_VERSION_PATH, { version, latest: `${latest} (${platformFamily})` })];
}

/**
 * Whether the launch runs on Fargate. A launch type decides; without one, a strategy naming a Fargate capacity
 * provider does (an undecidable item does not hide a decided Fargate one). Without either, the cluster's default
 * strategy decides, which the launch does not show: such a launch is judged as not on Fargate, as Security Hub does.
 */
export function runsOnFargate(launch: FargateLaunch): Resolvable<boolean> {
  const { launchType, capacityProviderStrategy } = launch;
  if (isUnresolved(launchType)) return launchType;
  if (launchType !== undefined) return launchType === "FARGATE";
  if (isUnresolved(capacityProviderStrategy)) return capacityProviderStrategy;
  let undecidable: Resolvable<boolean> = false;
  for (const item of capacityProviderStrategy ?? []) {
    const provider = isUnresolved(item) ? item : item.capacityProvider;
    if (isUnresolved(provider)) undecidable = provider;
    else if (provider !== undefined && FARGATE_CAPACITY_PROVIDERS.has(provider)) return true;
  }
  return undecidable;
}
