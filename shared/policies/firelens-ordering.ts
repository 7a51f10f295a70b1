import { isUnresolved, type Unresolved } from "../model/resolvable.ts";
import type { Container } from "../model/types.ts";
import { definePolicy, notApplicable, undecided, violation } from "./define-policy.ts";
import { containerLabel, containerPath } from "./utils/containers.ts";

/** Dependency conditions that hold the container back until the log router runs. */
export const STARTED = new Set(["START", "HEALTHY"]);

export default definePolicy({
  id: "firelens-ordering",
  title: "Bridge-mode containers logging through FireLens start after their log router",
  severity: "LOW",
  resource: "TaskDefinition",
  controls: [],
  practice: "LG3: In bridge mode, start the FireLens container before the containers that log through it",
  rationale:
    "In bridge mode a container that logs through awsfirelens needs the log router's address when it starts. " +
    "Started first, or while the router is restarting, it fails to start or loses its first log lines, which " +
    "are often the ones that explain a crash.",
  deviations:
    "A task definition without networkMode is judged as bridge. The ECS documentation now says ECS adds a start " +
    "order dependency on the router by default; the catalog still asks for an explicit one, which states the " +
    "order in the task definition and can wait for the router to be HEALTHY.",
  messages: {
    notOrdered:
      'container "{{container}}" logs through FireLens but has no dependsOn on the log router "{{router}}" with condition START or HEALTHY',
    noLogRouter:
      'container "{{container}}" logs through awsfirelens, but no container has a firelensConfiguration',
    notBridge: "the task definition does not use bridge mode, where the log router's start order matters",
    noFirelens: "no container logs through awsfirelens",
  },
  remediation: {
    recommendation:
      'Add dependsOn [{"containerName": "<log router>", "condition": "START"}] (or HEALTHY, with a health check ' +
      "on the router) to every container whose logDriver is awsfirelens.",
    url: "https://docs.aws.amazon.com/AmazonECS/latest/developerguide/firelens-taskdef.html",
    fixable: false,
  },
  evaluate: ({ networkMode, containerDefinitions }) => {
    if (isUnresolved(networkMode)) return [undecided(networkMode)];
    if (networkMode !== undefined && networkMode !== "bridge") return [notApplicable("notBridge")];
    if (isUnresolved(containerDefinitions)) return [undecided(containerDefinitions)];
    const doubts: Unresolved[] = [];
    const routers: string[] = [];
    const senders: { readonly container: Container; readonly index: number }[] = [];
    for (const [index, container] of (containerDefinitions ?? []).entries()) {
      if (isUnresolved(container)) doubts.push(container);
      else {
        const { name, firelensConfiguration: firelens, logConfiguration } = container;
        if (isUnresolved(firelens)) doubts.push(firelens);
        else if (firelens !== undefined) {
          if (isUnresolved(name)) doubts.push(name);
          else routers.push(name ?? "");
        }
        const driver = isUnresolved(logConfiguration) ? logConfiguration : logConfiguration?.logDriver;
        if (isUnresolved(driver)) doubts.push(driver);
        else if (driver === "awsfirelens") senders.push({ container, index });
      }
    }
    if (senders.length === 0)
      return doubts.length > 0 ? doubts.map(undecided) : [notApplicable("noFirelens")];
    const observations = senders.flatMap(({ container, index }) => {
      const { dependsOn } = container;
      if (isUnresolved(dependsOn)) return [undecided(dependsOn)];
      const waits = (dependsOn ?? []).some(
        (dependency) =>
          !isUnresolved(dependency) &&
          typeof dependency.containerName === "string" &&
          routers.includes(dependency.containerName) &&
          typeof dependency.condition === "string" &&
          STARTED.has(dependency.condition),
      );
      if (waits) return [];
      const unresolvedDependency = (dependsOn ?? [])
        .map((dependency) =>
          isUnresolved(dependency)
            ? dependency
            : [dependency.containerName, dependency.condition].find(isUnresolved),
        )
        .find(isUnresolved);
      if (unresolvedDependency !== undefined) return [undecided(unresolvedDependency)];
      const data = { container: containerLabel(container, index), router: routers.join('", "') };
      const path = containerPath(index, "dependsOn");
      return [
        routers.length === 0 ? violation("noLogRouter", path, data) : violation("notOrdered", path, data),
      ];
    });
    // A container whose role or name is unresolved may be the router that a dependency names.
    const failed = observations.some(({ outcome }) => outcome === "violation");
    return failed && doubts.length > 0 ? doubts.map(undecided) : observations;
  },
});
