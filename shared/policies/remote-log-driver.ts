import { isUnresolved } from "../model/resolvable.ts";
import { definePolicy, notApplicable, undecided, violation } from "./define-policy.ts";
import { compatibilitiesOf, isFargateOnly } from "./utils/container-platform.ts";
import { containerLabel, containerPath, eachContainer } from "./utils/containers.ts";

/** Docker log drivers that write to the instance itself. */
export const LOCAL_DRIVERS = new Set(["json-file", "local", "journald", "etwlogs"]);
/** syslog writes to the instance's syslog daemon unless syslog-address names a network endpoint. */
export const REMOTE_SYSLOG_ADDRESS = /^(?:tcp|udp|tcp\+tls):\/\//;

export default definePolicy({
  id: "remote-log-driver",
  title: "ECS containers on EC2 ship their logs off the instance",
  severity: "LOW",
  resource: "TaskDefinition",
  controls: [],
  practice: "A9: Send container logs off the instance (awslogs, FireLens, Splunk, Fluentd)",
  rationale:
    "Logs kept on the container instance disappear when it is replaced or scaled in, fill its disk, cannot be " +
    "searched or alerted on centrally, and can be altered by anyone who compromises the host: exactly when an " +
    "incident needs them.",
  deviations:
    "The catalog lists syslog and gelf as local; gelf always sends to a network address and passes, and syslog " +
    "fails only without a tcp://, udp:// or tcp+tls:// syslog-address. A container without logConfiguration is " +
    "left to the log-configuration check (Security Hub ECS.9). Fargate-only task definitions are not applicable: " +
    "Fargate offers only remote drivers.",
  messages: {
    localDriver: 'container "{{container}}" logs with {{driver}}, which keeps its logs on the instance',
    fargateOnly: "the task definition runs only on Fargate, whose log drivers all ship logs off the task",
    noContainers: "the task definition has no container definitions",
  },
  remediation: {
    recommendation:
      "Use the awslogs driver (CloudWatch Logs) or FireLens (awsfirelens) for every container, or a remote " +
      "driver such as splunk or fluentd, and keep local files only as a buffer.",
    url: "https://docs.aws.amazon.com/AmazonECS/latest/developerguide/using_awslogs.html",
    fixable: false,
  },
  evaluate: (taskDefinition) => {
    const compatibilities = compatibilitiesOf(taskDefinition);
    if (isUnresolved(compatibilities)) return [undecided(compatibilities)];
    if (isFargateOnly(compatibilities)) return [notApplicable("fargateOnly")];
    return eachContainer(
      taskDefinition,
      (container, index) => {
        const { logConfiguration } = container;
        if (isUnresolved(logConfiguration)) return [undecided(logConfiguration)];
        const driver = logConfiguration?.logDriver;
        if (isUnresolved(driver)) return [undecided(driver)];
        const data = { container: containerLabel(container, index), driver: driver ?? "" };
        const path = containerPath(index, "logConfiguration", "logDriver");
        if (driver !== undefined && LOCAL_DRIVERS.has(driver)) return [violation("localDriver", path, data)];
        if (driver !== "syslog") return [];
        const options = logConfiguration?.options;
        if (isUnresolved(options)) return [undecided(options)];
        const address = options?.["syslog-address"];
        if (isUnresolved(address)) return [undecided(address)];
        return address !== undefined && REMOTE_SYSLOG_ADDRESS.test(address)
          ? []
          : [violation("localDriver", path, data)];
      },
      "noContainers",
    );
  },
});
