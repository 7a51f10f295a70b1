import noInstanceMetadataAccess from "../../shared/policies/no-instance-metadata-access.ts";
import { intrinsic, taskDefinition } from "../helpers/builders.ts";
import { policyTester } from "../helpers/policy-tester.ts";
import { sampleTaskDefinition } from "../helpers/samples.ts";
import { fromSamples } from "../helpers/shared-data.ts";

const onEc2 = (networkMode: unknown, extra: Record<string, unknown> = {}) =>
  taskDefinition({ networkMode, requiresCompatibilities: ["EC2"], ...extra });

policyTester.run(noInstanceMetadataAccess, {
  valid: [
    { name: "Fargate only: no EC2 instance to reach", resource: taskDefinition() },
    {
      name: "ECS Anywhere only",
      resource: taskDefinition({ requiresCompatibilities: ["EXTERNAL"], networkMode: "bridge" }),
    },
    { name: "network mode none on EC2", resource: onEc2("none") },
    ...fromSamples("real sample cases", () => [
      {
        name: "FireLens App Mesh example on Fargate (real sample)",
        resource: sampleTaskDefinition("aws-samples__amazon-ecs-firelens-examples__parse-envoy-app-mesh"),
      },
    ]),
  ],
  invalid: [
    {
      name: "host network mode: always",
      resource: onEc2("host"),
      violations: [{ messageId: "hostNetwork", path: "/networkMode" }],
    },
    {
      name: "bridge on EC2",
      resource: onEc2("bridge"),
      violations: [{ messageId: "bridgeNetwork", path: "/networkMode", data: { mode: "bridge" } }],
    },
    {
      name: "no network mode: bridge by default",
      resource: onEc2(undefined),
      violations: [
        { messageId: "bridgeNetwork", path: "/networkMode", data: { mode: "bridge (the default)" } },
      ],
    },
    {
      name: "awsvpc on EC2",
      resource: onEc2("awsvpc"),
      violations: [{ messageId: "awsvpcNetwork", path: "/networkMode" }],
    },
    {
      name: "awsvpc compatible with both EC2 and Fargate",
      resource: taskDefinition({ requiresCompatibilities: ["EC2", "FARGATE"] }),
      violations: [{ messageId: "awsvpcNetwork", path: "/networkMode" }],
    },
    {
      name: "no compatibilities declared: may run on EC2",
      resource: taskDefinition({ requiresCompatibilities: undefined }),
      violations: [{ messageId: "awsvpcNetwork", path: "/networkMode" }],
    },
    {
      name: "ECS Managed Instances are EC2 instances",
      resource: taskDefinition({ requiresCompatibilities: ["MANAGED_INSTANCES"] }),
      violations: [{ messageId: "awsvpcNetwork", path: "/networkMode" }],
    },
    ...fromSamples("real sample cases", () => [
      {
        name: "DL1 docs example in host mode (real sample)",
        resource: sampleTaskDefinition("awsdocs__amazon-ecs-developer-guide__ecs-dl1-L39"),
        violations: [{ messageId: "hostNetwork" as const, path: "/networkMode" }],
      },
    ]),
  ],
  unknown: [
    {
      name: "Windows on EC2 depends on the instance",
      resource: onEc2("awsvpc", { runtimePlatform: { operatingSystemFamily: "WINDOWS_SERVER_2022_FULL" } }),
      observations: [{ messageId: "windows", path: "/runtimePlatform/operatingSystemFamily" }],
    },
    {
      name: "network mode from an unresolved intrinsic",
      resource: onEc2(intrinsic("/networkMode")),
      observations: [{ messageId: "unresolved", path: "/networkMode" }],
    },
    {
      name: "compatibilities from an unresolved intrinsic",
      resource: taskDefinition({ requiresCompatibilities: intrinsic("/requiresCompatibilities") }),
      observations: [{ messageId: "unresolved", path: "/requiresCompatibilities" }],
    },
    {
      name: "one compatibility unresolved",
      resource: taskDefinition({ requiresCompatibilities: [intrinsic("/requiresCompatibilities/0")] }),
      observations: [{ messageId: "unresolved", path: "/requiresCompatibilities/0" }],
    },
  ],
});
