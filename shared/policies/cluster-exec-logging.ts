import { isUnresolved } from "../model/resolvable.ts";
import { definePolicy, undecided, violation } from "./define-policy.ts";

const EXEC_PATH = "/configuration/executeCommandConfiguration";

export default definePolicy({
  id: "cluster-exec-logging",
  title: "ECS clusters log the commands run in ECS Exec sessions",
  severity: "MEDIUM",
  resource: "Cluster",
  controls: [],
  practice: "M5: ECS Exec sessions are logged for audit",
  rationale:
    "CloudTrail records that someone started an ECS Exec session, but not what they typed or saw. The cluster's " +
    "exec logging is the only record of the commands run inside production containers; with logging NONE, or an " +
    "override that names no destination, a session leaves no trace of what it did.",
  deviations:
    "Without a configuration, or with logging DEFAULT, sessions are logged to each container's awslogs log group; " +
    "that passes here, since whether the task definitions send their containers' output to CloudWatch is judged " +
    "by the logging policies. Every cluster is judged, whether or not its services turn ECS Exec on.",
  messages: {
    notLogged: "executeCommandConfiguration.logging is {{value}}: ECS Exec sessions are not logged",
    noDestination:
      "logging is OVERRIDE without a CloudWatch log group or S3 bucket: ECS Exec sessions are logged nowhere",
  },
  remediation: {
    recommendation:
      "Update the cluster's executeCommandConfiguration with logging OVERRIDE and a logConfiguration naming an " +
      "encrypted CloudWatch log group or S3 bucket (or logging DEFAULT with awslogs in every task definition).",
    url: "https://docs.aws.amazon.com/AmazonECS/latest/developerguide/ecs-exec.html",
    fixable: false,
  },
  evaluate: ({ configuration }) => {
    if (isUnresolved(configuration)) return [undecided(configuration)];
    const exec = configuration?.executeCommandConfiguration;
    if (isUnresolved(exec)) return [undecided(exec)];
    const logging = exec?.logging;
    if (isUnresolved(logging)) return [undecided(logging)];
    if (logging === undefined || logging === "DEFAULT") return [];
    if (logging !== "OVERRIDE") return [violation("notLogged", `${EXEC_PATH}/logging`, { value: logging })];
    const destination = exec?.logConfiguration;
    if (isUnresolved(destination)) return [undecided(destination)];
    const destinations = [destination?.cloudWatchLogGroupName, destination?.s3BucketName];
    if (destinations.some((name) => typeof name === "string" && name !== "")) return [];
    const unresolvedDestination = destinations.find(isUnresolved);
    if (unresolvedDestination !== undefined) return [undecided(unresolvedDestination)];
    return [violation("noDestination", `${EXEC_PATH}/logConfiguration`)];
  },
});
