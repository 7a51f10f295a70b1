import containerMemoryLimit from "../../shared/policies/container-memory-limit.ts";
import { containerDefinition, intrinsic, taskDefinition } from "../helpers/builders.ts";
import { policyTester } from "../helpers/policy-tester.ts";
import { sampleTaskDefinition } from "../helpers/samples.ts";
import { fromSamples } from "../helpers/shared-data.ts";

const MEMORY = "/containerDefinitions/0/memory";
const WINDOWS = { operatingSystemFamily: "WINDOWS_SERVER_2022_CORE" };

/** An EC2 task definition with the given task-level memory and containers. */
const onEc2 = (memory: unknown, containers: Record<string, unknown>[], extra: Record<string, unknown> = {}) =>
  taskDefinition({
    requiresCompatibilities: ["EC2"],
    networkMode: "bridge",
    cpu: undefined,
    memory,
    containerDefinitions: containers.map((overrides) => containerDefinition(overrides)),
    ...extra,
  });

policyTester.run(containerMemoryLimit, {
  valid: [
    { name: "task-level memory caps every container", resource: onEc2("512", [{}, { name: "sidecar" }]) },
    { name: "task-level memory in GB", resource: onEc2("1 GB", [{ memoryReservation: 128 }]) },
    {
      name: "every container has a hard limit",
      resource: onEc2(undefined, [{ memory: 256 }, { name: "b", memory: "128" }]),
    },
    {
      name: "a hard limit next to a reservation",
      resource: onEc2(undefined, [{ memory: 512, memoryReservation: 256 }]),
    },
    {
      name: "Windows containers with their own limits",
      resource: onEc2("1024", [{ memory: 1024 }], { runtimePlatform: WINDOWS }),
    },
    {
      name: "undecided task memory does not matter when every container has a limit",
      resource: onEc2(intrinsic("/memory"), [{ memory: 256 }]),
    },
    ...fromSamples("real sample cases", () => [
      {
        name: "CloudWatch agent daemon with task-level memory (real sample)",
        resource: sampleTaskDefinition(
          "aws-samples__amazon-cloudwatch-container-insights__cwagent-ecs-instance-metric-daemon",
        ),
      },
      {
        name: "GPU docs example with a container limit (real sample)",
        resource: sampleTaskDefinition("awsdocs__amazon-ecs-developer-guide__ecs-gpu-L102"),
      },
    ]),
  ],
  invalid: [
    {
      name: "no memory anywhere",
      resource: onEc2(undefined, [{}]),
      violations: [{ messageId: "noMemory", path: MEMORY, data: { container: "app" } }],
    },
    {
      name: "only a reservation",
      resource: onEc2(undefined, [{ memoryReservation: 128 }]),
      violations: [
        { messageId: "reservationOnly", path: MEMORY, data: { container: "app", reservation: 128 } },
      ],
    },
    {
      name: "memory 0 is no limit",
      resource: onEc2(undefined, [{ memory: 0 }]),
      violations: [{ messageId: "noMemory", path: MEMORY }],
    },
    {
      name: "a blank task-level memory is none",
      resource: onEc2("", [{}]),
      violations: [{ messageId: "noMemory", path: MEMORY }],
    },
    {
      name: "only the containers without a hard limit",
      resource: onEc2(undefined, [{ memory: 256 }, { name: "sidecar", memoryReservation: 64 }]),
      violations: [
        {
          messageId: "reservationOnly",
          path: "/containerDefinitions/1/memory",
          data: { container: "sidecar", reservation: 64 },
        },
      ],
    },
    {
      name: "no compatibilities declared: EC2",
      resource: taskDefinition({ requiresCompatibilities: undefined, memory: undefined }),
      violations: [{ messageId: "noMemory", path: MEMORY }],
    },
    {
      name: "EC2 and Fargate compatible",
      resource: onEc2(undefined, [{}], { requiresCompatibilities: ["EC2", "FARGATE"] }),
      violations: [{ messageId: "noMemory", path: MEMORY }],
    },
    {
      name: "ECS Anywhere",
      resource: onEc2(undefined, [{}], { requiresCompatibilities: ["EXTERNAL"] }),
      violations: [{ messageId: "noMemory", path: MEMORY }],
    },
    {
      name: "Windows ignores task-level memory",
      resource: onEc2("2048", [{ memoryReservation: 512 }], { runtimePlatform: WINDOWS }),
      violations: [{ messageId: "windowsNoMemory", path: MEMORY, data: { container: "app" } }],
    },
    {
      name: "a container without a limit fails next to an undecided one",
      resource: onEc2(undefined, [{ memory: intrinsic(MEMORY) }, { name: "b" }]),
      violations: [
        { messageId: "unresolved", path: MEMORY },
        { messageId: "noMemory", path: "/containerDefinitions/1/memory" },
      ],
    },
    ...fromSamples("real sample cases", () => [
      {
        name: "FireLens Datadog example reserves memory without limits (real sample)",
        resource: sampleTaskDefinition("aws-samples__amazon-ecs-firelens-examples__datadog"),
        violations: [
          {
            messageId: "reservationOnly" as const,
            path: MEMORY,
            data: { container: "log_router", reservation: 50 },
          },
          {
            messageId: "reservationOnly" as const,
            path: "/containerDefinitions/1/memory",
            data: { container: "app", reservation: 100 },
          },
        ],
      },
    ]),
  ],
  unknown: [
    {
      name: "task memory from an unresolved intrinsic",
      resource: onEc2(intrinsic("/memory"), [{}]),
      observations: [{ messageId: "unresolved", path: "/memory" }],
    },
    {
      name: "container memory from an unresolved intrinsic",
      resource: onEc2(undefined, [{ memory: intrinsic(MEMORY) }]),
      observations: [{ messageId: "unresolved", path: MEMORY }],
    },
    {
      name: "operating system undecided: task-level memory may be ignored",
      resource: onEc2("512", [{}], {
        runtimePlatform: { operatingSystemFamily: intrinsic("/runtimePlatform/operatingSystemFamily") },
      }),
      observations: [{ messageId: "unresolved", path: "/runtimePlatform/operatingSystemFamily" }],
    },
    {
      name: "compatibilities from an unresolved intrinsic",
      resource: onEc2(undefined, [{}], { requiresCompatibilities: intrinsic("/requiresCompatibilities") }),
      observations: [{ messageId: "unresolved", path: "/requiresCompatibilities" }],
    },
  ],
  notApplicable: [
    { name: "Fargate only", resource: taskDefinition({ memory: undefined }), messageId: "fargateOnly" },
    {
      name: "no container definitions",
      resource: onEc2(undefined, []),
      messageId: "noContainers",
    },
    ...fromSamples("real sample cases", () => [
      {
        name: "Fargate docs example (real sample)",
        resource: sampleTaskDefinition("awsdocs__amazon-ecs-developer-guide__AWS_Fargate-L136"),
        messageId: "fargateOnly" as const,
      },
    ]),
  ],
});
