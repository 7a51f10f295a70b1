import { definePolicy } from "./define-policy.ts";
import { fargatePlatformMessages, fargatePlatformObservations } from "./utils/fargate-platform.ts";

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
    "version other than LATEST or absent, and skips services without launchType FARGATE. A pinned 1.0.0 on a " +
    "service that does not name its platform family (a template's service) is UNKNOWN: it is the latest " +
    "version for Windows and an outdated one for Linux.",
  messages: fargatePlatformMessages("the service"),
  remediation: {
    recommendation:
      "Update the service with platformVersion LATEST (or omit it) and force a new deployment. Version 1.4.0 " +
      "sends image pulls, secrets and logs through the task ENI, so subnets and security groups must allow it.",
    url: "https://docs.aws.amazon.com/AmazonECS/latest/developerguide/platform-fargate.html",
    fixable: false,
  },
  evaluate: (service) => fargatePlatformObservations(service, service.platformFamily),
});
