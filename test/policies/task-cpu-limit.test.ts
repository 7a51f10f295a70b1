import taskCpuLimit from "../../shared/policies/task-cpu-limit.ts";
import { containerDefinition, intrinsic, taskDefinition } from "../helpers/builders.ts";
import { policyTester } from "../helpers/policy-tester.ts";
import { sampleTaskDefinition } from "../helpers/samples.ts";
import { fromSamples } from "../helpers/shared-data.ts";

const CPU = "/containerDefinitions/0/cpu";
const WINDOWS = { operatingSystemFamily: "WINDOWS_SERVER_2019_FULL" };

/** An EC2 task definition with the given task-level cpu and containers. */
const onEc2 = (cpu: unknown, containers: Record<string, unknown>[], extra: Record<string, unknown> = {}) =>
  taskDefinition({
    requiresCompatibilities: ["EC2"],
    networkMode: "bridge",
    cpu,
    memory: undefined,
    containerDefinitions: containers.map((overrides) => containerDefinition(overrides)),
    ...extra,
  });

policyTester.run(taskCpuLimit, {
  valid: [
    { name: "task-level cpu", resource: onEc2("512", [{}, { name: "sidecar" }]) },
    { name: "task-level cpu in vCPU", resource: onEc2("1 vCPU", [{}]) },
    {
      name: "every container sets cpu",
      resource: onEc2(undefined, [{ cpu: 256 }, { name: "b", cpu: "128" }]),
    },
    {
      name: "Windows containers with their own cpu",
      resource: onEc2("1024", [{ cpu: 1024 }], { runtimePlatform: WINDOWS }),
    },
    {
      name: "undecided task cpu does not matter when every container sets cpu",
      resource: onEc2(intrinsic("/cpu"), [{ cpu: 64 }]),
    },
    ...fromSamples("real sample cases", () => [
      {
        name: "DL1 docs example with task-level cpu (real sample)",
        resource: sampleTaskDefinition("awsdocs__amazon-ecs-developer-guide__ecs-dl1-L39"),
      },
      {
        name: "GPU docs example with container cpu (real sample)",
        resource: sampleTaskDefinition("awsdocs__amazon-ecs-developer-guide__ecs-gpu-L102"),
      },
    ]),
  ],
  invalid: [
    {
      name: "no cpu anywhere",
      resource: onEc2(undefined, [{}]),
      violations: [{ messageId: "noCpu", path: CPU, data: { container: "app" } }],
    },
    {
      name: "cpu 0 reserves nothing",
      resource: onEc2(undefined, [{ cpu: 0 }]),
      violations: [{ messageId: "noCpu", path: CPU }],
    },
    {
      name: "a blank task-level cpu is none",
      resource: onEc2(" ", [{}]),
      violations: [{ messageId: "noCpu", path: CPU }],
    },
    {
      name: "only the containers without cpu",
      resource: onEc2(undefined, [{ cpu: 256 }, { name: "sidecar" }]),
      violations: [
        { messageId: "noCpu", path: "/containerDefinitions/1/cpu", data: { container: "sidecar" } },
      ],
    },
    {
      name: "ECS Anywhere",
      resource: onEc2(undefined, [{}], { requiresCompatibilities: ["EXTERNAL"] }),
      violations: [{ messageId: "noCpu", path: CPU }],
    },
    {
      name: "Windows ignores task-level cpu",
      resource: onEc2("2048", [{}], { runtimePlatform: WINDOWS }),
      violations: [{ messageId: "windowsNoCpu", path: CPU, data: { container: "app" } }],
    },
    {
      name: "Windows without any cpu",
      resource: onEc2(undefined, [{ cpu: 0 }], { runtimePlatform: WINDOWS }),
      violations: [{ messageId: "windowsNoCpu", path: CPU }],
    },
    ...fromSamples("real sample cases", () => [
      {
        name: "VT1 docs example with cpu 0 and no task-level cpu (real sample)",
        resource: sampleTaskDefinition("awsdocs__amazon-ecs-developer-guide__ecs-vt1-L57"),
        violations: [{ messageId: "noCpu" as const, path: CPU, data: { container: "xilinix-xffmpeg" } }],
      },
    ]),
  ],
  unknown: [
    {
      name: "task cpu from an unresolved intrinsic",
      resource: onEc2(intrinsic("/cpu"), [{}]),
      observations: [{ messageId: "unresolved", path: "/cpu" }],
    },
    {
      name: "container cpu from an unresolved intrinsic",
      resource: onEc2(undefined, [{ cpu: intrinsic(CPU) }]),
      observations: [{ messageId: "unresolved", path: CPU }],
    },
    {
      name: "operating system undecided: task-level cpu may be ignored",
      resource: onEc2("256", [{}], {
        runtimePlatform: { operatingSystemFamily: intrinsic("/runtimePlatform/operatingSystemFamily") },
      }),
      observations: [{ messageId: "unresolved", path: "/runtimePlatform/operatingSystemFamily" }],
    },
  ],
  notApplicable: [
    { name: "Fargate only", resource: taskDefinition({ cpu: undefined }), messageId: "fargateOnly" },
    { name: "no container definitions", resource: onEc2(undefined, []), messageId: "noContainers" },
  ],
});
