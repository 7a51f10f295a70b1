import type { TaskDefinition } from "../../shared/model/types.ts";
import taskRoleDefined from "../../shared/policies/task-role-defined.ts";
import { intrinsic, taskDefinition } from "../helpers/builders.ts";
import { policyTester } from "../helpers/policy-tester.ts";
import { sampleCloudFormationResource, sampleTaskDefinition } from "../helpers/samples.ts";
import { fromSamples } from "../helpers/shared-data.ts";

const ROLE = "arn:aws:iam::123456789012:role/web-task";

/** A task definition declared in a real CloudFormation template of ../shared/data/cfn. */
function templateTaskDefinition(file: string, logicalId: string): TaskDefinition {
  const { resource } = sampleCloudFormationResource(file, logicalId);
  if (resource.kind !== "TaskDefinition") throw new Error(`${logicalId} in ${file} is no task definition`);
  return resource;
}

policyTester.run(taskRoleDefined, {
  valid: [
    { name: "task role ARN", resource: taskDefinition({ taskRoleArn: ROLE }) },
    { name: "task role by name", resource: taskDefinition({ taskRoleArn: "web-task" }) },
    ...fromSamples("real sample cases", () => [
      {
        name: "Datadog FireLens example with a task role (real sample)",
        resource: sampleTaskDefinition("aws-samples__amazon-ecs-firelens-examples__datadog"),
      },
    ]),
  ],
  invalid: [
    {
      name: "no task role",
      resource: taskDefinition(),
      violations: [{ messageId: "noTaskRole", path: "/taskRoleArn" }],
    },
    {
      name: "empty task role",
      resource: taskDefinition({ taskRoleArn: "" }),
      violations: [{ messageId: "noTaskRole", path: "/taskRoleArn" }],
    },
    {
      name: "an execution role is no task role",
      resource: taskDefinition({ executionRoleArn: ROLE }),
      violations: [{ messageId: "noTaskRole", path: "/taskRoleArn" }],
    },
    ...fromSamples("real sample cases", () => [
      {
        name: "Fargate docs example with only an execution role (real sample)",
        resource: sampleTaskDefinition("awsdocs__amazon-ecs-developer-guide__AWS_Fargate-L136"),
        violations: [{ messageId: "noTaskRole" as const, path: "/taskRoleArn" }],
      },
    ]),
  ],
  unknown: [
    {
      name: "task role from an unresolved intrinsic",
      resource: taskDefinition({ taskRoleArn: intrinsic("/taskRoleArn") }),
      observations: [{ messageId: "unresolved", path: "/taskRoleArn" }],
    },
    ...fromSamples("real sample cases", () => [
      {
        name: "CloudFormation template: task role behind Fn::If (real sample)",
        resource: templateTaskDefinition(
          "aws-cloudformation__aws-cloudformation-templates__FargateLaunchType-public-service.yaml",
          "TaskDefinition",
        ),
        observations: [
          {
            messageId: "unresolved" as const,
            path: "/taskRoleArn",
            data: { reason: "Fn::If on condition HasCustomRole cannot be resolved offline" },
          },
        ],
      },
    ]),
  ],
});
