import { isUnresolved } from "../model/resolvable.ts";
import { definePolicy, undecided, violation } from "./define-policy.ts";
import { onLinux } from "./utils/container-platform.ts";
import { containerLabel, containerPath, eachContainer } from "./utils/containers.ts";

export default definePolicy({
  id: "init-process-enabled",
  title: "ECS Linux containers run a lightweight init process",
  severity: "INFORMATIONAL",
  resource: "TaskDefinition",
  controls: [],
  practice: "A7: Run a lightweight init process in containers",
  rationale:
    "The container's main process runs as PID 1, which the kernel spares from default signal handling and " +
    "which must reap orphaned children. Without an init, SIGTERM may be ignored until the stop timeout kills " +
    "the container, cutting off in-flight work, and zombie processes pile up.",
  deviations:
    "Beyond Security Hub. An image whose entrypoint already starts tini or dumb-init needs no ECS init, but " +
    "only the image shows that; such containers fail here and can be exempted.",
  messages: {
    initProcessDisabled:
      'container "{{container}}" runs without an init process (initProcessEnabled is not true)',
    windows: "Windows containers do not support initProcessEnabled",
    noContainers: "the task definition has no container definitions",
  },
  remediation: {
    recommendation:
      "Set linuxParameters.initProcessEnabled to true in every container definition, so ECS starts an init " +
      "that forwards signals to the application and reaps orphaned processes.",
    url: "https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_LinuxParameters.html",
    fixable: true,
  },
  evaluate: (taskDefinition) =>
    onLinux(taskDefinition, "windows", () =>
      eachContainer(
        taskDefinition,
        (container, index) => {
          const { linuxParameters } = container;
          if (isUnresolved(linuxParameters)) return [undecided(linuxParameters)];
          const enabled = linuxParameters?.initProcessEnabled;
          if (isUnresolved(enabled)) return [undecided(enabled)];
          if (enabled === true) return [];
          const path = containerPath(index, "linuxParameters", "initProcessEnabled");
          return [violation("initProcessDisabled", path, { container: containerLabel(container, index) })];
        },
        "noContainers",
      ),
    ),
});
