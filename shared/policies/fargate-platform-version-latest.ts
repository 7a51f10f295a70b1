import { isUnresolved, type Resolvable } from "../model/resolvable.ts";
import type { Service } from "../model/types.ts";
import { definePolicy, notApplicable, undecided, unknown, violation } from "./define-policy.ts";

/** Security Hub's fixed parameters of ECS.10: the latest Fargate platform version per OS family. */
const LATEST_LINUX_VERSION = "1.4.0";
const LATEST_WINDOWS_VERSION = "1.0.0";
const FARGATE_CAPACITY_PROVIDERS = new Set(["FARGATE", "FARGATE_SPOT"]);
const PATH = "/platformVersion";

export default definePolicy({
  id: "fargate-platform-version-latest",
  title: "Fargate services run on the latest Fargate platform version",
  severity: "MEDIUM",
  resource: "Service",
  controls: ["ECS.10"],
  practice: "M1: Run Fargate tasks on the latest platform version",
  rationale:
    "Fargate platform versions carry the kernel, container runtime and agent that isolate tasks. Older versions " +
    "miss security fixes and features such as encrypted ephemeral storage and task ENI traffic for image pulls " +
    "and secrets (1.4.0); a pinned version never receives them.",
  deviations:
    "Beyond Security Hub, services placed by a FARGATE or FARGATE_SPOT capacity provider strategy (without a " +
    "launchType) are judged like launchType FARGATE; Security Hub does not document them. A pinned 1.4.0 " +
    "(Linux) or 1.0.0 (Windows) passes, as in Security Hub; AWS's Control Tower rule CT.ECS.PR.1 fails every " +
    "version other than LATEST or absent, and skips services without launchType FARGATE.",
  messages: {
    outdated:
      "platformVersion {{version}} is not the latest Fargate platform version (LATEST, or 1.4.0 on Linux and " +
      "1.0.0 on Windows)",
    notLatestForFamily:
      "platformVersion {{version}} is not the latest for platformFamily {{family}} (LATEST or {{latest}})",
    familyUnknown:
      "platformVersion 1.0.0 is the latest for Windows but outdated for Linux, and the service does not say " +
      "which operating system it runs (no platformFamily)",
    notFargate: "the service runs neither with launchType FARGATE nor on a Fargate capacity provider",
  },
  remediation: {
    recommendation:
      "Update the service with platformVersion LATEST (or omit it) and force a new deployment. Version 1.4.0 " +
      "sends image pulls, secrets and logs through the task ENI, so subnets and security groups must allow it.",
    url: "https://docs.aws.amazon.com/AmazonECS/latest/developerguide/platform-fargate.html",
    fixable: false,
  },
  evaluate: (service) => {
    const onFargate = runsOnFargate(service);
    if (isUnresolved(onFargate)) return [undecided(onFargate)];
    if (!onFargate) return [notApplicable("notFargate")];
    const { platformVersion: version, platformFamily: family } = service;
    if (isUnresolved(version)) return [undecided(version)];
    if (version === undefined || version === "LATEST") return [];
    if (version !== LATEST_LINUX_VERSION && version !== LATEST_WINDOWS_VERSION)
      return [violation("outdated", PATH, { version })];
    if (isUnresolved(family)) return [undecided(family)];
    // Fargate has no Windows 1.4.0, so only 1.0.0 needs the operating system.
    if (family === undefined) return version === LATEST_LINUX_VERSION ? [] : [unknown("familyUnknown", PATH)];
    const latest = family.startsWith("WINDOWS_SERVER") ? LATEST_WINDOWS_VERSION : LATEST_LINUX_VERSION;
    return version === latest ? [] : [violation("notLatestForFamily", PATH, { version, family, latest })];
  },
});

/** A launchType decides; without one, a strategy naming a Fargate capacity provider is Fargate. */
function runsOnFargate({ launchType, capacityProviderStrategy }: Service): Resolvable<boolean> {
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
