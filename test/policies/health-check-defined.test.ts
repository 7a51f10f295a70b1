import healthCheckDefined from "../../shared/policies/health-check-defined.ts";
import {
  containerDefinition,
  intrinsic,
  taskDefinition,
  taskDefinitionWithContainer,
} from "../helpers/builders.ts";
import { policyTester } from "../helpers/policy-tester.ts";
import { sampleTaskDefinition } from "../helpers/samples.ts";
import { fromSamples } from "../helpers/shared-data.ts";

const COMMAND = "/containerDefinitions/0/healthCheck/command";

const checking = (command: unknown, extra: Record<string, unknown> = {}) =>
  taskDefinitionWithContainer({ healthCheck: { command, interval: 10 }, ...extra });

policyTester.run(healthCheckDefined, {
  valid: [
    { name: "CMD-SHELL", resource: checking(["CMD-SHELL", "curl -f http://localhost/ || exit 1"]) },
    { name: "CMD", resource: checking(["CMD", "/bin/healthcheck"]) },
    {
      name: "a non-essential container needs none",
      resource: taskDefinitionWithContainer({ essential: false }),
    },
    ...fromSamples("real sample cases", () => [
      {
        name: "ECS agent task metadata validator with a health check (real sample)",
        resource: sampleTaskDefinition(
          "aws__amazon-ecs-agent__functional-tests-taskmetadata-validator-awsvpc",
        ),
      },
    ]),
  ],
  invalid: [
    {
      name: "no health check",
      resource: taskDefinition(),
      violations: [{ messageId: "missing", path: COMMAND, data: { container: "app" } }],
    },
    {
      name: "essential absent means true",
      resource: taskDefinitionWithContainer({ essential: undefined }),
      violations: [{ messageId: "missing", path: COMMAND }],
    },
    {
      name: "a health check without a command",
      resource: taskDefinitionWithContainer({ healthCheck: { interval: 5 } }),
      violations: [{ messageId: "missing", path: COMMAND }],
    },
    {
      name: "an empty command",
      resource: checking([]),
      violations: [{ messageId: "missing", path: COMMAND }],
    },
    {
      name: "NONE disables the check",
      resource: checking(["NONE"]),
      violations: [{ messageId: "disabled", path: COMMAND, data: { container: "app" } }],
    },
    {
      name: "a command without CMD or CMD-SHELL",
      resource: checking(["curl", "-f", "http://localhost/"]),
      violations: [{ messageId: "notACommand", path: COMMAND, data: { container: "app", first: "curl" } }],
    },
    {
      name: "a check missing next to an undecided one",
      resource: taskDefinition({
        containerDefinitions: [
          containerDefinition({ essential: intrinsic("/containerDefinitions/0/essential") }),
          containerDefinition({ name: "web" }),
        ],
      }),
      violations: [
        { messageId: "unresolved", path: "/containerDefinitions/0/essential" },
        {
          messageId: "missing",
          path: "/containerDefinitions/1/healthCheck/command",
          data: { container: "web" },
        },
      ],
    },
    ...fromSamples("real sample cases", () => [
      {
        name: "App Mesh gateway example: the app has no health check, envoy has (real sample)",
        resource: sampleTaskDefinition("awsdocs__amazon-ecs-developer-guide__example_task_definitions-L245"),
        violations: [{ messageId: "missing" as const, path: COMMAND, data: { container: "app" } }],
      },
      {
        name: "FireLens App Mesh example: only envoy has a health check (real sample)",
        resource: sampleTaskDefinition("aws-samples__amazon-ecs-firelens-examples__parse-envoy-app-mesh"),
        violations: [
          { messageId: "missing" as const, path: COMMAND, data: { container: "log_router" } },
          {
            messageId: "missing" as const,
            path: "/containerDefinitions/1/healthCheck/command",
            data: { container: "app" },
          },
        ],
      },
    ]),
  ],
  unknown: [
    {
      name: "essential from an unresolved intrinsic",
      resource: taskDefinitionWithContainer({ essential: intrinsic("/containerDefinitions/0/essential") }),
      observations: [{ messageId: "unresolved", path: "/containerDefinitions/0/essential" }],
    },
    {
      name: "healthCheck from an unresolved intrinsic",
      resource: taskDefinitionWithContainer({
        healthCheck: intrinsic("/containerDefinitions/0/healthCheck"),
      }),
      observations: [{ messageId: "unresolved", path: "/containerDefinitions/0/healthCheck" }],
    },
    {
      name: "command from an unresolved intrinsic",
      resource: checking(intrinsic(COMMAND)),
      observations: [{ messageId: "unresolved", path: COMMAND }],
    },
    {
      name: "first command element unresolved",
      resource: checking([intrinsic(`${COMMAND}/0`), "curl -f http://localhost/"]),
      observations: [{ messageId: "unresolved", path: `${COMMAND}/0` }],
    },
  ],
  notApplicable: [
    {
      name: "no container definitions",
      resource: taskDefinition({ containerDefinitions: [] }),
      messageId: "noContainers",
    },
  ],
});
