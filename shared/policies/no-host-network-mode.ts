import { isUnresolved } from "../model/resolvable.ts";
import { definePolicy, undecided, violation } from "./define-policy.ts";

export default definePolicy({
  id: "no-host-network-mode",
  title: "ECS task definitions do not use host network mode",
  severity: "MEDIUM",
  resource: "TaskDefinition",
  controls: ["ECS.17"],
  practice: "B6: Use awsvpc network mode rather than host",
  rationale:
    "In host network mode containers share the instance's network stack: they can bind any host port, see " +
    "the host's traffic and always reach the instance metadata service and so the instance role's credentials.",
  messages: {
    hostNetwork: "networkMode is host",
  },
  remediation: {
    recommendation:
      "Register a new revision with networkMode awsvpc (or bridge) and update the services using it.",
    url: "https://docs.aws.amazon.com/AmazonECS/latest/developerguide/task-networking.html",
    fixable: false,
  },
  evaluate: ({ networkMode }) => {
    if (isUnresolved(networkMode)) return [undecided(networkMode)];
    return networkMode === "host" ? [violation("hostNetwork", "/networkMode")] : [];
  },
});
