import noHostNetworkRootUser from "../../shared/policies/no-host-network-root-user.ts";
import { containerDefinition, intrinsic, taskDefinition } from "../helpers/builders.ts";
import { policyTester } from "../helpers/policy-tester.ts";
import { sampleTaskDefinition } from "../helpers/samples.ts";
import { fromSamples } from "../helpers/shared-data.ts";

const USER = "/containerDefinitions/0/user";

const hostMode = (...containers: Record<string, unknown>[]) =>
  taskDefinition({
    networkMode: "host",
    requiresCompatibilities: ["EC2"],
    containerDefinitions: containers.map((overrides) => containerDefinition(overrides)),
  });

/** The guard-registry reading of ECS.1: only the user part before ":" decides. */
const nonRootUsers = ["1000", "app", "1000:0", "1000:root", "testuser:root"];
const rootUsers = ["root", "0", "0:0", "root:root", "root:abcd", "0:abcd"];

policyTester.run(noHostNetworkRootUser, {
  valid: [
    ...nonRootUsers.map((user) => ({ name: `host mode, user "${user}"`, resource: hostMode({ user }) })),
    { name: "host mode, numeric UID as YAML writes it", resource: hostMode({ user: 1001 }) },
    {
      name: "host mode, root but explicitly privileged (the control's design)",
      resource: hostMode({ user: "root", privileged: true }),
    },
    {
      name: "host mode, no user but privileged written as a string",
      resource: hostMode({ user: undefined, privileged: "true" }),
    },
    {
      name: "awsvpc mode with a root user is not this control's concern",
      resource: taskDefinition({ containerDefinitions: [containerDefinition({ user: "root" })] }),
    },
    {
      name: "no network mode (bridge) without a user",
      resource: taskDefinition({
        networkMode: undefined,
        requiresCompatibilities: ["EC2"],
        containerDefinitions: [containerDefinition({ user: undefined })],
      }),
    },
    {
      name: "non-root user decides although privileged is unresolved",
      resource: hostMode({ privileged: intrinsic("/containerDefinitions/0/privileged") }),
    },
    {
      name: "privileged decides although the user is unresolved",
      resource: hostMode({ privileged: true, user: intrinsic(USER) }),
    },
    {
      name: "other network mode, no containers",
      resource: taskDefinition({ networkMode: "bridge", containerDefinitions: [] }),
    },
  ],
  invalid: [
    ...rootUsers.map((user) => ({
      name: `host mode, user "${user}"`,
      resource: hostMode({ user }),
      violations: [{ messageId: "rootUser" as const, path: USER, data: { container: "app", user } }],
    })),
    {
      name: "host mode, no user",
      resource: hostMode({ user: undefined }),
      violations: [{ messageId: "userNotSet", path: USER, data: { container: "app" } }],
    },
    {
      name: "host mode, empty user",
      resource: hostMode({ user: "" }),
      violations: [{ messageId: "userNotSet", path: USER }],
    },
    {
      name: "host mode, root with privileged explicitly false",
      resource: hostMode({ user: "0", privileged: false }),
      violations: [{ messageId: "rootUser", path: USER }],
    },
    {
      name: "only the containers failing both conditions are reported",
      resource: hostMode(
        { name: "agent", user: undefined, privileged: true },
        { name: "web" },
        { name: "sidecar", user: "root:wheel" },
      ),
      violations: [
        {
          messageId: "rootUser",
          path: "/containerDefinitions/2/user",
          data: { container: "sidecar", user: "root:wheel" },
        },
      ],
    },
    ...fromSamples("real sample cases", () => [
      {
        name: "DL1 docs example in host mode without a user (real sample)",
        resource: sampleTaskDefinition("awsdocs__amazon-ecs-developer-guide__ecs-dl1-L39"),
        violations: [
          {
            messageId: "userNotSet" as const,
            path: USER,
            data: { container: "tensorflow-installer-tf-hpu" },
          },
        ],
      },
      {
        name: "agent introspection validator in host mode (real sample)",
        resource: sampleTaskDefinition(
          "aws__amazon-ecs-agent__functional-tests-agent-introspection-validator",
        ),
        violations: [{ messageId: "userNotSet" as const, path: USER }],
      },
    ]),
  ],
  unknown: [
    {
      name: "network mode from an unresolved intrinsic",
      resource: taskDefinition({ networkMode: intrinsic("/networkMode") }),
      observations: [{ messageId: "unresolved", path: "/networkMode" }],
    },
    {
      name: "root user with privileged unresolved",
      resource: hostMode({ user: "root", privileged: intrinsic("/containerDefinitions/0/privileged") }),
      observations: [{ messageId: "unresolved", path: "/containerDefinitions/0/privileged" }],
    },
    {
      name: "not privileged with the user unresolved",
      resource: hostMode({ user: intrinsic(USER) }),
      observations: [{ messageId: "unresolved", path: USER }],
    },
    {
      name: "one container definition unresolved",
      resource: taskDefinition({
        networkMode: "host",
        containerDefinitions: [intrinsic("/containerDefinitions/0")],
      }),
      observations: [{ messageId: "unresolved", path: "/containerDefinitions/0" }],
    },
  ],
  notApplicable: [
    {
      name: "host mode without container definitions",
      resource: taskDefinition({ networkMode: "host", containerDefinitions: [] }),
      messageId: "noContainers",
    },
  ],
});
