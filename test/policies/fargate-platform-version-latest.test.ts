import { readFileSync } from "node:fs";
import { join } from "node:path";
import { parseDocument } from "../../cli/parse-document.ts";
import { ecsResourcesFromTemplate } from "../../shared/model/cloudformation.ts";
import type { Service } from "../../shared/model/types.ts";
import fargatePlatformVersionLatest from "../../shared/policies/fargate-platform-version-latest.ts";
import { intrinsic, service } from "../helpers/builders.ts";
import { policyTester } from "../helpers/policy-tester.ts";
import { fromSamples, SHARED_DATA_DIRECTORY } from "../helpers/shared-data.ts";

const PATH = "/platformVersion";

/** A service declared in a real template of ../shared/data/cfn. */
function templateService(file: string, logicalId: string): Service {
  const template = parseDocument(readFileSync(join(SHARED_DATA_DIRECTORY, "cfn", file), "utf8")).value;
  const found = ecsResourcesFromTemplate(template).find((declared) => declared.logicalId === logicalId);
  if (found?.resource.kind !== "Service") throw new Error(`${file} declares no service ${logicalId}`);
  return found.resource;
}

const onCapacityProviders = (...providers: unknown[]) =>
  service({
    launchType: undefined,
    capacityProviderStrategy: providers.map((capacityProvider) => ({ capacityProvider, weight: 1 })),
  });

policyTester.run(fargatePlatformVersionLatest, {
  valid: [
    { name: "no platform version: the API default is LATEST", resource: service() },
    { name: "LATEST", resource: service({ platformVersion: "LATEST" }) },
    { name: "1.4.0 without a platform family (Linux)", resource: service({ platformVersion: "1.4.0" }) },
    {
      name: "1.4.0 on Linux",
      resource: service({ platformVersion: "1.4.0", platformFamily: "LINUX" }),
    },
    {
      name: "1.0.0 on Windows",
      resource: service({ platformVersion: "1.0.0", platformFamily: "WINDOWS_SERVER_2019_CORE" }),
    },
    {
      name: "LATEST on Fargate Spot through a capacity provider strategy",
      resource: onCapacityProviders("FARGATE_SPOT", "FARGATE"),
    },
    {
      name: "a FARGATE provider decides beside an unresolved one",
      resource: onCapacityProviders(intrinsic("/capacityProviderStrategy/0/capacityProvider"), "FARGATE"),
    },
    {
      name: "the family does not matter for LATEST",
      resource: service({ platformVersion: "LATEST", platformFamily: intrinsic("/platformFamily") }),
    },
    ...fromSamples("real sample cases", () => [
      {
        name: "public Fargate service without a platform version (real sample)",
        resource: templateService(
          "aws-cloudformation__aws-cloudformation-templates__FargateLaunchType-public-service.yaml",
          "Service",
        ),
      },
    ]),
  ],
  invalid: [
    {
      name: "pinned 1.3.0",
      resource: service({ platformVersion: "1.3.0" }),
      violations: [
        {
          messageId: "outdated",
          path: PATH,
          data: { version: "1.3.0", latest: "1.4.0 (Linux) or 1.0.0 (Windows)" },
        },
      ],
    },
    {
      name: "pinned 1.3.0 whatever the family",
      resource: service({ platformVersion: "1.3.0", platformFamily: intrinsic("/platformFamily") }),
      violations: [{ messageId: "outdated", path: PATH }],
    },
    {
      name: "lower-case latest is not LATEST",
      resource: service({ platformVersion: "latest" }),
      violations: [
        {
          messageId: "outdated",
          path: PATH,
          data: { version: "latest", latest: "1.4.0 (Linux) or 1.0.0 (Windows)" },
        },
      ],
    },
    {
      name: "1.0.0 on Linux",
      resource: service({ platformVersion: "1.0.0", platformFamily: "LINUX" }),
      violations: [
        { messageId: "outdated", path: PATH, data: { version: "1.0.0", latest: "1.4.0 (LINUX)" } },
      ],
    },
    {
      name: "1.4.0 on Windows",
      resource: service({ platformVersion: "1.4.0", platformFamily: "WINDOWS_SERVER_2022_FULL" }),
      violations: [
        {
          messageId: "outdated",
          path: PATH,
          data: { version: "1.4.0", latest: "1.0.0 (WINDOWS_SERVER_2022_FULL)" },
        },
      ],
    },
    {
      name: "pinned 1.2.0 on a FARGATE capacity provider",
      resource: service({
        launchType: undefined,
        platformVersion: "1.2.0",
        capacityProviderStrategy: [{ capacityProvider: "FARGATE", weight: 1, base: 1 }],
      }),
      violations: [{ messageId: "outdated", path: PATH }],
    },
  ],
  unknown: [
    {
      name: "1.0.0 without a platform family: Windows passes, Linux fails",
      resource: service({ platformVersion: "1.0.0" }),
      observations: [{ messageId: "familyUnknown", path: PATH }],
    },
    {
      name: "1.0.0 with the family from an unresolved intrinsic",
      resource: service({ platformVersion: "1.0.0", platformFamily: intrinsic("/platformFamily") }),
      observations: [{ messageId: "unresolved", path: "/platformFamily" }],
    },
    {
      name: "platform version from an unresolved intrinsic",
      resource: service({ platformVersion: intrinsic(PATH) }),
      observations: [{ messageId: "unresolved", path: PATH }],
    },
    {
      name: "launch type from an unresolved intrinsic",
      resource: service({ launchType: intrinsic("/launchType"), platformVersion: "1.3.0" }),
      observations: [{ messageId: "unresolved", path: "/launchType" }],
    },
    {
      name: "capacity provider strategy from an unresolved intrinsic",
      resource: service({
        launchType: undefined,
        capacityProviderStrategy: intrinsic("/capacityProviderStrategy"),
      }),
      observations: [{ messageId: "unresolved", path: "/capacityProviderStrategy" }],
    },
    {
      name: "capacity provider from an unresolved intrinsic",
      resource: onCapacityProviders(intrinsic("/capacityProviderStrategy/0/capacityProvider")),
      observations: [{ messageId: "unresolved", path: "/capacityProviderStrategy/0/capacityProvider" }],
    },
  ],
  notApplicable: [
    {
      name: "EC2 launch type",
      resource: service({ launchType: "EC2", platformVersion: "1.3.0" }),
      messageId: "notFargate",
    },
    {
      name: "EC2 capacity provider",
      resource: onCapacityProviders("asg-provider"),
      messageId: "notFargate",
    },
    {
      name: "neither launch type nor strategy",
      resource: service({ launchType: undefined }),
      messageId: "notFargate",
    },
    {
      name: "launchType EXTERNAL decides even with an unresolved capacity provider",
      resource: service({
        launchType: "EXTERNAL",
        capacityProviderStrategy: [
          { capacityProvider: intrinsic("/capacityProviderStrategy/0/capacityProvider") },
        ],
      }),
      messageId: "notFargate",
    },
    ...fromSamples("real sample cases", () => [
      {
        name: "scheduled example service without a launch type (real sample)",
        resource: templateService(
          "aws-cloudformation__aws-cloudformation-templates__ECS_Schedule_Example.yaml",
          "Service",
        ),
        messageId: "notFargate" as const,
      },
      {
        name: "CloudWatch agent daemon service on EC2 (real sample)",
        resource: templateService(
          "aws-samples__amazon-cloudwatch-container-insights__cwagent-ecs-instance-metric-cfn.json",
          "ECSDaemonService",
        ),
        messageId: "notFargate" as const,
      },
    ]),
  ],
});
