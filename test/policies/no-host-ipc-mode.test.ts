import noHostIpcMode from "../../shared/policies/no-host-ipc-mode.ts";
import { intrinsic, taskDefinition } from "../helpers/builders.ts";
import { policyTester } from "../helpers/policy-tester.ts";
import { sampleTaskDefinition } from "../helpers/samples.ts";
import { fromSamples } from "../helpers/shared-data.ts";

const onEc2 = (ipcMode: unknown) =>
  taskDefinition({ ipcMode, networkMode: "bridge", requiresCompatibilities: ["EC2"] });

policyTester.run(noHostIpcMode, {
  valid: [
    { name: "ipcMode not set", resource: taskDefinition() },
    { name: "ipcMode task", resource: onEc2("task") },
    { name: "ipcMode none", resource: onEc2("none") },
    { name: "pidMode host is another policy's concern", resource: taskDefinition({ pidMode: "host" }) },
    ...fromSamples("real sample cases", () => [
      {
        name: "task definition template with ipcMode task (real sample)",
        resource: sampleTaskDefinition("awsdocs__amazon-ecs-developer-guide__task-definition-template-L5"),
      },
    ]),
  ],
  invalid: [
    {
      name: "ipcMode host",
      resource: onEc2("host"),
      violations: [{ messageId: "hostIpc", path: "/ipcMode" }],
    },
  ],
  unknown: [
    {
      name: "ipcMode from an unresolved intrinsic",
      resource: onEc2(intrinsic("/ipcMode")),
      observations: [{ messageId: "unresolved", path: "/ipcMode" }],
    },
  ],
});
