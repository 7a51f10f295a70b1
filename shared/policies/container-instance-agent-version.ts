import * as z from "zod/mini";
import { isUnresolved } from "../model/resolvable.ts";
import { definePolicy, undecided, unknown, violation } from "./define-policy.ts";

const AGENT_VERSION = "/versionInfo/agentVersion";

/** `1.55.3`, and releases with a suffix (`1.55.3-dev`): major, minor and patch, compared as numbers. */
const VERSION = /^(\d+)\.(\d+)\.(\d+)/;

export default definePolicy({
  id: "container-instance-agent-version",
  title: "Container instances run an ECS agent no older than the minimum version",
  severity: "LOW",
  resource: "ContainerInstance",
  controls: [],
  practice: "§8 ecs.agent.outdated: keep the ECS container agent at or above a minimum version",
  rationale:
    "The container agent starts the instance's tasks, serves their IAM credentials and enforces its agent " +
    "settings; an old agent lacks the fixes of every later release, some of them to how it handles task " +
    "credentials. An agent below the team's minimum means an AMI or an update process that stopped moving.",
  deviations:
    "AWS recommends the latest agent, which the guardrail cannot know offline; it compares with a minimum. The " +
    "default, 1.55.3 (2021), is the release that stopped serving a stopped task's execution role credentials " +
    "(1.14.5 had stopped logging task role credentials): an agent below it misses years of fixes, so the " +
    "finding means neglect rather than a release missed by weeks. Set minimumAgentVersion to your AMI baseline. " +
    "Windows agents cannot be updated in place: replace the instances.",
  messages: {
    outdated: "agent {{version}} is older than the minimum {{minimum}}",
    versionNotReported: "the event reports no versionInfo.agentVersion",
    unreadableVersion: "agentVersion {{version}} is not a version of the form major.minor.patch",
  },
  remediation: {
    recommendation:
      "Update the agent (UpdateContainerAgent, or sudo yum update -y ecs-init on ECS-optimized AMIs) or, better, " +
      "launch the instances from a current ECS-optimized AMI (an instance refresh of the Auto Scaling group).",
    url: "https://docs.aws.amazon.com/AmazonECS/latest/developerguide/ecs-agent-update.html",
    fixable: false,
  },
  parameters: {
    minimumAgentVersion: {
      description:
        "The oldest ECS agent version accepted, major.minor.patch (for example your AMI baseline's).",
      schema: z.string().check(z.regex(/^\d+\.\d+\.\d+$/, "expected major.minor.patch")),
      default: "1.55.3",
    },
  },
  evaluate: ({ versionInfo }, { parameters: { minimumAgentVersion } }) => {
    if (isUnresolved(versionInfo)) return [undecided(versionInfo)];
    const version = versionInfo?.agentVersion;
    if (isUnresolved(version)) return [undecided(version)];
    if (version === undefined) return [unknown("versionNotReported", AGENT_VERSION)];
    const running = parts(version);
    if (running === undefined) return [unknown("unreadableVersion", AGENT_VERSION, { version })];
    return isOlder(running, parts(minimumAgentVersion) ?? [])
      ? [violation("outdated", AGENT_VERSION, { version, minimum: minimumAgentVersion })]
      : [];
  },
});

function parts(version: string): number[] | undefined {
  return VERSION.exec(version.trim())?.slice(1).map(Number);
}

/** Whether `version` comes before `minimum`, component by component. */
function isOlder(version: readonly number[], minimum: readonly number[]): boolean {
  for (const [index, component] of version.entries()) {
    const bound = minimum[index] ?? 0;
    if (component !== bound) return component < bound;
  }
  return false;
}
