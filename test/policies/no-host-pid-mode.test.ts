import noHostPidMode from "../../shared/policies/no-host-pid-mode.ts";
import { intrinsic, taskDefinition } from "../helpers/builders.ts";
import { policyTester } from "../helpers/policy-tester.ts";
import { sampleTaskDefinition } from "../helpers/samples.ts";
import { fromSamples } from "../helpers/shared-data.ts";

policyTester.run(noHostPidMode, {
  valid: [
    { name: "pidMode not set", resource: taskDefinition() },
    { name: "pidMode task", resource: taskDefinition({ pidMode: "task" }) },
    ...fromSamples("real sample cases", () => [
      {
        name: "task definition template with pidMode task (real sample)",
        resource: sampleTaskDefinition("awsdocs__amazon-ecs-developer-guide__task-definition-template-L5"),
      },
    ]),
  ],
  invalid: [
    {
      name: "pidMode host",
      resource: taskDefinition({ pidMode: "host", networkMode: "bridge", requiresCompatibilities: ["EC2"] }),
      violations: [{ messageId: "hostPid", path: "/pidMode" }],
    },
  ],
  unknown: [
    {
      name: "pidMode from an unresolved intrinsic",
      resource: taskDefinition({ pidMode: intrinsic("/pidMode") }),
      observations: [{ messageId: "unresolved", path: "/pidMode" }],
    },
  ],
});
