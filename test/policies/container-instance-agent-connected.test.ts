import { containerInstanceFromApi } from "../../shared/model/container-instance.ts";
import containerInstanceAgentConnected from "../../shared/policies/container-instance-agent-connected.ts";
import { intrinsic } from "../helpers/builders.ts";
import { containerInstance, realContainerInstances } from "../helpers/container-instances.ts";
import { policyTester } from "../helpers/policy-tester.ts";
import { sampleEvent } from "../helpers/samples.ts";

const AGENT_CONNECTED = "/agentConnected";
const sample = (name: string) =>
  containerInstanceFromApi(sampleEvent(`container-instance-state-changes/${name}`).detail);

policyTester.run(containerInstanceAgentConnected, {
  valid: [
    { name: "an ACTIVE instance with its agent connected", resource: containerInstance() },
    { name: "project sample: a hardened instance", resource: sample("registered-hardened") },
    ...realContainerInstances().map(({ files, resource }) => ({ name: `real sample (${files})`, resource })),
  ],
  invalid: [
    {
      name: "an ACTIVE instance with its agent disconnected",
      resource: containerInstance({ agentConnected: false }),
      violations: [{ messageId: "disconnected", path: AGENT_CONNECTED }],
    },
    {
      name: "project sample: a legacy instance whose agent stopped",
      resource: sample("legacy-agent-disconnected"),
      violations: [{ messageId: "disconnected", path: AGENT_CONNECTED }],
    },
  ],
  unknown: [
    {
      name: "the event does not say",
      resource: containerInstance({ agentConnected: undefined }),
      observations: [{ messageId: "connectionNotReported", path: AGENT_CONNECTED }],
    },
    {
      name: "a connection state of the wrong type",
      resource: containerInstance({ agentConnected: "yes" }),
      observations: [{ messageId: "unresolved", path: AGENT_CONNECTED }],
    },
    {
      name: "a status that cannot be read",
      resource: containerInstance({ status: intrinsic("/status") }),
      observations: [{ messageId: "unresolved", path: "/status" }],
    },
  ],
  notApplicable: [
    {
      name: "a draining instance, disconnected as a Spot interruption leaves it",
      resource: containerInstance({ status: "DRAINING", agentConnected: false }),
      messageId: "notActive",
    },
    {
      name: "a registering instance",
      resource: containerInstance({ status: "REGISTERING", agentConnected: false }),
      messageId: "notActive",
    },
    { name: "no status", resource: containerInstance({ status: undefined }), messageId: "notActive" },
  ],
});
