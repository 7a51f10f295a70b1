import type { TaskDefinition } from "../../shared/model/types.ts";
import noStaticHostPorts from "../../shared/policies/no-static-host-ports.ts";
import { containerDefinition, intrinsic, taskDefinition } from "../helpers/builders.ts";
import { policyTester } from "../helpers/policy-tester.ts";
import { sampleCloudFormationResource, sampleTaskDefinition } from "../helpers/samples.ts";
import { fromSamples } from "../helpers/shared-data.ts";

const HOST_PORT = "/containerDefinitions/0/portMappings/0/hostPort";

/** A task definition declared in a real CloudFormation template of ../shared/data/cfn. */
function templateTaskDefinition(file: string, logicalId: string): TaskDefinition {
  const { resource } = sampleCloudFormationResource(file, logicalId);
  if (resource.kind !== "TaskDefinition") throw new Error(`${logicalId} in ${file} is no task definition`);
  return resource;
}

/** A bridge-mode task definition on EC2 whose only container maps the given ports. */
const bridge = (portMappings: unknown, networkMode: unknown = "bridge") =>
  taskDefinition({
    networkMode,
    requiresCompatibilities: ["EC2"],
    containerDefinitions: [containerDefinition({ portMappings })],
  });

policyTester.run(noStaticHostPorts, {
  valid: [
    { name: "no port mappings", resource: bridge(undefined) },
    { name: "dynamic host port (unset)", resource: bridge([{ containerPort: 8080 }]) },
    { name: "dynamic host port (0)", resource: bridge([{ containerPort: 8080, hostPort: 0 }]) },
    ...fromSamples("real sample cases", () => [
      {
        name: "ECS agent FireLens test in bridge mode without ports (real sample)",
        resource: sampleTaskDefinition("aws__amazon-ecs-agent__functional-tests-firelens-fluentbit-s3"),
      },
    ]),
  ],
  invalid: [
    {
      name: "static host port",
      resource: bridge([{ containerPort: 8080, hostPort: 80 }]),
      violations: [
        {
          messageId: "staticHostPort",
          path: HOST_PORT,
          data: { container: "app", containerPort: 8080, hostPort: 80 },
        },
      ],
    },
    {
      name: "no network mode is bridge",
      resource: bridge([{ containerPort: 8080, hostPort: 8080 }], undefined),
      violations: [{ messageId: "staticHostPort", path: HOST_PORT }],
    },
    {
      name: "only the static mappings",
      resource: bridge([{ containerPort: 80 }, { containerPort: 443, hostPort: "443" }, { hostPort: 9000 }]),
      violations: [
        { messageId: "staticHostPort", path: "/containerDefinitions/0/portMappings/1/hostPort" },
        {
          messageId: "staticHostPort",
          path: "/containerDefinitions/0/portMappings/2/hostPort",
          data: { container: "app", containerPort: "(unknown)", hostPort: 9000 },
        },
      ],
    },
    ...fromSamples("real sample cases", () => [
      {
        name: "ECS Anywhere docs example maps host port 8080 (real sample)",
        resource: sampleTaskDefinition("awsdocs__amazon-ecs-developer-guide__ecs-anywhere-runtask-L17"),
        violations: [
          {
            messageId: "staticHostPort" as const,
            path: HOST_PORT,
            data: { container: "nginx", containerPort: 80, hostPort: 8080 },
          },
        ],
      },
      {
        name: "Checkov template in bridge mode with host port 80 (real sample)",
        resource: templateTaskDefinition(
          "bridgecrewio__checkov__graph-params-identical-defaults.yaml",
          "Pass",
        ),
        violations: [{ messageId: "staticHostPort" as const, path: HOST_PORT }],
      },
    ]),
  ],
  unknown: [
    {
      name: "host port from an unresolved intrinsic",
      resource: bridge([{ containerPort: 8080, hostPort: intrinsic(HOST_PORT) }]),
      observations: [{ messageId: "unresolved", path: HOST_PORT }],
    },
    {
      name: "port mappings from an unresolved intrinsic",
      resource: bridge(intrinsic("/containerDefinitions/0/portMappings")),
      observations: [{ messageId: "unresolved", path: "/containerDefinitions/0/portMappings" }],
    },
    {
      name: "unresolved port mapping",
      resource: bridge([intrinsic("/containerDefinitions/0/portMappings/0")]),
      observations: [{ messageId: "unresolved", path: "/containerDefinitions/0/portMappings/0" }],
    },
    {
      name: "network mode from an unresolved intrinsic",
      resource: bridge([{ containerPort: 80, hostPort: 80 }], intrinsic("/networkMode")),
      observations: [{ messageId: "unresolved", path: "/networkMode" }],
    },
  ],
  notApplicable: [
    {
      name: "awsvpc",
      resource: bridge([{ containerPort: 80, hostPort: 80 }], "awsvpc"),
      messageId: "notBridge",
    },
    { name: "host", resource: bridge([{ containerPort: 80, hostPort: 80 }], "host"), messageId: "notBridge" },
    {
      name: "bridge without container definitions",
      resource: taskDefinition({ networkMode: "bridge", containerDefinitions: [] }),
      messageId: "noContainers",
    },
    ...fromSamples("real sample cases", () => [
      {
        name: "Fargate docs example maps host port 80 in awsvpc mode (real sample)",
        resource: sampleTaskDefinition("awsdocs__amazon-ecs-developer-guide__AWS_Fargate-L136"),
        messageId: "notBridge" as const,
      },
    ]),
  ],
});
