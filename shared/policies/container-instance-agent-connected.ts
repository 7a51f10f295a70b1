import { isUnresolved } from "../model/resolvable.ts";
import { definePolicy, notApplicable, undecided, unknown, violation } from "./define-policy.ts";

const AGENT_CONNECTED = "/agentConnected";

export default definePolicy({
  id: "container-instance-agent-connected",
  title: "Active container instances have their ECS agent connected",
  severity: "LOW",
  resource: "ContainerInstance",
  controls: [],
  practice: "§8 ecs.agent.outdated: keep the ECS container agent running and current (nearest row)",
  rationale:
    "While its agent is disconnected, an ACTIVE container instance still counts as the cluster's capacity, but " +
    "ECS can neither place tasks on it nor stop or follow the ones it runs, and the agent hands out no new task " +
    "credentials. An instance that was stopped rather than terminated stays ACTIVE and disconnected, and ECS " +
    "does not deregister it.",
  deviations:
    "The agent disconnects and reconnects several times an hour as part of its normal operation, and ECS sends " +
    "an event each time: the finding is FAILED for the seconds or minutes this takes (unless the reconnection " +
    "arrives in the same batch) and passes with the reconnection's event. A finding that stays FAILED is an " +
    "agent that did not come back. Only ACTIVE instances are judged: draining, registering and deregistering " +
    "instances are not applicable.",
  messages: {
    disconnected: "the instance is ACTIVE but agentConnected is false",
    connectionNotReported: "the event does not say whether the agent is connected",
    notActive: "the instance is not ACTIVE (draining, registering or leaving its cluster)",
  },
  remediation: {
    recommendation:
      "Start the instance again, or restart the agent (sudo systemctl restart ecs) and read /var/log/ecs/ecs-agent.log " +
      "for why it disconnected (no route to the ECS endpoints, a stopped Docker daemon); deregister instances " +
      "that will not come back.",
    url: "https://docs.aws.amazon.com/AmazonECS/latest/developerguide/ecs-agent-versions.html",
    fixable: false,
  },
  evaluate: ({ status, agentConnected }) => {
    if (isUnresolved(status)) return [undecided(status)];
    if (status !== "ACTIVE") return [notApplicable("notActive")];
    if (isUnresolved(agentConnected)) return [undecided(agentConnected)];
    if (agentConnected === undefined) return [unknown("connectionNotReported", AGENT_CONNECTED)];
    return agentConnected ? [] : [violation("disconnected", AGENT_CONNECTED)];
  },
});
