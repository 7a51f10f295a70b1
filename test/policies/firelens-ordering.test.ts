import firelensOrdering from "../../shared/policies/firelens-ordering.ts";
import { containerDefinition, intrinsic, taskDefinition } from "../helpers/builders.ts";
import { policyTester } from "../helpers/policy-tester.ts";
import { sampleTaskDefinition } from "../helpers/samples.ts";
import { fromSamples } from "../helpers/shared-data.ts";

const DEPENDS_ON = "/containerDefinitions/1/dependsOn";

const router = (overrides: Record<string, unknown> = {}) =>
  containerDefinition({ name: "log_router", firelensConfiguration: { type: "fluentbit" }, ...overrides });
const sender = (dependsOn?: unknown, overrides: Record<string, unknown> = {}) =>
  containerDefinition({
    logConfiguration: { logDriver: "awsfirelens", options: { Name: "cloudwatch" } },
    dependsOn,
    ...overrides,
  });
/** A bridge-mode task definition on EC2 with the given containers. */
const bridge = (containerDefinitions: unknown, networkMode: unknown = "bridge") =>
  taskDefinition({ networkMode, requiresCompatibilities: ["EC2"], containerDefinitions });

policyTester.run(firelensOrdering, {
  valid: [
    {
      name: "depends on the router's start",
      resource: bridge([router(), sender([{ containerName: "log_router", condition: "START" }])]),
    },
    {
      name: "depends on the router being healthy, among other dependencies",
      resource: bridge([
        router(),
        sender([
          { containerName: "envoy", condition: "HEALTHY" },
          { containerName: "log_router", condition: "HEALTHY" },
        ]),
      ]),
    },
    ...fromSamples("real sample cases", () => [
      {
        name: "ECS agent FireLens test in bridge mode, HEALTHY dependency (real sample)",
        resource: sampleTaskDefinition("aws__amazon-ecs-agent__functional-tests-firelens-fluentbit-s3"),
      },
    ]),
  ],
  invalid: [
    {
      name: "no dependency",
      resource: bridge([router(), sender()]),
      violations: [
        { messageId: "notOrdered", path: DEPENDS_ON, data: { container: "app", router: "log_router" } },
      ],
    },
    {
      name: "no network mode is bridge",
      resource: taskDefinition({
        networkMode: undefined,
        requiresCompatibilities: undefined,
        containerDefinitions: [router(), sender()],
      }),
      violations: [{ messageId: "notOrdered", path: DEPENDS_ON }],
    },
    {
      name: "COMPLETE does not wait for a running router",
      resource: bridge([router(), sender([{ containerName: "log_router", condition: "COMPLETE" }])]),
      violations: [{ messageId: "notOrdered", path: DEPENDS_ON }],
    },
    {
      name: "a dependency on another container only",
      resource: bridge([router(), sender([{ containerName: "envoy", condition: "HEALTHY" }])]),
      violations: [{ messageId: "notOrdered", path: DEPENDS_ON }],
    },
    {
      name: "awsfirelens without any log router",
      resource: bridge([containerDefinition({ name: "init" }), sender()]),
      violations: [{ messageId: "noLogRouter", path: DEPENDS_ON, data: { container: "app", router: "" } }],
    },
    ...fromSamples("real sample cases", () => [
      {
        name: "Datadog FireLens example without a network mode or dependency (real sample)",
        resource: sampleTaskDefinition("aws-samples__amazon-ecs-firelens-examples__datadog"),
        violations: [
          {
            messageId: "notOrdered" as const,
            path: DEPENDS_ON,
            data: { container: "app", router: "log_router" },
          },
        ],
      },
    ]),
  ],
  unknown: [
    {
      name: "network mode from an unresolved intrinsic",
      resource: bridge([router(), sender()], intrinsic("/networkMode")),
      observations: [{ messageId: "unresolved", path: "/networkMode" }],
    },
    {
      name: "dependencies from an unresolved intrinsic",
      resource: bridge([router(), sender(intrinsic(DEPENDS_ON))]),
      observations: [{ messageId: "unresolved", path: DEPENDS_ON }],
    },
    {
      name: "an unresolved dependency",
      resource: bridge([router(), sender([intrinsic(`${DEPENDS_ON}/0`)])]),
      observations: [{ messageId: "unresolved", path: `${DEPENDS_ON}/0` }],
    },
    {
      name: "a dependency's condition from an unresolved intrinsic",
      resource: bridge([
        router(),
        sender([{ containerName: "log_router", condition: intrinsic(`${DEPENDS_ON}/0/condition`) }]),
      ]),
      observations: [{ messageId: "unresolved", path: `${DEPENDS_ON}/0/condition` }],
    },
    {
      name: "the router's name from an unresolved intrinsic",
      resource: bridge([
        router({ name: intrinsic("/containerDefinitions/0/name") }),
        sender([{ containerName: "log_router", condition: "START" }]),
      ]),
      observations: [{ messageId: "unresolved", path: "/containerDefinitions/0/name" }],
    },
    {
      name: "an unresolved container that may be the router",
      resource: bridge([intrinsic("/containerDefinitions/0"), sender()]),
      observations: [{ messageId: "unresolved", path: "/containerDefinitions/0" }],
    },
    {
      name: "log driver from an unresolved intrinsic",
      resource: bridge([router(), containerDefinition({ logConfiguration: { logDriver: intrinsic("/x") } })]),
      observations: [{ messageId: "unresolved", path: "/x" }],
    },
  ],
  notApplicable: [
    { name: "awsvpc", resource: bridge([router(), sender()], "awsvpc"), messageId: "notBridge" },
    {
      name: "no container logs through FireLens",
      resource: bridge([router(), containerDefinition()]),
      messageId: "noFirelens",
    },
    ...fromSamples("real sample cases", () => [
      {
        name: "Logstash FireLens example in awsvpc mode (real sample)",
        resource: sampleTaskDefinition("aws-samples__amazon-ecs-firelens-examples__logstash"),
        messageId: "notBridge" as const,
      },
      {
        name: "awslogs docs example without FireLens (real sample)",
        resource: sampleTaskDefinition("awsdocs__amazon-ecs-developer-guide__using_awslogs-L115"),
        messageId: "noFirelens" as const,
      },
    ]),
  ],
});
