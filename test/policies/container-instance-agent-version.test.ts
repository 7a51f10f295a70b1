import { containerInstanceFromApi } from "../../shared/model/container-instance.ts";
import containerInstanceAgentVersion from "../../shared/policies/container-instance-agent-version.ts";
import { intrinsic } from "../helpers/builders.ts";
import { containerInstance, realContainerInstances } from "../helpers/container-instances.ts";
import { policyTester } from "../helpers/policy-tester.ts";
import { sampleEvent } from "../helpers/samples.ts";

const AGENT_VERSION = "/versionInfo/agentVersion";
const sample = (name: string) =>
  containerInstanceFromApi(sampleEvent(`container-instance-state-changes/${name}`).detail);
const agent = (agentVersion: unknown) => containerInstance({ versionInfo: { agentVersion } });

policyTester.run(containerInstanceAgentVersion, {
  valid: [
    { name: "a current agent", resource: containerInstance() },
    { name: "exactly the minimum", resource: agent("1.55.3") },
    { name: "a later patch of the minimum's minor", resource: agent("1.55.10") },
    { name: "a later minor, with a smaller patch", resource: agent("1.56.0") },
    { name: "a later major", resource: agent("2.0.0") },
    { name: "a suffixed release", resource: agent("1.60.0-dev") },
    {
      name: "a raised minimum, met",
      resource: agent("1.89.2"),
      parameters: { minimumAgentVersion: "1.89.0" },
    },
    { name: "project sample: a hardened instance", resource: sample("registered-hardened") },
    { name: "project sample: an external instance", resource: sample("external-instance") },
  ],
  invalid: [
    {
      name: "an earlier patch",
      resource: agent("1.55.2"),
      violations: [
        { messageId: "outdated", path: AGENT_VERSION, data: { version: "1.55.2", minimum: "1.55.3" } },
      ],
    },
    {
      name: "a minor compared as a number, not as text",
      resource: agent("1.9.0"),
      violations: [
        { messageId: "outdated", path: AGENT_VERSION, data: { version: "1.9.0", minimum: "1.55.3" } },
      ],
    },
    {
      name: "a raised minimum, missed",
      resource: agent("1.89.2"),
      parameters: { minimumAgentVersion: "1.100.0" },
      violations: [
        { messageId: "outdated", path: AGENT_VERSION, data: { version: "1.89.2", minimum: "1.100.0" } },
      ],
    },
    {
      name: "project sample: a legacy agent",
      resource: sample("legacy-agent-disconnected"),
      violations: [
        { messageId: "outdated", path: AGENT_VERSION, data: { version: "1.51.0", minimum: "1.55.3" } },
      ],
    },
    ...realContainerInstances().map(({ files, resource }) => ({
      name: `real sample (${files}): agent 1.13.0 of 2016`,
      resource,
      violations: [
        {
          messageId: "outdated" as const,
          path: AGENT_VERSION,
          data: { version: "1.13.0", minimum: "1.55.3" },
        },
      ],
    })),
  ],
  unknown: [
    {
      name: "no versionInfo",
      resource: containerInstance({ versionInfo: undefined }),
      observations: [{ messageId: "versionNotReported", path: AGENT_VERSION }],
    },
    {
      name: "versionInfo without agentVersion",
      resource: containerInstance({ versionInfo: { agentHash: "c6a5f2b1" } }),
      observations: [{ messageId: "versionNotReported", path: AGENT_VERSION }],
    },
    {
      name: "a version that is not major.minor.patch",
      resource: agent("latest"),
      observations: [{ messageId: "unreadableVersion", path: AGENT_VERSION, data: { version: "latest" } }],
    },
    {
      name: "versionInfo of the wrong type",
      resource: containerInstance({ versionInfo: "1.89.2" }),
      observations: [{ messageId: "unresolved", path: "/versionInfo" }],
    },
    {
      name: "an agentVersion that cannot be read",
      resource: agent(intrinsic(AGENT_VERSION)),
      observations: [{ messageId: "unresolved", path: AGENT_VERSION }],
    },
  ],
});
