import type { TaskDefinition } from "../../shared/model/types.ts";
import awsvpcNetworkMode from "../../shared/policies/awsvpc-network-mode.ts";
import { intrinsic, taskDefinition } from "../helpers/builders.ts";
import { policyTester } from "../helpers/policy-tester.ts";
import { sampleCloudFormationResource, sampleTaskDefinition } from "../helpers/samples.ts";
import { fromSamples } from "../helpers/shared-data.ts";

/** A task definition declared in a real CloudFormation template of ../shared/data/cfn. */
function templateTaskDefinition(file: string, logicalId: string): TaskDefinition {
  const { resource } = sampleCloudFormationResource(file, logicalId);
  if (resource.kind !== "TaskDefinition") throw new Error(`${logicalId} in ${file} is no task definition`);
  return resource;
}

const onEc2 = (networkMode: unknown, requiresCompatibilities: unknown = ["EC2"]) =>
  taskDefinition({ networkMode, requiresCompatibilities });

policyTester.run(awsvpcNetworkMode, {
  valid: [
    { name: "awsvpc on EC2", resource: onEc2("awsvpc") },
    { name: "awsvpc with empty compatibilities (EC2)", resource: onEc2("awsvpc", []) },
    { name: "awsvpc on EC2 and Fargate", resource: onEc2("awsvpc", ["EC2", "FARGATE"]) },
    {
      name: "awsvpc without compatibilities",
      resource: taskDefinition({ requiresCompatibilities: undefined }),
    },
    { name: "awsvpc on ECS Managed Instances", resource: onEc2("awsvpc", ["MANAGED_INSTANCES"]) },
    ...fromSamples("real sample cases", () => [
      {
        name: "ECS Exec example in awsvpc for EC2 and Fargate (real sample)",
        resource: sampleTaskDefinition("awsdocs__amazon-ecs-developer-guide__ecs-exec-L80"),
      },
    ]),
  ],
  invalid: [
    {
      name: "bridge on EC2",
      resource: onEc2("bridge"),
      violations: [{ messageId: "bridge", path: "/networkMode", data: { mode: "bridge" } }],
    },
    {
      name: "no network mode: bridge by default",
      resource: onEc2(undefined),
      violations: [
        {
          messageId: "bridge",
          path: "/networkMode",
          data: { mode: "not set (bridge by default; NAT on Windows)" },
        },
      ],
    },
    {
      name: "no network mode and empty compatibilities (EC2)",
      resource: onEc2(undefined, []),
      violations: [{ messageId: "bridge", path: "/networkMode" }],
    },
    {
      name: "network mode none",
      resource: onEc2("none"),
      violations: [{ messageId: "noNetwork", path: "/networkMode" }],
    },
    {
      name: "bridge on EC2 and ECS Anywhere",
      resource: onEc2("bridge", ["EC2", "EXTERNAL"]),
      violations: [{ messageId: "bridge", path: "/networkMode" }],
    },
    {
      name: "bridge on ECS Managed Instances",
      resource: onEc2("bridge", ["MANAGED_INSTANCES"]),
      violations: [{ messageId: "bridge", path: "/networkMode" }],
    },
    ...fromSamples("real sample cases", () => [
      {
        name: "CloudWatch agent daemon in bridge mode (real sample)",
        resource: sampleTaskDefinition(
          "aws-samples__amazon-cloudwatch-container-insights__cwagent-ecs-instance-metric-daemon",
        ),
        violations: [{ messageId: "bridge" as const, path: "/networkMode", data: { mode: "bridge" } }],
      },
      {
        name: "scheduled task template without a network mode (real sample)",
        resource: templateTaskDefinition(
          "aws-cloudformation__aws-cloudformation-templates__ECS_Schedule_Example.yaml",
          "TaskDefinition",
        ),
        violations: [{ messageId: "bridge" as const, path: "/networkMode" }],
      },
    ]),
  ],
  unknown: [
    {
      name: "network mode from an unresolved intrinsic",
      resource: onEc2(intrinsic("/networkMode")),
      observations: [{ messageId: "unresolved", path: "/networkMode" }],
    },
    {
      name: "compatibilities from an unresolved intrinsic",
      resource: onEc2("bridge", intrinsic("/requiresCompatibilities")),
      observations: [{ messageId: "unresolved", path: "/requiresCompatibilities" }],
    },
    {
      name: "one compatibility unresolved",
      resource: onEc2("bridge", ["FARGATE", intrinsic("/requiresCompatibilities/1")]),
      observations: [{ messageId: "unresolved", path: "/requiresCompatibilities/1" }],
    },
  ],
  notApplicable: [
    { name: "host mode is judged by no-host-network-mode", resource: onEc2("host"), messageId: "hostMode" },
    { name: "Fargate only", resource: taskDefinition(), messageId: "fargateOrAnywhere" },
    { name: "ECS Anywhere only", resource: onEc2("bridge", ["EXTERNAL"]), messageId: "fargateOrAnywhere" },
    ...fromSamples("real sample cases", () => [
      {
        name: "ECS Anywhere docs example in bridge mode (real sample)",
        resource: sampleTaskDefinition("awsdocs__amazon-ecs-developer-guide__ecs-anywhere-runtask-L17"),
        messageId: "fargateOrAnywhere" as const,
      },
      {
        name: "DL1 docs example in host mode (real sample)",
        resource: sampleTaskDefinition("awsdocs__amazon-ecs-developer-guide__ecs-dl1-L39"),
        messageId: "hostMode" as const,
      },
    ]),
  ],
});
