import { isUnresolved } from "../model/resolvable.ts";
import { definePolicy, notApplicable, undecided, violation } from "./define-policy.ts";
import { containerLabel, containerPath, eachContainer } from "./utils/containers.ts";

export default definePolicy({
  id: "no-static-host-ports",
  title: "Bridge-mode ECS containers map dynamic host ports",
  severity: "LOW",
  resource: "TaskDefinition",
  controls: [],
  practice: "B7: Prefer dynamic host port mappings in bridge mode",
  rationale:
    "A static hostPort can be bound by one task per instance: a second copy cannot be placed, so scaling and " +
    "rolling deployments stall on small clusters, and the port is opened on the instance's security group for " +
    "every task there. With hostPort 0 or unset, Docker picks an ephemeral port the load balancer registers.",
  deviations:
    "A task definition without networkMode is judged as bridge, the default on Linux EC2 and ECS Anywhere " +
    "instances. In awsvpc and host mode the host port always equals the container port, so they are not applicable.",
  messages: {
    staticHostPort:
      'container "{{container}}" maps container port {{containerPort}} to the static host port {{hostPort}}',
    notBridge:
      "only bridge mode maps host ports; in awsvpc and host mode the host port is the container port",
    noContainers: "the task definition has no container definitions",
  },
  remediation: {
    recommendation:
      "Remove hostPort (or set it to 0) in bridge-mode port mappings and register the tasks with a load " +
      "balancer target group, which tracks the dynamic ports; or use awsvpc network mode.",
    url: "https://docs.aws.amazon.com/AmazonECS/latest/developerguide/task_definition_parameters.html#container_definition_portmappings",
    fixable: false,
  },
  evaluate: (taskDefinition) => {
    const { networkMode } = taskDefinition;
    if (isUnresolved(networkMode)) return [undecided(networkMode)];
    if (networkMode !== undefined && networkMode !== "bridge") return [notApplicable("notBridge")];
    return eachContainer(
      taskDefinition,
      (container, index) => {
        const { portMappings } = container;
        if (isUnresolved(portMappings)) return [undecided(portMappings)];
        return (portMappings ?? []).flatMap((mapping, position) => {
          if (isUnresolved(mapping)) return [undecided(mapping)];
          const { hostPort, containerPort } = mapping;
          if (isUnresolved(hostPort)) return [undecided(hostPort)];
          if (hostPort === undefined || hostPort === 0) return [];
          return [
            violation("staticHostPort", containerPath(index, "portMappings", position, "hostPort"), {
              container: containerLabel(container, index),
              hostPort,
              containerPort: typeof containerPort === "number" ? containerPort : "(unknown)",
            }),
          ];
        });
      },
      "noContainers",
    );
  },
});
