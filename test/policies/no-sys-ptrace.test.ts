import { describe, expect, it } from "vitest";
import { EMPTY_CONFIG, parametersOf } from "../../shared/engine/config.ts";
import { OFFLINE_LOOKUPS } from "../../shared/engine/lookups.ts";
import noSysPtrace from "../../shared/policies/no-sys-ptrace.ts";
import {
  containerDefinition,
  intrinsic,
  taskDefinition,
  taskDefinitionWithContainer,
} from "../helpers/builders.ts";
import { policyTester } from "../helpers/policy-tester.ts";
import { sampleTaskDefinition } from "../helpers/samples.ts";
import { fromSamples } from "../helpers/shared-data.ts";

type Parameters = { readonly allowedImages: string[] };

/** The policy with fixed parameters: the table runner calls `evaluate` without a context. */
function withParameters(parameters: Parameters, label: string): typeof noSysPtrace {
  return {
    ...noSysPtrace,
    id: `${noSysPtrace.id} (${label})`,
    evaluate: (resource) => noSysPtrace.evaluate(resource, { parameters, lookups: OFFLINE_LOOKUPS }),
  };
}

const ADDED = "/containerDefinitions/0/linuxParameters/capabilities/add";
const FALCO = "public.ecr.aws/falcosecurity/falco:0.37.1";

const tracing = (image: unknown, add: unknown = ["SYS_PTRACE"]) =>
  taskDefinitionWithContainer({ image, linuxParameters: { capabilities: { add } } });

policyTester.run(withParameters(parametersOf(noSysPtrace, EMPTY_CONFIG) as Parameters, "defaults"), {
  valid: [
    { name: "no capabilities added", resource: taskDefinition() },
    { name: "other capabilities only", resource: tracing(FALCO, ["NET_BIND_SERVICE"]) },
    {
      name: "SYS_PTRACE dropped, not added",
      resource: taskDefinitionWithContainer({
        linuxParameters: { capabilities: { drop: ["SYS_PTRACE"] } },
      }),
    },
    ...fromSamples("real sample cases", () => [
      {
        name: "ECS agent add-drop-capabilities test adds SYS_ADMIN, not SYS_PTRACE (real sample)",
        resource: sampleTaskDefinition("aws__amazon-ecs-agent__functional-tests-add-drop-capabilities"),
      },
    ]),
  ],
  invalid: [
    {
      name: "SYS_PTRACE added, no image allowed by default",
      resource: tracing(FALCO),
      violations: [
        {
          messageId: "sysPtrace",
          path: `${ADDED}/0`,
          data: { container: "app", capability: "SYS_PTRACE", image: FALCO },
        },
      ],
    },
    ...["CAP_SYS_PTRACE", "sys_ptrace", "cap_sys_ptrace"].map((capability) => ({
      name: `"${capability}" as Docker reads it`,
      resource: tracing(FALCO, ["CHOWN", capability]),
      violations: [
        {
          messageId: "sysPtrace" as const,
          path: `${ADDED}/1`,
          data: { container: "app", capability, image: FALCO },
        },
      ],
    })),
    {
      name: "no image at all",
      resource: tracing(undefined),
      violations: [
        {
          messageId: "sysPtrace",
          path: `${ADDED}/0`,
          data: { container: "app", capability: "SYS_PTRACE", image: "(none)" },
        },
      ],
    },
    {
      name: "an undecided image cannot be allowed when nothing is",
      resource: tracing(intrinsic("/containerDefinitions/0/image")),
      violations: [
        {
          messageId: "sysPtrace",
          path: `${ADDED}/0`,
          data: { container: "app", capability: "SYS_PTRACE", image: "(unresolved)" },
        },
      ],
    },
  ],
  unknown: [
    {
      name: "add list from an unresolved intrinsic",
      resource: tracing(FALCO, intrinsic(ADDED)),
      observations: [{ messageId: "unresolved", path: ADDED }],
    },
    {
      name: "one capability unresolved",
      resource: tracing(FALCO, [intrinsic(`${ADDED}/0`)]),
      observations: [{ messageId: "unresolved", path: `${ADDED}/0` }],
    },
  ],
  notApplicable: [
    {
      name: "Windows task definition",
      resource: taskDefinition({
        runtimePlatform: { operatingSystemFamily: "WINDOWS_SERVER_2022_FULL" },
        containerDefinitions: [
          containerDefinition({ linuxParameters: { capabilities: { add: ["SYS_PTRACE"] } } }),
        ],
      }),
      messageId: "windows",
    },
    {
      name: "no container definitions",
      resource: taskDefinition({ containerDefinitions: [] }),
      messageId: "noContainers",
    },
  ],
});

policyTester.run(
  withParameters(
    { allowedImages: ["public.ecr.aws/falcosecurity", "registry.example.com:5000/agents/"] },
    "allowed agents",
  ),
  {
    valid: [
      { name: "an image below an allowed repository", resource: tracing(FALCO) },
      {
        name: "the allowed repository itself, pinned by digest",
        resource: tracing("public.ecr.aws/falcosecurity@sha256:0a1b"),
      },
      {
        name: "below a prefix ending in a slash",
        resource: tracing("registry.example.com:5000/agents/tracer:2"),
      },
    ],
    invalid: [
      {
        name: "a repository that only shares a prefix string",
        resource: tracing("public.ecr.aws/falcosecurity-fork/falco:1"),
        violations: [{ messageId: "sysPtrace", path: `${ADDED}/0` }],
      },
      {
        name: "the prefix ending in a slash allows only what is below it",
        resource: tracing("registry.example.com:5000/agents"),
        violations: [{ messageId: "sysPtrace", path: `${ADDED}/0` }],
      },
      {
        name: "only the container whose image is not allowed",
        resource: taskDefinition({
          containerDefinitions: [
            containerDefinition({ image: FALCO, linuxParameters: { capabilities: { add: ["SYS_PTRACE"] } } }),
            containerDefinition({
              name: "app",
              image: "nginx:1.27",
              linuxParameters: { capabilities: { add: ["SYS_PTRACE"] } },
            }),
          ],
        }),
        violations: [
          {
            messageId: "sysPtrace",
            path: "/containerDefinitions/1/linuxParameters/capabilities/add/0",
            data: { container: "app", capability: "SYS_PTRACE", image: "nginx:1.27" },
          },
        ],
      },
    ],
    unknown: [
      {
        name: "an undecided image might be allowed",
        resource: tracing(intrinsic("/containerDefinitions/0/image")),
        observations: [{ messageId: "unresolved", path: "/containerDefinitions/0/image" }],
      },
    ],
  },
);

describe("no-sys-ptrace parameters", () => {
  it("accept lists of non-empty repository prefixes", () => {
    const schema = noSysPtrace.parameters?.allowedImages.schema;
    expect(
      [[], ["public.ecr.aws/falcosecurity"], [""], "falco", [1]].map(
        (value) => schema?.safeParse(value).success,
      ),
    ).toEqual([true, true, false, false, false]);
  });
});
