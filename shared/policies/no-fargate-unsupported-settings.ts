import { isUnresolved } from "../model/resolvable.ts";
import type { Container, TaskDefinition } from "../model/types.ts";
import { definePolicy, notApplicable, type Observation, undecided, violation } from "./define-policy.ts";
import { capabilityEntries } from "./utils/container-capabilities.ts";
import { hostPathVolumes } from "./utils/container-host-paths.ts";
import { compatibilitiesOf } from "./utils/container-platform.ts";
import { securityOptions } from "./utils/container-security-options.ts";
import { containerLabel, containerPath } from "./utils/containers.ts";

type MessageId = "networkMode" | "hostNamespace" | "hostPath" | "containerSetting" | "capability";

export default definePolicy({
  id: "no-fargate-unsupported-settings",
  title: "Fargate task definitions use only settings Fargate supports",
  severity: "MEDIUM",
  resource: "TaskDefinition",
  controls: [],
  practice: "M3: Use no host-level settings in Fargate task definitions",
  rationale:
    "Fargate isolates each task in its own micro-VM and refuses host access: privileged mode, added " +
    "capabilities other than SYS_PTRACE, devices, host paths, security options and non-awsvpc networking. " +
    "A Fargate task definition asking for them fails to register or to launch, and shows a design that " +
    "expects host access the platform will not give.",
  deviations:
    "Beyond Security Hub. The catalog rates this LOW (operational); MEDIUM here, as the settings are host-access " +
    "requests. credentialspec options (gMSA, which Fargate supports) are allowed in dockerSecurityOptions.",
  messages: {
    networkMode: "networkMode is {{mode}}; Fargate supports only awsvpc",
    hostNamespace: "{{field}} is host; Fargate tasks cannot share the host's namespaces",
    hostPath: 'volume "{{volume}}" mounts the host path {{sourcePath}}; Fargate supports no host paths',
    containerSetting: 'container "{{container}}" sets {{setting}}, which Fargate does not support',
    capability: 'container "{{container}}" adds {{capability}}; Fargate allows adding only SYS_PTRACE',
    notFargate: "the task definition does not require Fargate compatibility",
  },
  remediation: {
    recommendation:
      "Remove the settings the finding lists, use networkMode awsvpc, or, if the workload needs host access, " +
      "run it on EC2 capacity and drop FARGATE from requiresCompatibilities.",
    url: "https://docs.aws.amazon.com/AmazonECS/latest/developerguide/fargate-tasks-services.html",
    fixable: false,
  },
  evaluate: (taskDefinition) => {
    const compatibilities = compatibilitiesOf(taskDefinition);
    if (isUnresolved(compatibilities)) return [undecided(compatibilities)];
    if (!compatibilities.includes("FARGATE")) return [notApplicable("notFargate")];
    const { containerDefinitions } = taskDefinition;
    const containers = isUnresolved(containerDefinitions)
      ? [undecided(containerDefinitions)]
      : (containerDefinitions ?? []).flatMap((container, index) =>
          isUnresolved(container) ? [undecided(container)] : containerObservations(container, index),
        );
    return [...taskObservations(taskDefinition), ...containers];
  },
});

function taskObservations(taskDefinition: TaskDefinition): Observation<MessageId>[] {
  const { networkMode } = taskDefinition;
  const observations: Observation<MessageId>[] = [];
  if (isUnresolved(networkMode)) observations.push(undecided(networkMode));
  else if (networkMode !== "awsvpc")
    observations.push(
      violation("networkMode", "/networkMode", { mode: networkMode ?? "bridge (the default)" }),
    );
  for (const field of ["pidMode", "ipcMode"] as const) {
    const mode = taskDefinition[field];
    if (isUnresolved(mode)) observations.push(undecided(mode));
    else if (mode === "host") observations.push(violation("hostNamespace", `/${field}`, { field }));
  }
  const volumes = hostPathVolumes(taskDefinition);
  for (const volume of isUnresolved(volumes) ? [volumes] : volumes) {
    if (isUnresolved(volume)) observations.push(undecided(volume));
    else {
      const data = { volume: volume.name, sourcePath: volume.sourcePath };
      observations.push(violation("hostPath", volume.path, data));
    }
  }
  return observations;
}

function containerObservations(container: Container, index: number): Observation<MessageId>[] {
  const label = containerLabel(container, index);
  const unsupported = (setting: string, path: string) =>
    violation("containerSetting", path, { container: label, setting });
  const { privileged, linuxParameters } = container;
  const observations: Observation<MessageId>[] = [];
  if (isUnresolved(privileged)) observations.push(undecided(privileged));
  else if (privileged === true)
    observations.push(unsupported("privileged", containerPath(index, "privileged")));
  if (isUnresolved(linuxParameters)) observations.push(undecided(linuxParameters));
  else {
    const added = capabilityEntries(container, index, "add");
    for (const entry of isUnresolved(added) ? [added] : added) {
      if (isUnresolved(entry)) observations.push(undecided(entry));
      else if (entry.capability !== "SYS_PTRACE")
        observations.push(
          violation("capability", entry.path, { container: label, capability: entry.written }),
        );
    }
    const devices = linuxParameters?.devices;
    if (isUnresolved(devices)) observations.push(undecided(devices));
    else if (devices !== undefined && devices.length > 0)
      observations.push(unsupported("devices", containerPath(index, "linuxParameters", "devices")));
  }
  const options = securityOptions(container, index);
  for (const option of isUnresolved(options) ? [options] : options) {
    if (isUnresolved(option)) observations.push(undecided(option));
    // gMSA credential specs are the one security option Fargate accepts.
    else if (!option.written.trim().startsWith("credentialspec"))
      observations.push(unsupported(`dockerSecurityOptions "${option.written}"`, option.path));
  }
  return observations;
}
