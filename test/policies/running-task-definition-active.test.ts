import { unresolved } from "../../shared/model/resolvable.ts";
import { runningTaskFromApi } from "../../shared/model/running-task.ts";
import runningTaskDefinitionActive from "../../shared/policies/running-task-definition-active.ts";
import { intrinsic, runningTask } from "../helpers/builders.ts";
import type { CaseLookups } from "../helpers/policy-tester.ts";
import { policyTester } from "../helpers/policy-tester.ts";
import { sampleEvent } from "../helpers/samples.ts";
import { fromSamples, readSharedJson } from "../helpers/shared-data.ts";

const WEB_7 = "arn:aws:ecs:eu-west-1:123456789012:task-definition/web:7";
const PATH = "/taskDefinitionArn";

/** The revision as the shell described it, with this status and no unmet policy. */
function revision(taskDefinitionArn: string, status: unknown): CaseLookups {
  return { taskDefinitionRevisions: { [taskDefinitionArn]: { status: status as string, unmet: [] } } };
}

function realTask(name: string) {
  return runningTaskFromApi((readSharedJson(`events/${name}.json`) as { detail: unknown }).detail);
}

const XRAY_2 = "arn:aws:ecs:us-east-1:111122223333:task-definition/xray:2";
const DB_MIGRATE_5 = "arn:aws:ecs:eu-west-1:123456789012:task-definition/db-migrate:5";

policyTester.run(runningTaskDefinitionActive, {
  valid: [
    { name: "an ACTIVE revision", resource: runningTask(), lookups: revision(WEB_7, "ACTIVE") },
    ...fromSamples("real sample cases", () => [
      {
        name: "AWS docs EC2 task running xray:2, ACTIVE (real sample)",
        resource: realTask("awsdocs__ecs-dev-guide__task-state-change-ec2-running-2016"),
        lookups: revision(XRAY_2, "ACTIVE"),
      },
    ]),
  ],
  invalid: [
    {
      name: "a deregistered (INACTIVE) revision",
      resource: runningTask(),
      lookups: revision(WEB_7, "INACTIVE"),
      violations: [
        { messageId: "deregistered", path: PATH, data: { taskDefinition: WEB_7, status: "INACTIVE" } },
      ],
    },
    {
      name: "a revision marked for deletion",
      resource: runningTask(),
      lookups: revision(WEB_7, "DELETE_IN_PROGRESS"),
      violations: [
        {
          messageId: "deregistered",
          path: PATH,
          data: { taskDefinition: WEB_7, status: "DELETE_IN_PROGRESS" },
        },
      ],
    },
    {
      name: "the project sample: the RunTask task after db-migrate:5 was deregistered",
      resource: runningTaskFromApi(sampleEvent("task-state-changes/running-public-ip").detail),
      lookups: revision(DB_MIGRATE_5, "INACTIVE"),
      violations: [
        { messageId: "deregistered", path: PATH, data: { taskDefinition: DB_MIGRATE_5, status: "INACTIVE" } },
      ],
    },
  ],
  unknown: [
    {
      name: "the revision is not described (offline)",
      resource: runningTask(),
      observations: [
        {
          messageId: "revisionUnknown",
          path: PATH,
          data: { taskDefinition: WEB_7, reason: "the task definition revision is not described offline" },
        },
      ],
    },
    {
      name: "ECS does not know the revision",
      resource: runningTask(),
      lookups: { taskDefinitionRevisions: { [WEB_7]: unresolved("ECS does not know the revision", "") } },
      observations: [
        {
          messageId: "revisionUnknown",
          path: PATH,
          data: { taskDefinition: WEB_7, reason: "ECS does not know the revision" },
        },
      ],
    },
    {
      name: "a status of the wrong type",
      resource: runningTask(),
      lookups: revision(WEB_7, unresolved("expected a string, found number 1", "/status")),
      observations: [{ messageId: "revisionUnknown", path: PATH }],
    },
    {
      name: "no status reported",
      resource: runningTask(),
      lookups: revision(WEB_7, undefined),
      observations: [{ messageId: "statusUnknown", path: PATH, data: { taskDefinition: WEB_7 } }],
    },
    {
      name: "the task names no revision",
      resource: runningTask({ taskDefinitionArn: undefined }),
      observations: [{ messageId: "noTaskDefinition", path: PATH }],
    },
    {
      name: "a task definition ARN of the wrong type",
      resource: runningTask({ taskDefinitionArn: intrinsic(PATH) }),
      observations: [{ messageId: "unresolved", path: PATH }],
    },
  ],
});
