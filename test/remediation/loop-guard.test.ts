import { ListClustersCommand } from "@aws-sdk/client-ecs";
import { describe, expect, it, vi } from "vitest";
import { ecsApiCallDetail } from "../../events/schemas/cloudtrail-ecs.ts";
import { createEcsClient } from "../../shared/aws/clients.ts";
import { eventOrigin, namesGuardrail } from "../../shared/remediation/loop-guard.ts";

const ACCOUNT = "123456789012";
const REMEDIATION_ROLE = `arn:aws:iam::${ACCOUNT}:role/ecs-guardrails-production-RemediationRole-a1b2c3d`;
const ROLES = { roleArns: [REMEDIATION_ROLE] };

// The user agents as CloudTrail records them: our Lambda's SDK (customUserAgent last), the CLI, the console.
const GUARDRAIL_AGENT =
  "aws-sdk-js/3.1164.0 ua/2.1 os/linux#5.10.240-258.954.amzn2.aarch64 lang/js md/nodejs#24.11.0 api/ecs#3.1164.0 exec-env/AWS_Lambda_nodejs24.x m/E,b,e ecs-guardrails/0.1.0";
const CLI_AGENT = "aws-cli/2.22.0 Python/3.12.6 Linux/6.1 exe/x86_64";
const LOOK_ALIKE_AGENT = "aws-sdk-js/3.1164.0 ua/2.1 lang/js my-ecs-guardrails/2.0 ecs-guardrails-fork";

function assumedRoleSession(roleArn: string, sessionName: string) {
  const [, , , , account, resource] = roleArn.split(":");
  const roleName = resource?.split("/").at(-1);
  return {
    type: "AssumedRole",
    principalId: `AROAEXAMPLEID:${sessionName}`,
    arn: `arn:aws:sts::${account}:assumed-role/${roleName}/${sessionName}`,
    accountId: account,
    accessKeyId: "ASIAEXAMPLEKEY",
    sessionContext: {
      sessionIssuer: {
        type: "Role",
        principalId: "AROAEXAMPLEID",
        arn: roleArn,
        accountId: account,
        userName: roleName,
      },
      attributes: { creationDate: "2026-11-24T09:58:12Z", mfaAuthenticated: "false" },
    },
  };
}

/** The `detail` of an "AWS API Call via CloudTrail" event for UpdateService, with the caller given. */
function updateServiceRecord(caller: { userIdentity?: unknown; userAgent?: string }) {
  return {
    eventVersion: "1.09",
    ...(caller.userIdentity === undefined ? {} : { userIdentity: caller.userIdentity }),
    eventTime: "2026-11-24T14:10:00Z",
    eventSource: "ecs.amazonaws.com",
    eventName: "UpdateService",
    awsRegion: "eu-west-1",
    sourceIPAddress: "198.51.100.24",
    ...(caller.userAgent === undefined ? {} : { userAgent: caller.userAgent }),
    requestParameters: {
      cluster: "production",
      service: "web",
      networkConfiguration: {
        awsvpcConfiguration: { subnets: ["subnet-0a1b2c3d"], assignPublicIp: "DISABLED" },
      },
    },
    responseElements: null,
    requestID: "2a7d6b3f-8c9e-4d1f-8a2b-7b8c9d0e1f01-req",
    eventID: "2a7d6b3f-8c9e-4d1f-8a2b-7b8c9d0e1f01",
    readOnly: false,
    eventType: "AwsApiCall",
    managementEvent: true,
    recipientAccountId: ACCOUNT,
    eventCategory: "Management",
  };
}

const remediationSession = assumedRoleSession(REMEDIATION_ROLE, "ecs-guardrails-production-Remediation-x9y8");

describe("eventOrigin", () => {
  it.each([
    {
      name: "the remediation role, through the SDK with our user agent",
      caller: { userIdentity: remediationSession, userAgent: GUARDRAIL_AGENT },
      byGuardrail: true,
      reason: `called by the guardrail's role ${REMEDIATION_ROLE} with the ecs-guardrails user agent`,
    },
    {
      name: "the remediation role, with a user agent that does not name us",
      caller: { userIdentity: remediationSession, userAgent: CLI_AGENT },
      byGuardrail: true,
      reason: `called by the guardrail's role ${REMEDIATION_ROLE}`,
    },
    {
      name: "an AWS service acting for the remediation role (invokedBy)",
      caller: {
        userIdentity: { ...remediationSession, invokedBy: "ecs.amazonaws.com" },
        userAgent: "ecs.amazonaws.com",
      },
      byGuardrail: true,
      reason: `called by the guardrail's role ${REMEDIATION_ROLE} through ecs.amazonaws.com`,
    },
    {
      name: "the remediation role named by its session ARN only (no sessionIssuer)",
      caller: {
        userIdentity: {
          ...remediationSession,
          sessionContext: { attributes: { mfaAuthenticated: "false" } },
        },
        userAgent: GUARDRAIL_AGENT,
      },
      byGuardrail: true,
      reason: `called by the guardrail's role ${REMEDIATION_ROLE} with the ecs-guardrails user agent`,
    },
    {
      name: "a person's role that sets our user agent: not ignored, a user agent is anyone's to set",
      caller: {
        userIdentity: assumedRoleSession(`arn:aws:iam::${ACCOUNT}:role/Developer`, "alice"),
        userAgent: GUARDRAIL_AGENT,
      },
      byGuardrail: false,
      reason: `the user agent names ecs-guardrails but the caller arn:aws:iam::${ACCOUNT}:role/Developer is not one of its roles`,
    },
    {
      name: "a role whose name only starts like ours",
      caller: {
        userIdentity: assumedRoleSession(`${REMEDIATION_ROLE}-copy`, "mallory"),
        userAgent: CLI_AGENT,
      },
      byGuardrail: false,
      reason: `called by ${REMEDIATION_ROLE}-copy`,
    },
    {
      name: "a role of the same name in another account",
      caller: {
        userIdentity: assumedRoleSession(REMEDIATION_ROLE.replace(ACCOUNT, "210987654321"), "x9y8"),
        userAgent: GUARDRAIL_AGENT,
      },
      byGuardrail: false,
      reason: `the user agent names ecs-guardrails but the caller ${REMEDIATION_ROLE.replace(ACCOUNT, "210987654321")} is not one of its roles`,
    },
    {
      name: "ECS's service-linked role acting for ECS itself",
      caller: {
        userIdentity: {
          ...assumedRoleSession(
            `arn:aws:iam::${ACCOUNT}:role/aws-service-role/ecs.amazonaws.com/AWSServiceRoleForECS`,
            "ecs-service-scheduler",
          ),
          invokedBy: "ecs.amazonaws.com",
        },
        userAgent: "ecs.amazonaws.com",
      },
      byGuardrail: false,
      reason: `called by arn:aws:iam::${ACCOUNT}:role/aws-service-role/ecs.amazonaws.com/AWSServiceRoleForECS`,
    },
    {
      name: "an AWS service principal",
      caller: {
        userIdentity: { type: "AWSService", invokedBy: "ecs.amazonaws.com" },
        userAgent: "ecs.amazonaws.com",
      },
      byGuardrail: false,
      reason: "called by AWSService",
    },
    {
      name: "an IAM user with a look-alike user agent",
      caller: {
        userIdentity: {
          type: "IAMUser",
          principalId: "AIDAEXAMPLE",
          arn: `arn:aws:iam::${ACCOUNT}:user/ecs-guardrails`,
          accountId: ACCOUNT,
          userName: "ecs-guardrails",
        },
        userAgent: LOOK_ALIKE_AGENT,
      },
      byGuardrail: false,
      reason: `called by arn:aws:iam::${ACCOUNT}:user/ecs-guardrails`,
    },
    {
      name: "a record without a user identity",
      caller: { userAgent: GUARDRAIL_AGENT },
      byGuardrail: false,
      reason: "the user agent names ecs-guardrails but the caller an unnamed caller is not one of its roles",
    },
  ])("$name", ({ caller, byGuardrail, reason }) => {
    const record = updateServiceRecord(caller);
    // The records are what the api-calls route accepts.
    expect(ecsApiCallDetail.safeParse(record).success).toBe(true);
    expect(eventOrigin(record, ROLES)).toEqual({ byGuardrail, reason });
  });

  it("matches a role deployed under a path by its name", () => {
    const withPath = `arn:aws:iam::${ACCOUNT}:role/guardrails/ecs-guardrails-production-RemediationRole-a1b2c3d`;
    const session = assumedRoleSession(withPath, "x9y8");
    expect(eventOrigin(updateServiceRecord({ userIdentity: session }), ROLES).byGuardrail).toBe(true);
    const named = { ...session, sessionContext: {} };
    expect(
      eventOrigin(updateServiceRecord({ userIdentity: named }), { roleArns: [withPath] }).byGuardrail,
    ).toBe(true);
  });

  it("ignores nothing when the stack names no role", () => {
    const record = updateServiceRecord({ userIdentity: remediationSession, userAgent: GUARDRAIL_AGENT });
    expect(eventOrigin(record, { roleArns: [] }).byGuardrail).toBe(false);
  });

  it.each([null, "text", { userIdentity: "not an object" }])(
    "does not ignore an unreadable record %j",
    (record) => {
      expect(eventOrigin(record, ROLES)).toEqual({
        byGuardrail: false,
        reason: "the record does not say who called",
      });
    },
  );
});

/** The User-Agent header a client sends (what CloudTrail records as `userAgent`), stopped before it is signed. */
async function userAgentSentBy(client: ReturnType<typeof createEcsClient>): Promise<string> {
  let userAgent = "";
  client.middlewareStack.addRelativeTo(
    () => async (args: { request: unknown }) => {
      userAgent = (args.request as { headers: Record<string, string> }).headers["user-agent"] ?? "";
      throw new Error("stopped before sending");
    },
    { relation: "after", toMiddleware: "getUserAgentMiddleware" },
  );
  await expect(client.send(new ListClustersCommand({}))).rejects.toThrow("stopped before sending");
  return userAgent;
}

describe("namesGuardrail", () => {
  it("recognises the user agent the guardrail's own clients send", async () => {
    vi.stubEnv("AWS_REGION", "eu-west-1");
    vi.stubEnv("AWS_ACCESS_KEY_ID", "AKIAEXAMPLE");
    vi.stubEnv("AWS_SECRET_ACCESS_KEY", "example");
    try {
      expect(namesGuardrail(await userAgentSentBy(createEcsClient()))).toBe(true);
    } finally {
      vi.unstubAllEnvs();
    }
  });

  it.each([
    [GUARDRAIL_AGENT, true],
    ["ecs-guardrails/0.1.0", true],
    [CLI_AGENT, false],
    [LOOK_ALIKE_AGENT, false],
    [undefined, false],
  ])("%j → %s", (userAgent, expected) => {
    expect(namesGuardrail(userAgent)).toBe(expected);
  });
});
