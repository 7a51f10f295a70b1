import noHostNetworkMode from "../../shared/policies/no-host-network-mode.ts";
import { intrinsic, taskDefinition } from "../helpers/builders.ts";
import { policyTester } from "../helpers/policy-tester.ts";
import { sampleTaskDefinition } from "../helpers/samples.ts";
import { fromSamples } from "../helpers/shared-data.ts";

policyTester.run(noHostNetworkMode, {
  valid: [
    { name: "awsvpc", resource: taskDefinition() },
    { name: "bridge", resource: taskDefinition({ networkMode: "bridge", requiresCompatibilities: ["EC2"] }) },
    { name: "none", resource: taskDefinition({ networkMode: "none", requiresCompatibilities: ["EC2"] }) },
    {
      name: "not set (bridge on Linux EC2)",
      resource: taskDefinition({ networkMode: undefined, requiresCompatibilities: undefined }),
    },
  ],
  invalid: [
    {
      name: "host",
      resource: taskDefinition({ networkMode: "host", requiresCompatibilities: ["EC2"] }),
      violations: [{ messageId: "hostNetwork", path: "/networkMode" }],
    },
    ...fromSamples("real sample cases", () => [
      {
        name: "ECS agent introspection validator (real sample)",
        resource: sampleTaskDefinition(
          "aws__amazon-ecs-agent__functional-tests-agent-introspection-validator",
        ),
        violations: [{ messageId: "hostNetwork" as const, path: "/networkMode" }],
      },
    ]),
  ],
  unknown: [
    {
      name: "network mode from an unresolved intrinsic",
      resource: taskDefinition({ networkMode: intrinsic("/networkMode") }),
      observations: [{ messageId: "unresolved", path: "/networkMode" }],
    },
  ],
});
