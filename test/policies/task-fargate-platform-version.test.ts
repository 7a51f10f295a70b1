import { taskFromLaunch } from "../../shared/model/task.ts";
import type { Task } from "../../shared/model/types.ts";
import taskFargatePlatformVersion from "../../shared/policies/task-fargate-platform-version.ts";
import { PLATFORM_VERSION_PATH } from "../../shared/policies/utils/fargate-platform.ts";
import { intrinsic, task } from "../helpers/builders.ts";
import { policyTester } from "../helpers/policy-tester.ts";
import { sampleCloudFormationResource } from "../helpers/samples.ts";
import { fromSamples, readSharedJson } from "../helpers/shared-data.ts";

const STRATEGY = "/capacityProviderStrategy";

/** A RunTask on Fargate asking for `platformVersion`, as the task reports it. */
const onFargate = (platformVersion: unknown) => task({ platformVersion }, { platformVersion });

/** A RunTask placed by a capacity provider strategy, before the response names the launch type. */
const placedBy = (capacityProvider: unknown, platformVersion: unknown) =>
  taskFromLaunch(
    {},
    {
      taskDefinition: "batch:3",
      capacityProviderStrategy: [{ capacityProvider, weight: 1 }],
      platformVersion,
    },
  );

function scheduledTask(file: string, logicalId: string): Task {
  const { resource } = sampleCloudFormationResource(file, logicalId);
  if (resource.kind !== "Task") throw new Error(`${file} schedules no task in ${logicalId}`);
  return resource;
}

/** The task an ECS Task State Change event describes (what the event does not hold is absent). */
function taskOfEvent(file: string): Task {
  const event = readSharedJson(`events/${file}`) as { detail: unknown };
  return taskFromLaunch(event.detail, {});
}

policyTester.run(taskFargatePlatformVersion, {
  valid: [
    { name: "no platform version: LATEST is used", resource: task() },
    { name: "LATEST", resource: onFargate("LATEST") },
    { name: "1.4.0, the latest Linux version", resource: onFargate("1.4.0") },
    { name: "FARGATE capacity provider on LATEST", resource: placedBy("FARGATE", "LATEST") },
    ...fromSamples("real sample cases", () => [
      {
        name: "Prowler's scheduled task on LATEST (real sample)",
        resource: scheduledTask("prowler-cloud__prowler__CF-Prowler-ECS.yml", "ProwlerTaskScheduler"),
      },
    ]),
  ],
  invalid: [
    {
      name: "1.3.0",
      resource: onFargate("1.3.0"),
      violations: [
        {
          messageId: "outdated",
          path: PLATFORM_VERSION_PATH,
          data: { version: "1.3.0", latest: "1.4.0 (Linux) or 1.0.0 (Windows)" },
        },
      ],
    },
    {
      name: "FARGATE_SPOT capacity provider on 1.2.0",
      resource: placedBy("FARGATE_SPOT", "1.2.0"),
      violations: [
        {
          messageId: "outdated",
          path: PLATFORM_VERSION_PATH,
          data: { version: "1.2.0", latest: "1.4.0 (Linux) or 1.0.0 (Windows)" },
        },
      ],
    },
    ...fromSamples("real sample cases", () => [
      {
        name: "documented Fargate Task State Change on 1.3.0 (real sample)",
        resource: taskOfEvent("awsdocs__ecs-dev-guide__task-state-change-fargate-running-attachments.json"),
        violations: [
          {
            messageId: "outdated" as const,
            path: PLATFORM_VERSION_PATH,
            data: { version: "1.3.0", latest: "1.4.0 (Linux) or 1.0.0 (Windows)" },
          },
        ],
      },
    ]),
  ],
  unknown: [
    {
      name: "1.0.0: current for Windows only, and the task's platform family is not known",
      resource: onFargate("1.0.0"),
      observations: [{ messageId: "familyUnknown", path: PLATFORM_VERSION_PATH }],
    },
    {
      name: "platform version from an unresolved intrinsic",
      resource: task({ platformVersion: intrinsic(PLATFORM_VERSION_PATH) }),
      observations: [{ messageId: "unresolved", path: PLATFORM_VERSION_PATH }],
    },
    {
      name: "launch type from an unresolved intrinsic",
      resource: task({ launchType: intrinsic("/launchType") }, { launchType: undefined }),
      observations: [{ messageId: "unresolved", path: "/launchType" }],
    },
    {
      name: "capacity provider from an unresolved intrinsic",
      resource: placedBy(intrinsic(`${STRATEGY}/0/capacityProvider`), "1.3.0"),
      observations: [{ messageId: "unresolved", path: `${STRATEGY}/0/capacityProvider` }],
    },
  ],
  notApplicable: [
    {
      name: "EC2 launch type",
      resource: task({ launchType: "EC2", networkConfiguration: undefined }, { launchType: "EC2" }),
      messageId: "notFargate",
    },
    {
      name: "an Auto Scaling group capacity provider",
      resource: placedBy("ec2-asg", undefined),
      messageId: "notFargate",
    },
    ...fromSamples("real sample cases", () => [
      {
        name: "documented EC2 Task State Change from 2016 (real sample)",
        resource: taskOfEvent("awsdocs__ecs-dev-guide__task-state-change-ec2-running-2016.json"),
        messageId: "notFargate" as const,
      },
    ]),
  ],
});
