import type { TaskDefinition } from "../../shared/model/types.ts";
import executionRoleForSecrets from "../../shared/policies/execution-role-for-secrets.ts";
import { containerDefinition, intrinsic, taskDefinition } from "../helpers/builders.ts";
import { policyTester } from "../helpers/policy-tester.ts";
import { sampleCloudFormationResource, sampleTaskDefinition } from "../helpers/samples.ts";
import { fromSamples } from "../helpers/shared-data.ts";

const ROLE = "/executionRoleArn";
const EXECUTION_ROLE = "arn:aws:iam::123456789012:role/ecsTaskExecutionRole";
const SECRET = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:db-AbCdEf";
const AWSLOGS = { logDriver: "awslogs", options: { "awslogs-group": "/ecs/web" } };

/** A task definition declared in a real CloudFormation template of ../shared/data/cfn. */
function templateTaskDefinition(file: string, logicalId: string): TaskDefinition {
  const { resource } = sampleCloudFormationResource(file, logicalId);
  if (resource.kind !== "TaskDefinition") throw new Error(`${logicalId} in ${file} is no task definition`);
  return resource;
}

/** A task definition whose only container has the overrides, by default Fargate-only and without an execution role. */
const container = (overrides: Record<string, unknown>, taskOverrides: Record<string, unknown> = {}) =>
  taskDefinition({ containerDefinitions: [containerDefinition(overrides)], ...taskOverrides });
const onEc2 = { requiresCompatibilities: ["EC2"], networkMode: "bridge" };
const PUBLIC_IMAGE = "public.ecr.aws/nginx/nginx:1.25";

policyTester.run(executionRoleForSecrets, {
  valid: [
    {
      name: "Fargate task with a public image and no logs needs none",
      resource: container({ image: PUBLIC_IMAGE }),
    },
    {
      name: "secrets with an execution role",
      resource: container(
        { secrets: [{ name: "DB", valueFrom: SECRET }] },
        { executionRoleArn: EXECUTION_ROLE },
      ),
    },
    {
      name: "Fargate with awslogs and ECR with an execution role",
      resource: container({ logConfiguration: AWSLOGS }, { executionRoleArn: EXECUTION_ROLE }),
    },
    {
      name: "awslogs and ECR on EC2 use the instance role",
      resource: container({ logConfiguration: AWSLOGS }, onEc2),
    },
    { name: "empty secrets", resource: container({ image: PUBLIC_IMAGE, secrets: [] }) },
    {
      name: "an unresolved execution role without needs",
      resource: container({ image: PUBLIC_IMAGE }, { executionRoleArn: intrinsic(ROLE) }),
    },
    ...fromSamples("real sample cases", () => [
      {
        name: "sensitive data tutorial: secrets with an execution role (real sample)",
        resource: sampleTaskDefinition(
          "awsdocs__amazon-ecs-developer-guide__specifying-sensitive-data-tutorial-L80",
        ),
      },
      {
        name: "awslogs docs example on EC2 without an execution role (real sample)",
        resource: sampleTaskDefinition("awsdocs__amazon-ecs-developer-guide__using_awslogs-L115"),
      },
      {
        name: "scheduled task template: awslogs on EC2 (real sample)",
        resource: templateTaskDefinition(
          "aws-cloudformation__aws-cloudformation-templates__ECS_Schedule_Example.yaml",
          "TaskDefinition",
        ),
      },
    ]),
  ],
  invalid: [
    {
      name: "secrets without an execution role, even on EC2",
      resource: container({ secrets: [{ name: "DB", valueFrom: SECRET }] }, onEc2),
      violations: [
        {
          messageId: "missingExecutionRole",
          path: ROLE,
          data: { container: "app", need: "references secrets" },
        },
      ],
    },
    {
      name: "repository credentials",
      resource: container(
        { image: "ghcr.io/team/app:1", repositoryCredentials: { credentialsParameter: SECRET } },
        onEc2,
      ),
      violations: [
        {
          messageId: "missingExecutionRole",
          path: ROLE,
          data: { container: "app", need: "pulls its image with repositoryCredentials" },
        },
      ],
    },
    {
      name: "log secret options",
      resource: container(
        {
          logConfiguration: {
            logDriver: "splunk",
            secretOptions: [{ name: "splunk-token", valueFrom: SECRET }],
          },
        },
        onEc2,
      ),
      violations: [
        {
          messageId: "missingExecutionRole",
          path: ROLE,
          data: { container: "app", need: "references log secretOptions" },
        },
      ],
    },
    {
      name: "private ECR image on Fargate",
      resource: taskDefinition(),
      violations: [
        {
          messageId: "missingExecutionRole",
          path: ROLE,
          data: { container: "app", need: "pulls a private ECR image on Fargate" },
        },
      ],
    },
    {
      name: "awslogs on Fargate, with an empty execution role",
      resource: container({ image: PUBLIC_IMAGE, logConfiguration: AWSLOGS }, { executionRoleArn: "" }),
      violations: [
        {
          messageId: "missingExecutionRole",
          path: ROLE,
          data: { container: "app", need: "logs with awslogs on Fargate" },
        },
      ],
    },
    {
      name: "every need of every container, EC2 and Fargate",
      resource: taskDefinition({
        requiresCompatibilities: ["EC2", "FARGATE"],
        containerDefinitions: [
          containerDefinition({ secrets: [{ name: "DB", valueFrom: SECRET }], logConfiguration: AWSLOGS }),
          containerDefinition({ name: "sidecar", image: PUBLIC_IMAGE }),
        ],
      }),
      violations: [
        {
          messageId: "missingExecutionRole",
          path: ROLE,
          data: { container: "app", need: "references secrets" },
        },
        {
          messageId: "missingExecutionRole",
          path: ROLE,
          data: { container: "app", need: "logs with awslogs on Fargate" },
        },
        {
          messageId: "missingExecutionRole",
          path: ROLE,
          data: { container: "app", need: "pulls a private ECR image on Fargate" },
        },
      ],
    },
  ],
  unknown: [
    {
      name: "an unresolved execution role with needs",
      resource: container(
        { secrets: [{ name: "DB", valueFrom: SECRET }] },
        { executionRoleArn: intrinsic(ROLE) },
      ),
      observations: [{ messageId: "unresolved", path: ROLE }],
    },
    {
      name: "secrets from an unresolved intrinsic",
      resource: container({ image: PUBLIC_IMAGE, secrets: intrinsic("/containerDefinitions/0/secrets") }),
      observations: [{ messageId: "unresolved", path: "/containerDefinitions/0/secrets" }],
    },
    {
      name: "compatibilities from an unresolved intrinsic with awslogs",
      resource: container(
        { image: PUBLIC_IMAGE, logConfiguration: AWSLOGS },
        { requiresCompatibilities: intrinsic("/requiresCompatibilities") },
      ),
      observations: [{ messageId: "unresolved", path: "/requiresCompatibilities" }],
    },
    {
      name: "log configuration from an unresolved intrinsic",
      resource: container({
        image: PUBLIC_IMAGE,
        logConfiguration: intrinsic("/containerDefinitions/0/logConfiguration"),
      }),
      observations: [{ messageId: "unresolved", path: "/containerDefinitions/0/logConfiguration" }],
    },
    {
      name: "unresolved container",
      resource: taskDefinition({ containerDefinitions: [intrinsic("/containerDefinitions/0")] }),
      observations: [{ messageId: "unresolved", path: "/containerDefinitions/0" }],
    },
    ...fromSamples("real sample cases", () => [
      {
        name: "Prowler template: execution role from a parameter, awslogs on Fargate (real sample)",
        resource: templateTaskDefinition(
          "prowler-cloud__prowler__CF-Prowler-ECS.yml",
          "ProwlerECSTaskDefinition",
        ),
        observations: [{ messageId: "unresolved" as const, path: ROLE }],
      },
    ]),
  ],
});
