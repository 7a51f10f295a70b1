import { describe, expect, it } from "vitest";
import { EMPTY_CONFIG, parametersOf } from "../../shared/engine/config.ts";
import { OFFLINE_LOOKUPS } from "../../shared/engine/lookups.ts";
import stopTimeout from "../../shared/policies/stop-timeout.ts";
import { containerDefinition, intrinsic, taskDefinition } from "../helpers/builders.ts";
import { policyTester } from "../helpers/policy-tester.ts";
import { sampleTaskDefinition } from "../helpers/samples.ts";
import { fromSamples } from "../helpers/shared-data.ts";

type Parameters = { readonly minimumSeconds: number };

/** The policy with fixed parameters: the table runner calls `evaluate` without a context. */
function withParameters(parameters: Parameters, label: string): typeof stopTimeout {
  return {
    ...stopTimeout,
    id: `${stopTimeout.id} (${label})`,
    evaluate: (resource) => stopTimeout.evaluate(resource, { parameters, lookups: OFFLINE_LOOKUPS }),
  };
}

const TIMEOUT = "/containerDefinitions/0/stopTimeout";

const stopping = (seconds: unknown, requiresCompatibilities: unknown = ["FARGATE"]) =>
  taskDefinition({
    requiresCompatibilities,
    containerDefinitions: [containerDefinition({ stopTimeout: seconds })],
  });

policyTester.run(withParameters(parametersOf(stopTimeout, EMPTY_CONFIG) as Parameters, "defaults"), {
  valid: [
    { name: "absent: the 30 s default meets the default minimum", resource: stopping(undefined) },
    { name: "exactly the minimum", resource: stopping(30) },
    { name: "Fargate's maximum", resource: stopping(120) },
    { name: "above 120 s on EC2", resource: stopping(300, ["EC2"]) },
    {
      name: "above 120 s without compatibilities: EC2",
      resource: taskDefinition({
        requiresCompatibilities: undefined,
        containerDefinitions: [containerDefinition({ stopTimeout: 600 })],
      }),
    },
    { name: "above 120 s with an empty compatibility list: EC2", resource: stopping(900, []) },
    {
      name: "undecided compatibilities do not matter up to 120 s",
      resource: stopping(90, intrinsic("/requiresCompatibilities")),
    },
    ...fromSamples("real sample cases", () => [
      {
        name: "FireLens App Mesh example with default timeouts (real sample)",
        resource: sampleTaskDefinition("aws-samples__amazon-ecs-firelens-examples__parse-envoy-app-mesh"),
      },
    ]),
  ],
  invalid: [
    {
      name: "below the minimum",
      resource: stopping(10),
      violations: [
        { messageId: "belowMinimum", path: TIMEOUT, data: { container: "app", seconds: 10, minimum: 30 } },
      ],
    },
    {
      name: "above Fargate's maximum",
      resource: stopping(121),
      violations: [
        { messageId: "aboveFargateMaximum", path: TIMEOUT, data: { container: "app", seconds: 121 } },
      ],
    },
    {
      name: "above Fargate's maximum when EC2 and Fargate compatible",
      resource: stopping(600, ["EC2", "FARGATE"]),
      violations: [{ messageId: "aboveFargateMaximum", path: TIMEOUT }],
    },
    {
      name: "only the container below the minimum, next to an undecided one",
      resource: taskDefinition({
        containerDefinitions: [
          containerDefinition({ stopTimeout: intrinsic(TIMEOUT) }),
          containerDefinition({ name: "worker", stopTimeout: 60 }),
          containerDefinition({ name: "sidecar", stopTimeout: "2" }),
        ],
      }),
      violations: [
        { messageId: "unresolved", path: TIMEOUT },
        {
          messageId: "belowMinimum",
          path: "/containerDefinitions/2/stopTimeout",
          data: { container: "sidecar", seconds: 2, minimum: 30 },
        },
      ],
    },
  ],
  unknown: [
    {
      name: "stopTimeout from an unresolved intrinsic",
      resource: stopping(intrinsic(TIMEOUT)),
      observations: [{ messageId: "unresolved", path: TIMEOUT }],
    },
    {
      name: "above 120 s with undecided compatibilities",
      resource: stopping(300, [intrinsic("/requiresCompatibilities/0")]),
      observations: [{ messageId: "unresolved", path: "/requiresCompatibilities/0" }],
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

policyTester.run(withParameters({ minimumSeconds: 60 }, "minimumSeconds 60"), {
  valid: [{ name: "exactly the configured minimum", resource: stopping(60) }],
  invalid: [
    {
      name: "absent: the 30 s default is below the configured minimum",
      resource: stopping(undefined),
      violations: [
        { messageId: "defaultBelowMinimum", path: TIMEOUT, data: { container: "app", minimum: 60 } },
      ],
    },
    {
      name: "the old default set explicitly",
      resource: stopping(30),
      violations: [
        { messageId: "belowMinimum", path: TIMEOUT, data: { container: "app", seconds: 30, minimum: 60 } },
      ],
    },
  ],
});

policyTester.run(withParameters({ minimumSeconds: 2 }, "minimumSeconds 2"), {
  valid: [
    { name: "Fargate's shortest timeout", resource: stopping(2) },
    { name: "absent", resource: stopping(undefined) },
  ],
  invalid: [
    {
      name: "no time at all",
      resource: stopping(0),
      violations: [{ messageId: "belowMinimum", path: TIMEOUT }],
    },
  ],
});

describe("stop-timeout parameters", () => {
  it("accept whole seconds from 2 to 120", () => {
    const schema = stopTimeout.parameters?.minimumSeconds.schema;
    expect([2, 30, 120, 1, 121, 30.5, "30"].map((value) => schema?.safeParse(value).success)).toEqual([
      true,
      true,
      true,
      false,
      false,
      false,
      false,
    ]);
  });
});
