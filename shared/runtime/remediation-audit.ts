import {
  BatchUpdateFindingsCommand,
  type BatchUpdateFindingsCommandInput,
  type SecurityHubClient,
  type WorkflowStatus,
} from "@aws-sdk/client-securityhub";
import { USER_AGENT_NAME } from "../remediation/loop-guard.ts";

/** A finding as BatchUpdateFindings names it. */
export interface FindingIdentifier {
  readonly Id: string;
  readonly ProductArn: string;
}

/**
 * What became of one action on one finding: `changed`, `already-fixed` and `gone` settle it; `planned` (a dry run),
 * `notified` and `refused` (the budget is spent) leave it for a person; `precluded` says why nothing could be done.
 */
export type AuditOutcome =
  | "changed"
  | "already-fixed"
  | "gone"
  | "planned"
  | "notified"
  | "refused"
  | "precluded";

export interface AuditEntry {
  readonly finding: FindingIdentifier;
  /** The id of the action, or `none` where no action was chosen (notify, a resource gone before any plan). */
  readonly action: string;
  readonly outcome: AuditOutcome;
  /** The note: mode, step, action and the call or outcome, in a sentence or two. */
  readonly text: string;
  readonly time: Date;
}

/** Security Hub accepts notes of up to 512 characters. */
export const NOTE_LIMIT = 512;

/** The prefix of the user-defined fields the audit writes, beside the note. */
export const AUDIT_FIELD_PREFIX = `${USER_AGENT_NAME}/remediation`;

const SETTLED: ReadonlySet<AuditOutcome> = new Set(["changed", "already-fixed", "gone"]);
const FOR_A_PERSON: ReadonlySet<AuditOutcome> = new Set(["planned", "notified", "refused"]);

/** The workflow status an outcome leaves the finding in; none for `precluded`, which changes nothing. */
export function workflowStatusOf(outcome: AuditOutcome): WorkflowStatus | undefined {
  if (SETTLED.has(outcome)) return "RESOLVED";
  if (FOR_A_PERSON.has(outcome)) return "NOTIFIED";
  return undefined;
}

/**
 * The BatchUpdateFindings request that records an entry on its finding: a note, the workflow status, and the action,
 * outcome and time as user-defined fields (a finding's ProductFields belong to BatchImportFindings, which would
 * compete with the next evaluation). Pure.
 */
export function auditRequest(entry: AuditEntry): BatchUpdateFindingsCommandInput {
  const status = workflowStatusOf(entry.outcome);
  return {
    FindingIdentifiers: [{ Id: entry.finding.Id, ProductArn: entry.finding.ProductArn }],
    Note: { Text: truncate(entry.text, NOTE_LIMIT), UpdatedBy: USER_AGENT_NAME },
    ...(status === undefined ? {} : { Workflow: { Status: status } }),
    UserDefinedFields: {
      [`${AUDIT_FIELD_PREFIX}-action`]: entry.action,
      [`${AUDIT_FIELD_PREFIX}-outcome`]: entry.outcome,
      [`${AUDIT_FIELD_PREFIX}-time`]: entry.time.toISOString(),
    },
  };
}

/** Security Hub refused to record an audit on a finding. */
export class AuditError extends Error {
  override readonly name = "AuditError";
  readonly finding: FindingIdentifier;

  constructor(finding: FindingIdentifier, reason: string) {
    super(`could not record the remediation on finding ${finding.Id}: ${reason}`);
    this.finding = finding;
  }
}

/** Concurrent writes to the same finding (an import racing the update) pass on a second try. */
const RETRIED_ERROR_CODES = ["ConcurrentUpdateError"];
const ATTEMPTS = 2;

/**
 * Records an entry on its finding. An update Security Hub leaves unprocessed is sent again once when the cause is a
 * concurrent update, and otherwise throws `AuditError`: the record returns to its queue, and its retry finds the
 * resource repaired (already fixed) and records that.
 */
export async function recordAudit(securityHub: SecurityHubClient, entry: AuditEntry): Promise<void> {
  const request = auditRequest(entry);
  for (let attempt = 1; ; attempt += 1) {
    const { UnprocessedFindings = [] } = await securityHub.send(new BatchUpdateFindingsCommand(request));
    const [unprocessed] = UnprocessedFindings;
    if (unprocessed === undefined) return;
    const code = unprocessed.ErrorCode ?? "an unnamed error";
    if (attempt >= ATTEMPTS || !RETRIED_ERROR_CODES.includes(code)) {
      throw new AuditError(entry.finding, `${code}: ${unprocessed.ErrorMessage ?? ""}`.trim());
    }
  }
}

function truncate(text: string, limit: number): string {
  return text.length <= limit ? text : `${text.slice(0, limit - 1)}…`;
}
