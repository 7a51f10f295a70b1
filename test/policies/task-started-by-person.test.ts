import { taskFromLaunch } from "../../shared/model/task.ts";
import type { Task } from "../../shared/model/types.ts";
import taskStartedByPerson from "../../shared/policies/task-started-by-person.ts";
import { ACCOUNT, awsvpc, intrinsic, REGION, task } from "../helpers/builders.ts";
import { policyTester } from "../helpers/policy-tester.ts";
import { sampleEvent } from "../helpers/samples.ts";
import { fromSamples, readSharedJson } from "../helpers/shared-data.ts";

const TYPE = "/caller/userIdentity/type";
const ISSUER = "/caller/userIdentity/sessionContext/sessionIssuer/userName";
const MFA = "/caller/userIdentity/sessionContext/attributes/mfaAuthenticated";

/** A RunTask of a Fargate task, as the CloudTrail record with this caller records it. */
function launchedBy(record: unknown): Task {
  return taskFromLaunch(
    {
      taskArn: `arn:aws:ecs:${REGION}:${ACCOUNT}:task/prod/0f1e2d3c4b5a69788796a5b4c3d2e1f0`,
      taskDefinitionArn: `arn:aws:ecs:${REGION}:${ACCOUNT}:task-definition/batch:3`,
      launchType: "FARGATE",
    },
    { cluster: "prod", taskDefinition: "batch:3", networkConfiguration: awsvpc("DISABLED") },
    record,
  );
}

/** A session of a role, as CloudTrail records an assumed role. */
function assumed(
  role: string,
  session: string,
  { mfa = false, invokedBy }: { mfa?: boolean; invokedBy?: string } = {},
) {
  return {
    userIdentity: {
      type: "AssumedRole",
      principalId: `AROAEXAMPLEID:${session}`,
      arn: `arn:aws:sts::${ACCOUNT}:assumed-role/${role}/${session}`,
      accountId: ACCOUNT,
      sessionContext: {
        sessionIssuer: {
          type: "Role",
          principalId: "AROAEXAMPLEID",
          arn: `arn:aws:iam::${ACCOUNT}:role/${role}`,
          accountId: ACCOUNT,
          userName: role,
        },
        attributes: { creationDate: "2026-11-24T09:58:12Z", mfaAuthenticated: String(mfa) },
      },
      ...(invokedBy === undefined ? {} : { invokedBy }),
    },
    userAgent: invokedBy ?? "aws-cli/2.22.0 Python/3.12.6 Linux/6.1 exe/x86_64",
  };
}

const pipeline = assumed("DeployPipeline", "deploy-4711");
const SSO_ADMIN = "AWSReservedSSO_AdministratorAccess_0123456789abcdef";
const janeArn = `arn:aws:sts::${ACCOUNT}:assumed-role/PlatformAdmin/jane.doe`;

/** The task one of our RunTask/StartTask samples started, with the caller its CloudTrail record names. */
function fromApiCallSample(name: string): Task {
  const { detail } = sampleEvent(`api-calls/${name}`) as {
    detail: { requestParameters: unknown; responseElements: { tasks: unknown[] } };
  };
  return taskFromLaunch(detail.responseElements.tasks[0], detail.requestParameters, detail);
}

/** A RunTask by whoever the real CloudTrail record in ../shared/data/events names. */
function byRealCaller(name: string): Task {
  return launchedBy(readSharedJson(`events/${name}.json`));
}

policyTester.run(taskStartedByPerson, {
  valid: [
    { name: "a pipeline role", resource: launchedBy(pipeline) },
    {
      name: "an EventBridge rule's target role",
      resource: launchedBy(assumed("ecsEventsRole", "a1b2c3", { invokedBy: "events.amazonaws.com" })),
    },
    {
      name: "an EventBridge Scheduler schedule",
      resource: launchedBy(assumed("scheduler-run-task", "c4d5e6", { invokedBy: "scheduler.amazonaws.com" })),
    },
    {
      name: "a service's task started by ECS",
      resource: launchedBy({ userIdentity: { type: "AWSService", invokedBy: "ecs.amazonaws.com" } }),
    },
    {
      name: "an automation role assumed with MFA",
      resource: launchedBy(assumed("DeployPipeline", "deploy-4712", { mfa: true })),
      parameters: { automationRolePatterns: ["Deploy*"] },
    },
    {
      name: "an Identity Center permission set reserved for automation",
      resource: launchedBy(assumed("AWSReservedSSO_Automation_fedcba9876543210", "ci")),
      parameters: { automationRolePatterns: ["AWSReservedSSO_Automation_*"] },
    },
    {
      name: "CloudFormation deploying with a person's Identity Center session",
      resource: launchedBy(
        assumed(SSO_ADMIN, "jane.doe@example.com", { invokedBy: "cloudformation.amazonaws.com" }),
      ),
    },
    {
      name: "a cross-account caller (AWSAccount)",
      resource: launchedBy({
        userIdentity: { type: "AWSAccount", principalId: "AIDAEXAMPLE", accountId: "210987654321" },
      }),
    },
    {
      name: "the project sample: StartTask by the pipeline",
      resource: fromApiCallSample("start-task-bridge"),
    },
  ],
  invalid: [
    {
      name: "an IAM user",
      resource: launchedBy({
        userIdentity: { type: "IAMUser", arn: `arn:aws:iam::${ACCOUNT}:user/alice`, userName: "alice" },
      }),
      violations: [{ messageId: "iamUser", path: TYPE, data: { who: `arn:aws:iam::${ACCOUNT}:user/alice` } }],
    },
    {
      name: "the root user",
      resource: launchedBy({ userIdentity: { type: "Root", arn: `arn:aws:iam::${ACCOUNT}:root` } }),
      violations: [{ messageId: "root", path: TYPE }],
    },
    {
      name: "a console session",
      resource: launchedBy({ ...pipeline, sessionCredentialFromConsole: "true" }),
      violations: [{ messageId: "console", path: "/caller/sessionCredentialFromConsole" }],
    },
    {
      name: "an IAM Identity Center permission set",
      resource: launchedBy(assumed(SSO_ADMIN, "jane.doe@example.com")),
      violations: [
        {
          messageId: "peopleRole",
          path: ISSUER,
          data: {
            who: `arn:aws:sts::${ACCOUNT}:assumed-role/${SSO_ADMIN}/jane.doe@example.com`,
            role: SSO_ADMIN,
            pattern: "AWSReservedSSO_*",
          },
        },
      ],
    },
    {
      name: "a role named in peopleRolePatterns",
      resource: launchedBy(assumed("AdminBreakGlass", "incident-42")),
      parameters: { peopleRolePatterns: ["Admin*"] },
      violations: [
        {
          messageId: "peopleRole",
          path: ISSUER,
          data: {
            who: `arn:aws:sts::${ACCOUNT}:assumed-role/AdminBreakGlass/incident-42`,
            role: "AdminBreakGlass",
            pattern: "Admin*",
          },
        },
      ],
    },
    {
      name: "a role assumed with MFA",
      resource: launchedBy(assumed("Operator", "bob", { mfa: true })),
      violations: [
        {
          messageId: "mfaSession",
          path: MFA,
          data: { who: `arn:aws:sts::${ACCOUNT}:assumed-role/Operator/bob`, role: "Operator" },
        },
      ],
    },
    {
      name: "the project sample: jane.doe's RunTask through PlatformAdmin, with MFA",
      resource: fromApiCallSample("run-task-public-ip"),
      violations: [{ messageId: "mfaSession", path: MFA, data: { who: janeArn, role: "PlatformAdmin" } }],
    },
    ...fromSamples("real sample cases", () => [
      {
        name: "an IAM user with the AWS CLI (real CloudTrail record)",
        resource: byRealCaller("awsdocs__ecs-dev-guide__cloudtrail-RAW-record-PutAccountSettingDefault"),
        violations: [{ messageId: "iamUser" as const, path: TYPE }],
      },
      {
        name: "a role session in the console (real CloudTrail record)",
        resource: byRealCaller("awsdocs__ecs-dev-guide__cloudtrail-RAW-record-CreateCluster"),
        violations: [{ messageId: "console" as const, path: "/caller/userAgent" }],
      },
    ]),
  ],
  unknown: [
    {
      name: "no userIdentity in the record",
      resource: launchedBy({ userAgent: "aws-cli/2.22.0" }),
      observations: [{ messageId: "noIdentity", path: "/caller/userIdentity" }],
    },
    {
      name: "an assumed role without its session issuer",
      resource: launchedBy({ userIdentity: { type: "AssumedRole", arn: janeArn } }),
      observations: [{ messageId: "noSessionIssuer", path: ISSUER, data: { who: janeArn } }],
    },
    {
      name: "an identity type of the wrong type",
      resource: launchedBy({ userIdentity: { type: { name: "AssumedRole" } } }),
      observations: [{ messageId: "unresolved", path: TYPE }],
    },
    {
      name: "an MFA flag that is neither true nor false",
      resource: launchedBy({
        userIdentity: {
          ...assumed("Operator", "bob").userIdentity,
          sessionContext: {
            sessionIssuer: { userName: "Operator" },
            attributes: { mfaAuthenticated: "maybe" },
          },
        },
      }),
      observations: [{ messageId: "unresolved", path: MFA }],
    },
    {
      name: "a session issuer of the wrong shape",
      resource: launchedBy({
        userIdentity: { type: "AssumedRole", sessionContext: { sessionIssuer: "Operator" } },
      }),
      observations: [{ messageId: "unresolved", path: "/caller/userIdentity/sessionContext/sessionIssuer" }],
    },
    {
      name: "a record that is not an object",
      resource: launchedBy([intrinsic("/caller")]),
      observations: [{ messageId: "unresolved", path: "/caller" }],
    },
  ],
  notApplicable: [
    { name: "offline: no record says who started the task", resource: task(), messageId: "notRecorded" },
  ],
});
