import type { TaskDefinition } from "../../shared/model/types.ts";
import taskRoleNotExecutionRole from "../../shared/policies/task-role-not-execution-role.ts";
import { intrinsic, taskDefinition } from "../helpers/builders.ts";
import { policyTester } from "../helpers/policy-tester.ts";
import { sampleCloudFormationResource, sampleTaskDefinition } from "../helpers/samples.ts";
import { fromSamples } from "../helpers/shared-data.ts";

const TASK_ROLE = "arn:aws:iam::123456789012:role/web-task";
const EXECUTION_ROLE = "arn:aws:iam::123456789012:role/ecsTaskExecutionRole";

/** A task definition declared in a real CloudFormation template of ../shared/data/cfn. */
function templateTaskDefinition(file: string, logicalId: string): TaskDefinition {
  const { resource } = sampleCloudFormationResource(file, logicalId);
  if (resource.kind !== "TaskDefinition") throw new Error(`${logicalId} in ${file} is no task definition`);
  return resource;
}

const roles = (taskRoleArn: unknown, executionRoleArn: unknown) =>
  taskDefinition({ taskRoleArn, executionRoleArn });

policyTester.run(taskRoleNotExecutionRole, {
  valid: [
    { name: "separate roles", resource: roles(TASK_ROLE, EXECUTION_ROLE) },
    { name: "no roles", resource: taskDefinition() },
    { name: "only an execution role", resource: roles(undefined, EXECUTION_ROLE) },
    { name: "only a task role", resource: roles(TASK_ROLE, undefined) },
    { name: "empty task role", resource: roles("", EXECUTION_ROLE) },
    {
      name: "same name in another account",
      resource: roles("arn:aws:iam::210987654321:role/shared", "arn:aws:iam::123456789012:role/shared"),
    },
    {
      name: "the unresolved role does not matter without the other",
      resource: roles(intrinsic("/taskRoleArn"), undefined),
    },
    ...fromSamples("real sample cases", () => [
      {
        name: "Datadog FireLens example with separate roles (real sample)",
        resource: sampleTaskDefinition("aws-samples__amazon-ecs-firelens-examples__datadog"),
      },
    ]),
  ],
  invalid: [
    {
      name: "the same ARN",
      resource: roles(EXECUTION_ROLE, EXECUTION_ROLE),
      violations: [{ messageId: "sameRole", path: "/taskRoleArn", data: { role: EXECUTION_ROLE } }],
    },
    {
      name: "the same role by name and by ARN with a path",
      resource: roles(
        "ecsTaskExecutionRole",
        "arn:aws:iam::123456789012:role/service-role/ecsTaskExecutionRole",
      ),
      violations: [{ messageId: "sameRole", path: "/taskRoleArn", data: { role: "ecsTaskExecutionRole" } }],
    },
    {
      name: "role names ignore case",
      resource: roles("arn:aws:iam::123456789012:role/AppRole", "arn:aws:iam::123456789012:role/approle"),
      violations: [{ messageId: "sameRole", path: "/taskRoleArn" }],
    },
    ...fromSamples("real sample cases", () => [
      {
        name: "New Relic FireLens example using the execution role as task role (real sample)",
        resource: sampleTaskDefinition("aws-samples__amazon-ecs-firelens-examples__newrelic"),
        violations: [
          {
            messageId: "sameRole" as const,
            path: "/taskRoleArn",
            data: { role: "arn:aws:iam::aws_account_id:role/ecsTaskExecutionRole" },
          },
        ],
      },
    ]),
  ],
  unknown: [
    {
      name: "task role from an unresolved intrinsic",
      resource: roles(intrinsic("/taskRoleArn"), EXECUTION_ROLE),
      observations: [{ messageId: "unresolved", path: "/taskRoleArn" }],
    },
    {
      name: "execution role from an unresolved intrinsic",
      resource: roles(TASK_ROLE, intrinsic("/executionRoleArn")),
      observations: [{ messageId: "unresolved", path: "/executionRoleArn" }],
    },
    ...fromSamples("real sample cases", () => [
      {
        name: "CloudWatch agent template: both roles behind Fn::If (real sample)",
        resource: templateTaskDefinition(
          "aws-samples__amazon-cloudwatch-container-insights__cwagent-ecs-instance-metric-cfn.json",
          "ECSTaskDefinition",
        ),
        observations: [{ messageId: "unresolved" as const, path: "/taskRoleArn" }],
      },
    ]),
  ],
});
