import { isUnresolved, type Unresolved } from "../model/resolvable.ts";
import type { Container, TaskDefinition } from "../model/types.ts";
import { definePolicy, type MessageData, undecided, violation } from "./define-policy.ts";
import { compatibilitiesOf } from "./utils/container-platform.ts";
import { containerLabel } from "./utils/containers.ts";
import { isEcrPrivate, parseImageReference } from "./utils/image-reference.ts";

/** Why a container needs the execution role, or the value that hides whether it does. */
type Need = string | Unresolved;

export default definePolicy({
  id: "execution-role-for-secrets",
  title: "ECS task definitions that need a task execution role have one",
  severity: "LOW",
  resource: "TaskDefinition",
  controls: [],
  practice: "H7: Give the task an execution role when the agent fetches secrets, images or logs for it",
  rationale:
    "The ECS agent fetches secrets and private registry credentials, and on Fargate pulls ECR images and creates " +
    "CloudWatch log streams, with the task execution role. Without one those tasks fail to start; on EC2, image " +
    "pulls and awslogs fall back to the instance role, which then holds those permissions for every task on it.",
  deviations:
    "Operational rather than a direct exposure, hence LOW. ECS rejects some of these task definitions at " +
    "registration already; the policy also catches them in templates before deployment.",
  messages: {
    missingExecutionRole: 'no executionRoleArn, but container "{{container}}" {{need}}',
  },
  remediation: {
    recommendation:
      "Create a task execution role trusted by ecs-tasks.amazonaws.com with AmazonECSTaskExecutionRolePolicy and " +
      "read access to the referenced secrets and parameters, and set it as executionRoleArn.",
    url: "https://docs.aws.amazon.com/AmazonECS/latest/developerguide/task_execution_IAM_role.html",
    fixable: false,
  },
  evaluate: (taskDefinition) => {
    const { executionRoleArn, containerDefinitions } = taskDefinition;
    if (typeof executionRoleArn === "string" && executionRoleArn.trim() !== "") return [];
    if (isUnresolved(containerDefinitions)) return [undecided(containerDefinitions)];
    const fargate = runsOnFargate(taskDefinition);
    const reasons: MessageData[] = [];
    const doubts = new Map<string, Unresolved>();
    for (const [index, container] of (containerDefinitions ?? []).entries()) {
      if (isUnresolved(container)) doubts.set(container.at, container);
      else
        for (const need of needsOf(container, fargate)) {
          if (isUnresolved(need)) doubts.set(need.at, need);
          else reasons.push({ container: containerLabel(container, index), need });
        }
    }
    if (reasons.length === 0 && doubts.size === 0) return [];
    if (isUnresolved(executionRoleArn)) return [undecided(executionRoleArn)];
    if (reasons.length === 0) return [...doubts.values()].map(undecided);
    return reasons.map((data) => violation("missingExecutionRole", "/executionRoleArn", data));
  },
});

/** Whether the task definition may run on Fargate, where the agent has no instance role to fall back to. */
function runsOnFargate(taskDefinition: TaskDefinition): boolean | Unresolved {
  const compatibilities = compatibilitiesOf(taskDefinition);
  return isUnresolved(compatibilities) ? compatibilities : compatibilities.includes("FARGATE");
}

/** What in a container needs the execution role: a reason, or the unresolved value that may hide one. */
function needsOf(container: Container, onFargate: boolean | Unresolved): Need[] {
  const { secrets, repositoryCredentials, logConfiguration, image } = container;
  const needs: Need[] = [];
  const note = (value: unknown, need: string | false, fargateOnly = false) => {
    if (isUnresolved(value)) needs.push(value);
    else if (need !== false) needs.push(fargateOnly && isUnresolved(onFargate) ? onFargate : need);
  };
  note(secrets, isNonEmpty(secrets) && "references secrets");
  note(
    repositoryCredentials,
    repositoryCredentials !== undefined && "pulls its image with repositoryCredentials",
  );
  if (isUnresolved(logConfiguration)) return [...needs, logConfiguration];
  const secretOptions = logConfiguration?.secretOptions;
  note(secretOptions, isNonEmpty(secretOptions) && "references log secretOptions");
  if (onFargate === false) return needs;
  const logDriver = logConfiguration?.logDriver;
  note(logDriver, logDriver === "awslogs" && "logs with awslogs on Fargate", true);
  note(
    image,
    typeof image === "string" && isPrivateEcrImage(image) && "pulls a private ECR image on Fargate",
    true,
  );
  return needs;
}

function isNonEmpty(list: unknown): boolean {
  return Array.isArray(list) && list.length > 0;
}

function isPrivateEcrImage(image: string): boolean {
  const reference = parseImageReference(image);
  return reference !== undefined && isEcrPrivate(reference);
}
