import taskSetFargatePlatformVersion from "../../shared/policies/task-set-fargate-platform-version.ts";
import { PLATFORM_VERSION_PATH } from "../../shared/policies/utils/fargate-platform.ts";
import { intrinsic, taskSet } from "../helpers/builders.ts";
import { policyTester } from "../helpers/policy-tester.ts";

const STRATEGY = "/capacityProviderStrategy";

/** A task set as DescribeTaskSets returns it, with the platform family ECS resolved. */
const described = (platformVersion: unknown, platformFamily: unknown) =>
  taskSet({ platformVersion, platformFamily });

const placedBy = (capacityProvider: unknown, platformVersion: unknown) =>
  taskSet({
    launchType: undefined,
    capacityProviderStrategy: [{ capacityProvider, weight: 1 }],
    platformVersion,
  });

// No real task set in ../shared/data pins a platform version, so this table has no sample case.
policyTester.run(taskSetFargatePlatformVersion, {
  valid: [
    { name: "CreateTaskSet without a platform version: LATEST is used", resource: taskSet() },
    { name: "LATEST", resource: taskSet({ platformVersion: "LATEST" }) },
    {
      name: "1.4.0 without a platform family (only Linux has it)",
      resource: taskSet({ platformVersion: "1.4.0" }),
    },
    { name: "Linux on 1.4.0", resource: described("1.4.0", "LINUX") },
    { name: "Windows on 1.0.0", resource: described("1.0.0", "WINDOWS_SERVER_2019_CORE") },
    { name: "Windows on LATEST", resource: described("LATEST", "WINDOWS_SERVER_2022_FULL") },
    { name: "FARGATE_SPOT capacity provider on LATEST", resource: placedBy("FARGATE_SPOT", "LATEST") },
  ],
  invalid: [
    {
      name: "Linux on 1.3.0",
      resource: described("1.3.0", "LINUX"),
      violations: [
        {
          messageId: "outdated",
          path: PLATFORM_VERSION_PATH,
          data: { version: "1.3.0", latest: "1.4.0 (Linux) or 1.0.0 (Windows)" },
        },
      ],
    },
    {
      name: "Linux on 1.0.0",
      resource: described("1.0.0", "LINUX"),
      violations: [
        {
          messageId: "outdated",
          path: PLATFORM_VERSION_PATH,
          data: { version: "1.0.0", latest: "1.4.0 (LINUX)" },
        },
      ],
    },
    {
      name: "Windows on 1.4.0, as Security Hub's ECS.10 judges it",
      resource: described("1.4.0", "WINDOWS_SERVER_2019_FULL"),
      violations: [
        {
          messageId: "outdated",
          path: PLATFORM_VERSION_PATH,
          data: { version: "1.4.0", latest: "1.0.0 (WINDOWS_SERVER_2019_FULL)" },
        },
      ],
    },
    {
      name: "FARGATE capacity provider on 1.2.0",
      resource: placedBy("FARGATE", "1.2.0"),
      violations: [
        {
          messageId: "outdated",
          path: PLATFORM_VERSION_PATH,
          data: { version: "1.2.0", latest: "1.4.0 (Linux) or 1.0.0 (Windows)" },
        },
      ],
    },
  ],
  unknown: [
    {
      name: "1.0.0 without a platform family",
      resource: taskSet({ platformVersion: "1.0.0" }),
      observations: [{ messageId: "familyUnknown", path: PLATFORM_VERSION_PATH }],
    },
    {
      name: "platform version from an unresolved intrinsic",
      resource: taskSet({ platformVersion: intrinsic(PLATFORM_VERSION_PATH) }),
      observations: [{ messageId: "unresolved", path: PLATFORM_VERSION_PATH }],
    },
    {
      name: "platform family from an unresolved intrinsic",
      resource: described("1.0.0", intrinsic("/platformFamily")),
      observations: [{ messageId: "unresolved", path: "/platformFamily" }],
    },
    {
      name: "strategy item from an unresolved intrinsic",
      resource: taskSet({ launchType: undefined, capacityProviderStrategy: [intrinsic(`${STRATEGY}/0`)] }),
      observations: [{ messageId: "unresolved", path: `${STRATEGY}/0` }],
    },
  ],
  notApplicable: [
    {
      name: "EC2 launch type",
      resource: taskSet({ launchType: "EC2", platformVersion: "1.3.0" }),
      messageId: "notFargate",
    },
    {
      name: "neither launch type nor strategy (the cluster's default strategy is not visible)",
      resource: taskSet({ launchType: undefined }),
      messageId: "notFargate",
    },
  ],
});
