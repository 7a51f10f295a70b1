import noWeakenedSecurityOptions from "../../shared/policies/no-weakened-security-options.ts";
import { containerDefinition, intrinsic, taskDefinition } from "../helpers/builders.ts";
import { policyTester } from "../helpers/policy-tester.ts";
import { sampleTaskDefinition } from "../helpers/samples.ts";
import { fromSamples } from "../helpers/shared-data.ts";

const OPTIONS = "/containerDefinitions/0/dockerSecurityOptions";

const withOptions = (dockerSecurityOptions: unknown) =>
  taskDefinition({
    networkMode: "bridge",
    requiresCompatibilities: ["EC2"],
    containerDefinitions: [containerDefinition({ dockerSecurityOptions })],
  });

/** Each option and what the finding says it does. */
const weakening = [
  ["apparmor:unconfined", "runs it without an AppArmor profile"],
  ["apparmor=unconfined", "runs it without an AppArmor profile"],
  ["label:disable", "turns off SELinux labelling"],
  ["label=disable", "turns off SELinux labelling"],
  ["label:type:spc_t", "runs it as an SELinux super-privileged container"],
  ["label:type:unconfined_t", "runs it in the unconfined SELinux domain"],
] as const;
const confining = [
  "apparmor:docker-default",
  "apparmor:my-profile",
  "label:type:container_t",
  "label:level:s0:c100,c200",
  "no-new-privileges",
  "credentialspec:arn:aws:ssm:eu-west-1:123456789012:parameter/gmsa",
  "APPARMOR:UNCONFINED",
  "apparmor:unconfined-ish",
];

policyTester.run(noWeakenedSecurityOptions, {
  valid: [
    { name: "no dockerSecurityOptions", resource: taskDefinition() },
    { name: "empty dockerSecurityOptions", resource: withOptions([]) },
    ...confining.map((option) => ({ name: `option ${option}`, resource: withOptions([option]) })),
    ...fromSamples("real sample cases", () => [
      {
        name: "gMSA credential spec (real sample)",
        resource: sampleTaskDefinition("aws__amazon-ecs-agent__functional-tests-gmsa-ssm"),
      },
    ]),
  ],
  invalid: [
    ...weakening.map(([option, effect]) => ({
      name: `option ${option}`,
      resource: withOptions(["no-new-privileges", option]),
      violations: [
        { messageId: "weakened" as const, path: `${OPTIONS}/1`, data: { container: "app", option, effect } },
      ],
    })),
    {
      name: "one violation per option, in every container",
      resource: taskDefinition({
        requiresCompatibilities: ["EC2"],
        containerDefinitions: [
          containerDefinition({ dockerSecurityOptions: ["apparmor:unconfined", "label:disable"] }),
          containerDefinition({ name: "sidecar", dockerSecurityOptions: [" label=type:spc_t "] }),
        ],
      }),
      violations: [
        { messageId: "weakened", path: `${OPTIONS}/0` },
        { messageId: "weakened", path: `${OPTIONS}/1` },
        {
          messageId: "weakened",
          path: "/containerDefinitions/1/dockerSecurityOptions/0",
          data: {
            container: "sidecar",
            option: " label=type:spc_t ",
            effect: "runs it as an SELinux super-privileged container",
          },
        },
      ],
    },
    {
      name: "a weakening option fails next to an undecided one",
      resource: withOptions([intrinsic(`${OPTIONS}/0`), "label:disable"]),
      violations: [
        { messageId: "unresolved", path: `${OPTIONS}/0` },
        { messageId: "weakened", path: `${OPTIONS}/1` },
      ],
    },
  ],
  unknown: [
    {
      name: "options from an unresolved intrinsic",
      resource: withOptions(intrinsic(OPTIONS)),
      observations: [{ messageId: "unresolved", path: OPTIONS }],
    },
    {
      name: "operating system undecided while an option weakens confinement",
      resource: taskDefinition({
        runtimePlatform: { operatingSystemFamily: intrinsic("/runtimePlatform/operatingSystemFamily") },
        containerDefinitions: [containerDefinition({ dockerSecurityOptions: ["apparmor:unconfined"] })],
      }),
      observations: [{ messageId: "unresolved", path: "/runtimePlatform/operatingSystemFamily" }],
    },
  ],
  notApplicable: [
    {
      name: "Windows task definition",
      resource: taskDefinition({
        runtimePlatform: { operatingSystemFamily: "WINDOWS_SERVER_2019_CORE" },
        containerDefinitions: [containerDefinition({ dockerSecurityOptions: ["apparmor:unconfined"] })],
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
