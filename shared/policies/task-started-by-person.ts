import * as z from "zod/mini";
import { isUnresolved, type Resolvable } from "../model/resolvable.ts";
import type { Caller, SessionContext } from "../model/types.ts";
import {
  definePolicy,
  notApplicable,
  type Observation,
  undecided,
  unknown,
  violation,
} from "./define-policy.ts";
import { globMatches } from "./utils/glob.ts";

const IDENTITY = "/caller/userIdentity";
const SESSION_ISSUER = `${IDENTITY}/sessionContext/sessionIssuer/userName`;
const MFA_AUTHENTICATED = `${IDENTITY}/sessionContext/attributes/mfaAuthenticated`;

type MessageId =
  | "root"
  | "iamUser"
  | "console"
  | "peopleRole"
  | "mfaSession"
  | "noIdentity"
  | "noSessionIssuer"
  | "notRecorded";

const rolePatterns = (description: string, defaults: string[]) => ({
  description,
  schema: z.array(
    z.string().check(z.regex(/^[\w+=,.@*-]+$/, "expected an IAM role name, with * matching any characters")),
  ),
  default: defaults,
});

export default definePolicy({
  id: "task-started-by-person",
  title: "ECS tasks are started by pipelines and AWS services, not by people",
  severity: "MEDIUM",
  resource: "Task",
  controls: [],
  practice: "H10: Isolate end users from the Amazon ECS API behind automated pipelines",
  rationale:
    "A task a person starts by hand runs outside the reviewed deployment path: its task definition, overrides " +
    "(command, environment, role) and network settings were never checked by a pipeline, and whoever may call " +
    "RunTask can run any code with any task role the account lets them pass. The guide advises keeping people " +
    "off the ECS API and letting pipelines and schedules start tasks for them.",
  deviations:
    "Only RunTask and StartTask are judged; the catalog row names every mutating call. People are IAM users, the " +
    "root user, console sessions, roles matching peopleRolePatterns (IAM Identity Center's AWSReservedSSO_* by " +
    "default) and, beyond the catalog, roles assumed with MFA, which only a person can present. Calls an AWS " +
    "service makes (invokedBy: EventBridge, EventBridge Scheduler, ECS) and other roles are automation; " +
    "automationRolePatterns overrides the role rules, not IAM users, whose long-term keys the guide advises " +
    "against anyway. Offline nothing records who starts a task, so the policy does not apply.",
  messages: {
    root: "the account's root user started the task",
    iamUser: "the IAM user {{who}} started the task",
    console: "{{who}} started the task from the AWS Management Console",
    peopleRole:
      "{{who}} started the task through the role {{role}}, which matches the people-role pattern {{pattern}}",
    mfaSession: "{{who}} started the task through the role {{role}}, assumed with MFA",
    noIdentity: "the CloudTrail record holds no userIdentity",
    noSessionIssuer: "{{who}} is an assumed role whose session issuer CloudTrail did not record",
    notRecorded: "no CloudTrail record says who started the task (offline)",
  } satisfies Record<MessageId, string>,
  remediation: {
    recommendation:
      "Start tasks from a pipeline, an EventBridge schedule or Step Functions, and take ecs:RunTask and " +
      "ecs:StartTask away from people's roles (keep a break-glass role for incidents, listed in " +
      "automationRolePatterns only if its use is reviewed elsewhere).",
    url: "https://docs.aws.amazon.com/AmazonECS/latest/developerguide/security_iam_id-based-policy-examples.html",
    fixable: false,
  },
  parameters: {
    peopleRolePatterns: rolePatterns(
      "Names of IAM roles people assume, `*` matching any characters (for example `Admin*`). Default: the roles " +
        "IAM Identity Center creates for permission sets.",
      ["AWSReservedSSO_*"],
    ),
    automationRolePatterns: rolePatterns(
      "Names of IAM roles that are automation even when a person-like rule matches them (a pipeline role " +
        "assumed with MFA, a role matching a broad people pattern).",
      [],
    ),
  },
  evaluate: ({ caller }, { parameters: { peopleRolePatterns, automationRolePatterns } }) => {
    if (isUnresolved(caller)) return [undecided(caller)];
    if (caller === undefined) return [notApplicable<MessageId>("notRecorded")];
    const identity = caller.userIdentity;
    if (isUnresolved(identity)) return [undecided(identity)];
    if (identity === undefined) return [unknown<MessageId>("noIdentity", IDENTITY)];
    const { type, arn, invokedBy, sessionContext } = identity;
    for (const value of [type, arn, invokedBy, caller.sessionCredentialFromConsole, caller.userAgent]) {
      if (isUnresolved(value)) return [undecided(value)];
    }
    // An AWS service made the call on someone's behalf: a rule, a schedule or a service starting its tasks.
    if (typeof invokedBy === "string" && invokedBy !== "") return [];
    const who = typeof arn === "string" && arn !== "" ? arn : "an unrecorded principal";
    if (type === "Root") return [violation<MessageId>("root", `${IDENTITY}/type`)];
    if (type === "IAMUser") return [violation<MessageId>("iamUser", `${IDENTITY}/type`, { who })];
    const consolePath = consoleEvidence(caller);
    if (consolePath !== undefined) return [violation<MessageId>("console", consolePath, { who })];
    if (type !== "AssumedRole") return [];
    return judgeRole(sessionContext, who, peopleRolePatterns, automationRolePatterns);
  },
});

/** Where the record says the call came from a console session, if it does. */
function consoleEvidence({ sessionCredentialFromConsole, userAgent }: Caller): string | undefined {
  if (sessionCredentialFromConsole === true) return "/caller/sessionCredentialFromConsole";
  const viaConsole =
    typeof userAgent === "string" && userAgent.startsWith("console.") && userAgent.endsWith(".amazonaws.com");
  return viaConsole ? "/caller/userAgent" : undefined;
}

/** An assumed role is a person's when a people pattern or MFA says so, unless an automation pattern says not. */
function judgeRole(
  sessionContext: Resolvable<SessionContext | undefined>,
  who: string,
  peopleRolePatterns: readonly string[],
  automationRolePatterns: readonly string[],
): readonly Observation<MessageId>[] {
  if (isUnresolved(sessionContext)) return [undecided(sessionContext)];
  const issuer = sessionContext?.sessionIssuer;
  if (isUnresolved(issuer)) return [undecided(issuer)];
  const role = issuer?.userName;
  if (isUnresolved(role)) return [undecided(role)];
  if (role === undefined || role === "") return [unknown("noSessionIssuer", SESSION_ISSUER, { who })];
  if (automationRolePatterns.some((pattern) => globMatches(pattern, role))) return [];
  const pattern = peopleRolePatterns.find((candidate) => globMatches(candidate, role));
  if (pattern !== undefined) return [violation("peopleRole", SESSION_ISSUER, { who, role, pattern })];
  const attributes = sessionContext?.attributes;
  if (isUnresolved(attributes)) return [undecided(attributes)];
  const mfaAuthenticated = attributes?.mfaAuthenticated;
  if (isUnresolved(mfaAuthenticated)) return [undecided(mfaAuthenticated)];
  return mfaAuthenticated === true ? [violation("mfaSession", MFA_AUTHENTICATED, { who, role })] : [];
}
