import { serviceFromApi } from "../../shared/model/service.ts";
import type { Service } from "../../shared/model/types.ts";
import deploymentConfiguration from "../../shared/policies/deployment-configuration.ts";
import { intrinsic, service } from "../helpers/builders.ts";
import { policyTester } from "../helpers/policy-tester.ts";
import { sampleCloudFormationResource } from "../helpers/samples.ts";
import { fromSamples, readSharedJson } from "../helpers/shared-data.ts";

const MINIMUM = "/deploymentConfiguration/minimumHealthyPercent";
const MAXIMUM = "/deploymentConfiguration/maximumPercent";

const percentages = (
  minimumHealthyPercent: unknown,
  maximumPercent: unknown,
  extra: Record<string, unknown> = {},
) => service({ deploymentConfiguration: { minimumHealthyPercent, maximumPercent }, ...extra });

const daemon = (deploymentConfiguration?: unknown) =>
  service({
    schedulingStrategy: "DAEMON",
    launchType: "EC2",
    desiredCount: undefined,
    deploymentConfiguration,
  });

function templateService(file: string, logicalId: string): Service {
  const { resource } = sampleCloudFormationResource(file, logicalId);
  if (resource.kind !== "Service") throw new Error(`${file} has no service ${logicalId}`);
  return resource;
}

function documentedService(): Service {
  const { examples } = readSharedJson("aws-models/ecs_2014-11-13_examples-1.json") as {
    examples: { DescribeServices: { output: { services: unknown[] } }[] };
  };
  return serviceFromApi(examples.DescribeServices[0]?.output.services[0]);
}

policyTester.run(deploymentConfiguration, {
  valid: [
    { name: "no deployment configuration (defaults 100/200)", resource: service() },
    { name: "minimum 50, maximum 200", resource: percentages(50, 200) },
    { name: "minimum 100, maximum 150", resource: percentages(100, 150) },
    { name: "minimum 0, maximum 100: stop first, then start", resource: percentages(0, 100) },
    { name: "only minimum 100 (maximum defaults to 200)", resource: percentages(100, undefined) },
    { name: "DAEMON without a configuration (minimum defaults to 0)", resource: daemon() },
    { name: "DAEMON with minimum 50", resource: daemon({ minimumHealthyPercent: 50, maximumPercent: 100 }) },
    ...fromSamples("real sample cases", () => [
      {
        name: "Fargate public service template with 75/200 (real sample)",
        resource: templateService(
          "aws-cloudformation__aws-cloudformation-templates__FargateLaunchType-public-service.yaml",
          "Service",
        ),
      },
      {
        name: "CloudWatch agent DAEMON service template (real sample)",
        resource: templateService(
          "aws-samples__amazon-cloudwatch-container-insights__cwagent-ecs-instance-metric-cfn.json",
          "ECSDaemonService",
        ),
      },
      {
        name: "documented DescribeServices example with 100/200 (real sample)",
        resource: documentedService(),
      },
    ]),
  ],
  invalid: [
    {
      name: "minimum 100, maximum 100",
      resource: percentages(100, 100),
      violations: [
        {
          messageId: "cannotProgress",
          path: "/deploymentConfiguration",
          data: { minimum: 100, maximum: 100 },
        },
      ],
    },
    {
      name: "only maximum 100 (minimum defaults to 100)",
      resource: percentages(undefined, 100),
      violations: [{ messageId: "cannotProgress", path: "/deploymentConfiguration" }],
    },
    {
      name: "the seed's maximum 20 typo",
      resource: percentages(50, 20),
      violations: [{ messageId: "maximumBelowDesired", path: MAXIMUM, data: { maximum: 20 } }],
    },
    {
      name: "maximum below 100 with minimum 100",
      resource: percentages(100, 50),
      violations: [
        { messageId: "maximumBelowDesired", path: MAXIMUM },
        {
          messageId: "cannotProgress",
          path: "/deploymentConfiguration",
          data: { minimum: 100, maximum: 50 },
        },
      ],
    },
    {
      name: "DAEMON with minimum 100",
      resource: daemon({ minimumHealthyPercent: 100, maximumPercent: 100 }),
      violations: [{ messageId: "daemonCannotProgress", path: MINIMUM, data: { minimum: 100 } }],
    },
  ],
  unknown: [
    {
      name: "minimum from an unresolved intrinsic",
      resource: percentages(intrinsic(MINIMUM), 100),
      observations: [{ messageId: "unresolved", path: MINIMUM }],
    },
    {
      name: "maximum from an unresolved intrinsic",
      resource: percentages(100, intrinsic(MAXIMUM)),
      observations: [{ messageId: "unresolved", path: MAXIMUM }],
    },
    {
      name: "scheduling strategy from an unresolved intrinsic",
      resource: percentages(100, 100, { schedulingStrategy: intrinsic("/schedulingStrategy") }),
      observations: [{ messageId: "unresolved", path: "/schedulingStrategy" }],
    },
    {
      name: "deployment configuration from an unresolved intrinsic",
      resource: service({ deploymentConfiguration: intrinsic("/deploymentConfiguration") }),
      observations: [{ messageId: "unresolved", path: "/deploymentConfiguration" }],
    },
    {
      name: "a percentage that is not a number",
      resource: percentages("half", 200),
      observations: [{ messageId: "unresolved", path: MINIMUM }],
    },
  ],
  notApplicable: [
    {
      name: "blue/green through CodeDeploy",
      resource: percentages(100, 100, { deploymentController: { type: "CODE_DEPLOY" } }),
      messageId: "notRollingUpdate",
    },
  ],
});
