import { unresolved } from "../../shared/model/resolvable.ts";
import { runningTaskFromApi } from "../../shared/model/running-task.ts";
import type { UnmetPolicy } from "../../shared/policies/define-policy.ts";
import runningTaskDefinitionCompliant from "../../shared/policies/running-task-definition-compliant.ts";
import { intrinsic, runningTask } from "../helpers/builders.ts";
import type { CaseLookups } from "../helpers/policy-tester.ts";
import { policyTester } from "../helpers/policy-tester.ts";
import { fromSamples, readSharedJson } from "../helpers/shared-data.ts";

const WEB_7 = "arn:aws:ecs:eu-west-1:123456789012:task-definition/web:7";
const PATH = "/taskDefinitionArn";

/** The revision as the shell judged it: ACTIVE, with these policies unmet. */
function judged(taskDefinitionArn: string, ...unmet: UnmetPolicy[]): CaseLookups {
  return { taskDefinitionRevisions: { [taskDefinitionArn]: { status: "ACTIVE", unmet } } };
}

const privileged: UnmetPolicy = { policyId: "no-privileged-containers", severity: "HIGH", status: "FAILED" };
const root: UnmetPolicy = { policyId: "no-root-user", severity: "MEDIUM", status: "FAILED" };
const latestTag: UnmetPolicy = { policyId: "no-latest-image-tag", severity: "MEDIUM", status: "FAILED" };
const roleUnknown: UnmetPolicy = {
  policyId: "task-role-least-privilege",
  severity: "HIGH",
  status: "UNKNOWN",
};
const credentials: UnmetPolicy = {
  policyId: "no-aws-credentials-in-environment",
  severity: "CRITICAL",
  status: "FAILED",
};

function realTask(name: string) {
  return runningTaskFromApi((readSharedJson(`events/${name}.json`) as { detail: unknown }).detail);
}

const SAMPLE_FARGATE_1 = "arn:aws:ecs:us-west-2:111122223333:task-definition/sample-fargate:1";

policyTester.run(runningTaskDefinitionCompliant, {
  valid: [
    { name: "a revision that meets every policy", resource: runningTask(), lookups: judged(WEB_7) },
    {
      name: "failures below HIGH show only on the revision",
      resource: runningTask(),
      lookups: judged(WEB_7, root, latestTag),
    },
    {
      name: "an undecided HIGH policy under a CRITICAL minimum",
      resource: runningTask(),
      parameters: { minimumSeverity: "CRITICAL" },
      lookups: judged(WEB_7, roleUnknown, privileged),
    },
    ...fromSamples("real sample cases", () => [
      {
        name: "AWS docs Fargate task whose revision has a MEDIUM failure (real sample)",
        resource: realTask("awsdocs__ecs-dev-guide__task-state-change-fargate-running-attachments"),
        lookups: judged(SAMPLE_FARGATE_1, latestTag),
      },
    ]),
  ],
  invalid: [
    {
      name: "a HIGH failure",
      resource: runningTask(),
      lookups: judged(WEB_7, privileged, root),
      violations: [
        {
          messageId: "failedPolicies",
          path: PATH,
          data: { taskDefinition: WEB_7, policies: "no-privileged-containers (HIGH)" },
        },
      ],
    },
    {
      name: "failures outweigh undecided policies, and a CRITICAL one counts",
      resource: runningTask(),
      lookups: judged(WEB_7, roleUnknown, credentials, privileged),
      violations: [
        {
          messageId: "failedPolicies",
          path: PATH,
          data: {
            taskDefinition: WEB_7,
            policies: "no-aws-credentials-in-environment (CRITICAL), no-privileged-containers (HIGH)",
          },
        },
      ],
    },
    {
      name: "a MEDIUM failure under a MEDIUM minimum",
      resource: runningTask(),
      parameters: { minimumSeverity: "MEDIUM" },
      lookups: judged(WEB_7, root),
      violations: [
        {
          messageId: "failedPolicies",
          path: PATH,
          data: { taskDefinition: WEB_7, policies: "no-root-user (MEDIUM)" },
        },
      ],
    },
    ...fromSamples("real sample cases", () => [
      {
        name: "AWS docs Fargate task whose revision runs privileged (real sample)",
        resource: realTask("awsdocs__ecs-dev-guide__task-state-change-fargate-running-attachments"),
        lookups: judged(SAMPLE_FARGATE_1, privileged),
        violations: [{ messageId: "failedPolicies" as const, path: PATH }],
      },
    ]),
  ],
  unknown: [
    {
      name: "a HIGH policy cannot decide the revision",
      resource: runningTask(),
      lookups: judged(WEB_7, roleUnknown, root),
      observations: [
        {
          messageId: "undecidedPolicies",
          path: PATH,
          data: { taskDefinition: WEB_7, policies: "task-role-least-privilege (HIGH)" },
        },
      ],
    },
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
      name: "DescribeTaskDefinition skipped",
      resource: runningTask(),
      lookups: {
        taskDefinitionRevisions: {
          [WEB_7]: unresolved(
            "replay makes no AWS calls, and the event alone does not describe the resource (DescribeTaskDefinition needed)",
            "",
          ),
        },
      },
      observations: [{ messageId: "revisionUnknown", path: PATH }],
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
