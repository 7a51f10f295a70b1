import { serviceFromApi } from "../../shared/model/service.ts";
import type { Service } from "../../shared/model/types.ts";
import deploymentCircuitBreaker from "../../shared/policies/deployment-circuit-breaker.ts";
import { intrinsic, service } from "../helpers/builders.ts";
import { policyTester } from "../helpers/policy-tester.ts";
import { sampleCloudFormationResource } from "../helpers/samples.ts";
import { fromSamples, readSharedJson } from "../helpers/shared-data.ts";

const BREAKER = "/deploymentConfiguration/deploymentCircuitBreaker";

const withBreaker = (deploymentCircuitBreaker: unknown, extra: Record<string, unknown> = {}) =>
  service({ deploymentConfiguration: { deploymentCircuitBreaker }, ...extra });

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

policyTester.run(deploymentCircuitBreaker, {
  valid: [
    { name: "circuit breaker with rollback", resource: withBreaker({ enable: true, rollback: true }) },
    {
      name: "explicit ECS deployment controller",
      resource: withBreaker({ enable: true, rollback: true }, { deploymentController: { type: "ECS" } }),
    },
  ],
  invalid: [
    {
      name: "no deployment configuration (breaker off by default)",
      resource: service(),
      violations: [
        { messageId: "breakerOff", path: `${BREAKER}/enable`, data: { value: "not set" } },
        { messageId: "rollbackOff", path: `${BREAKER}/rollback`, data: { value: "not set" } },
      ],
    },
    {
      name: "breaker without rollback",
      resource: withBreaker({ enable: true, rollback: false }),
      violations: [{ messageId: "rollbackOff", path: `${BREAKER}/rollback`, data: { value: "false" } }],
    },
    {
      name: "rollback without the breaker",
      resource: withBreaker({ enable: false, rollback: true }),
      violations: [{ messageId: "breakerOff", path: `${BREAKER}/enable`, data: { value: "false" } }],
    },
    {
      name: "percentages without a breaker",
      resource: service({ deploymentConfiguration: { minimumHealthyPercent: 50, maximumPercent: 200 } }),
      violations: [
        { messageId: "breakerOff", path: `${BREAKER}/enable` },
        { messageId: "rollbackOff", path: `${BREAKER}/rollback` },
      ],
    },
    ...fromSamples("real sample cases", () => [
      {
        name: "EC2 private service template (real sample)",
        resource: templateService(
          "aws-cloudformation__aws-cloudformation-templates__EC2LaunchType-private-service.json",
          "Service",
        ),
        violations: [
          { messageId: "breakerOff" as const, path: `${BREAKER}/enable` },
          { messageId: "rollbackOff" as const, path: `${BREAKER}/rollback` },
        ],
      },
      {
        name: "documented DescribeServices example (real sample)",
        resource: documentedService(),
        violations: [
          { messageId: "breakerOff" as const, path: `${BREAKER}/enable` },
          { messageId: "rollbackOff" as const, path: `${BREAKER}/rollback` },
        ],
      },
    ]),
  ],
  unknown: [
    {
      name: "enable from an unresolved intrinsic",
      resource: withBreaker({ enable: intrinsic(`${BREAKER}/enable`), rollback: true }),
      observations: [{ messageId: "unresolved", path: `${BREAKER}/enable` }],
    },
    {
      name: "circuit breaker from an unresolved intrinsic",
      resource: withBreaker(intrinsic(BREAKER)),
      observations: [{ messageId: "unresolved", path: BREAKER }],
    },
    {
      name: "deployment configuration from an unresolved intrinsic",
      resource: service({ deploymentConfiguration: intrinsic("/deploymentConfiguration") }),
      observations: [{ messageId: "unresolved", path: "/deploymentConfiguration" }],
    },
    {
      name: "deployment controller from an unresolved intrinsic",
      resource: service({ deploymentController: { type: intrinsic("/deploymentController/type") } }),
      observations: [{ messageId: "unresolved", path: "/deploymentController/type" }],
    },
  ],
  notApplicable: [
    {
      name: "blue/green through CodeDeploy",
      resource: service({ deploymentController: { type: "CODE_DEPLOY" } }),
      messageId: "notRollingUpdate",
    },
    {
      name: "external deployment controller",
      resource: service({ deploymentController: { type: "EXTERNAL" } }),
      messageId: "notRollingUpdate",
    },
  ],
});
