import type { Service } from "../../shared/model/types.ts";
import serviceRedundancy from "../../shared/policies/service-redundancy.ts";
import { intrinsic, service } from "../helpers/builders.ts";
import { policyTester } from "../helpers/policy-tester.ts";
import { sampleCloudFormationResource } from "../helpers/samples.ts";
import { fromSamples } from "../helpers/shared-data.ts";

function templateService(file: string, logicalId: string): Service {
  const { resource } = sampleCloudFormationResource(file, logicalId);
  if (resource.kind !== "Service") throw new Error(`${file} has no service ${logicalId}`);
  return resource;
}

policyTester.run(serviceRedundancy, {
  valid: [
    { name: "two tasks", resource: service() },
    {
      name: "explicit REPLICA with three tasks",
      resource: service({ schedulingStrategy: "REPLICA", desiredCount: 3 }),
    },
    ...fromSamples("real sample cases", () => [
      {
        name: "EC2 private service template with the default of two tasks (real sample)",
        resource: templateService(
          "aws-cloudformation__aws-cloudformation-templates__EC2LaunchType-private-service.json",
          "Service",
        ),
      },
    ]),
  ],
  invalid: [
    {
      name: "a single task",
      resource: service({ desiredCount: 1 }),
      violations: [{ messageId: "singleTask", path: "/desiredCount", data: { desired: 1 } }],
    },
    {
      name: "desiredCount not set: CloudFormation starts one task",
      resource: service({ desiredCount: undefined }),
      violations: [{ messageId: "desiredCountNotSet", path: "/desiredCount" }],
    },
    ...fromSamples("real sample cases", () => [
      {
        name: "ECS schedule example service with DesiredCount 1 (real sample)",
        resource: templateService(
          "aws-cloudformation__aws-cloudformation-templates__ECS_Schedule_Example.yaml",
          "Service",
        ),
        violations: [{ messageId: "singleTask" as const, path: "/desiredCount", data: { desired: 1 } }],
      },
    ]),
  ],
  unknown: [
    {
      name: "desiredCount from an unresolved intrinsic",
      resource: service({ desiredCount: intrinsic("/desiredCount") }),
      observations: [{ messageId: "unresolved", path: "/desiredCount" }],
    },
    {
      name: "scheduling strategy from an unresolved intrinsic",
      resource: service({ schedulingStrategy: intrinsic("/schedulingStrategy"), desiredCount: 1 }),
      observations: [{ messageId: "unresolved", path: "/schedulingStrategy" }],
    },
  ],
  notApplicable: [
    {
      name: "DAEMON service",
      resource: service({ schedulingStrategy: "DAEMON", launchType: "EC2", desiredCount: undefined }),
      messageId: "daemon",
    },
    { name: "scaled to zero", resource: service({ desiredCount: 0 }), messageId: "scaledToZero" },
    ...fromSamples("real sample cases", () => [
      {
        name: "CloudWatch agent DAEMON service template (real sample)",
        resource: templateService(
          "aws-samples__amazon-cloudwatch-container-insights__cwagent-ecs-instance-metric-cfn.json",
          "ECSDaemonService",
        ),
        messageId: "daemon" as const,
      },
    ]),
  ],
});
