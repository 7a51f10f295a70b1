import * as z from "zod/mini";

/**
 * The product the guardrail's SDK clients append to their user agent (`customUserAgent` in
 * `shared/aws/clients.ts`; a test sends a request with those clients to keep the two the same).
 */
export const USER_AGENT_NAME = "ecs-guardrails";

/**
 * The IAM roles the guardrail acts through, as the stack deploys them: exact role ARNs
 * (`arn:aws:iam::123456789012:role/ecs-guardrails-production-RemediationRole-a1b2c3`). No wildcards: whoever
 * may create a role whose name matched a pattern could have their own calls ignored.
 */
export interface GuardrailRoles {
  readonly roleArns: readonly string[];
}

/** Whether the guardrail itself made the call an event records, and why the guard thinks so. */
export interface EventOrigin {
  readonly byGuardrail: boolean;
  readonly reason: string;
}

// The fields of a CloudTrail record that say who called; everything else is left alone.
const callerFields = z.looseObject({
  userAgent: z.optional(z.string()),
  userIdentity: z.optional(
    z.looseObject({
      type: z.optional(z.string()),
      arn: z.optional(z.string()),
      invokedBy: z.optional(z.string()),
      sessionContext: z.optional(
        z.looseObject({
          sessionIssuer: z.optional(
            z.looseObject({ type: z.optional(z.string()), arn: z.optional(z.string()) }),
          ),
        }),
      ),
    }),
  ),
});

const ASSUMED_ROLE_ARN = /^arn:([\w-]+):sts::(\d{12}):assumed-role\/([^/]+)\/.+$/;
// A role's path is optional and role names are unique in an account, so partition, account and name identify it.
const ROLE_ARN = /^arn:([\w-]+):iam::(\d{12}):role\/(?:.*\/)?([^/]+)$/;

/**
 * Whether the call a CloudTrail record (the `detail` of an "AWS API Call via CloudTrail" event) describes was
 * made by one of the guardrail's roles, so a repair never triggers another repair. Pure.
 *
 * The caller's identity decides, whether the role called itself or an AWS service called on its behalf
 * (`invokedBy`). The user agent only confirms: anyone can set theirs to `ecs-guardrails/…`, and trusting that
 * word alone would let anyone's changes escape repair; so a record that names the guardrail in its user agent
 * but comes from another identity is reported as such, and not taken for the guardrail's.
 */
export function eventOrigin(record: unknown, roles: GuardrailRoles): EventOrigin {
  const parsed = callerFields.safeParse(record);
  if (!parsed.success) return { byGuardrail: false, reason: "the record does not say who called" };
  const { userAgent, userIdentity } = parsed.data;
  const role = roleArnOf(userIdentity);
  const claimsGuardrail = namesGuardrail(userAgent);
  if (role !== undefined && roles.roleArns.some((roleArn) => sameRole(roleArn, role))) {
    const through = userIdentity?.invokedBy === undefined ? "" : ` through ${userIdentity.invokedBy}`;
    const agent = claimsGuardrail ? ` with the ${USER_AGENT_NAME} user agent` : "";
    return { byGuardrail: true, reason: `called by the guardrail's role ${role}${through}${agent}` };
  }
  const caller = role ?? userIdentity?.arn ?? userIdentity?.type ?? "an unnamed caller";
  if (claimsGuardrail) {
    return {
      byGuardrail: false,
      reason: `the user agent names ${USER_AGENT_NAME} but the caller ${caller} is not one of its roles`,
    };
  }
  return { byGuardrail: false, reason: `called by ${caller}` };
}

/** The IAM role behind an assumed-role session: its issuer, else the role named in the session's ARN. */
function roleArnOf(userIdentity: z.infer<typeof callerFields>["userIdentity"]): string | undefined {
  if (userIdentity?.type !== "AssumedRole") return undefined;
  const issuer = userIdentity.sessionContext?.sessionIssuer;
  if (issuer?.type === "Role" && issuer.arn !== undefined) return issuer.arn;
  const session = ASSUMED_ROLE_ARN.exec(userIdentity.arn ?? "");
  if (session === null) return undefined;
  const [, partition, account, roleName] = session;
  return `arn:${partition}:iam::${account}:role/${roleName}`;
}

/** Whether a user agent carries the guardrail's `ecs-guardrails/<version>` product token. */
export function namesGuardrail(userAgent: string | undefined): boolean {
  return (userAgent ?? "").split(/\s+/).some((token) => token.startsWith(`${USER_AGENT_NAME}/`));
}

function sameRole(left: string, right: string): boolean {
  const [leftRole, rightRole] = [ROLE_ARN.exec(left), ROLE_ARN.exec(right)];
  if (leftRole === null || rightRole === null) return false;
  return leftRole.slice(1).join(":") === rightRole.slice(1).join(":");
}
