import {
  type AwsSecurityFinding,
  BatchImportFindingsCommand,
  type SecurityHubClient,
} from "@aws-sdk/client-securityhub";

/** BatchImportFindings accepts up to 100 findings and 6 MB a request (read as 6,000,000 bytes, less the envelope). */
export const MAX_FINDINGS_PER_CALL = 100;
const MAX_REQUEST_BYTES = 6_000_000 - 16_384;

export interface FailedFinding {
  readonly id: string;
  readonly errorCode: string;
  readonly errorMessage: string;
}

/** Findings Security Hub still refused after every retry. Ids are deterministic, so retrying the records is safe. */
export class FindingImportError extends Error {
  override readonly name = "FindingImportError";
  readonly failed: readonly FailedFinding[];

  constructor(failed: readonly FailedFinding[], options?: ErrorOptions) {
    super(
      `Security Hub did not import ${failed.length} finding(s): ${failed
        .slice(0, 5)
        .map((finding) => `${finding.id} (${finding.errorCode})`)
        .join(", ")}${failed.length > 5 ? ", …" : ""}`,
      options,
    );
    this.failed = failed;
  }
}

export interface PublishOptions {
  /** Attempts per finding that Security Hub reports in `FailedFindings` (the SDK retries whole calls itself). */
  readonly attempts?: number;
  /** First backoff before retrying failed findings; doubles each attempt, with jitter. */
  readonly backoffMilliseconds?: number;
  /** Least time between two calls, so concurrent invocations together stay under Security Hub's rate. */
  readonly minimumIntervalMilliseconds?: number;
  /**
   * When no call may start any more (epoch milliseconds): the invocation ends soon after. The findings not sent by
   * then fail with `DeadlineReached`, so their records return to the queue instead of the whole batch timing out.
   */
  readonly deadline?: number;
  readonly sleep?: (milliseconds: number) => Promise<void>;
}

/** The error code of the findings a deadline left unsent. */
export const DEADLINE_REACHED = "DeadlineReached";

class DeadlineReached extends Error {
  override readonly name = DEADLINE_REACHED;
}

export interface PublishSummary {
  readonly published: number;
  readonly calls: number;
}

/**
 * Imports findings into Security Hub in as few calls as the limits allow, retrying the findings it
 * reports as failed. Throws `FindingImportError` naming every finding that stayed failed.
 */
export async function publishFindings(
  client: SecurityHubClient,
  findings: readonly AwsSecurityFinding[],
  options: PublishOptions = {},
): Promise<PublishSummary> {
  const attempts = options.attempts ?? 3;
  const backoff = options.backoffMilliseconds ?? 200;
  const interval = options.minimumIntervalMilliseconds ?? 0;
  const sleep =
    options.sleep ?? ((milliseconds) => new Promise((resolve) => setTimeout(resolve, milliseconds)));
  const failed: FailedFinding[] = [];
  let calls = 0;
  let lastCall = Number.NEGATIVE_INFINITY;
  let cause: unknown;

  const send = async (batch: readonly AwsSecurityFinding[]) => {
    const wait = lastCall + interval - Date.now();
    if (options.deadline !== undefined && Date.now() + Math.max(wait, 0) > options.deadline) {
      throw new DeadlineReached(
        "not sent: the invocation's time runs out before Security Hub's rate allows this call; the records return to the queue",
      );
    }
    if (wait > 0) await sleep(wait);
    lastCall = Date.now();
    calls += 1;
    return client.send(new BatchImportFindingsCommand({ Findings: [...batch] }));
  };

  const queued = batches(findings);
  for (let batch = queued.shift(); batch !== undefined; batch = queued.shift()) {
    let pending = batch;
    for (let attempt = 1; pending.length > 0; attempt += 1) {
      let refused: FailedFinding[];
      try {
        const output = await send(pending);
        refused = (output.FailedFindings ?? []).map((finding) => ({
          id: finding.Id ?? "",
          errorCode: finding.ErrorCode ?? "Unknown",
          errorMessage: finding.ErrorMessage ?? "",
        }));
      } catch (error) {
        // Security Hub refuses a whole request for one invalid finding: halves are sent until it stands alone, so
        // only that finding (and its records) fails.
        if (error instanceof Error && error.name === "InvalidInputException" && pending.length > 1) {
          const middle = Math.ceil(pending.length / 2);
          queued.unshift(pending.slice(0, middle), pending.slice(middle));
          break;
        }
        // The SDK already retried this call; what is left (access denied, an exhausted retry budget) is reported.
        cause = error;
        const errorCode = error instanceof Error ? error.name : "Error";
        const errorMessage = error instanceof Error ? error.message : String(error);
        failed.push(...pending.map((finding) => ({ id: finding.Id ?? "", errorCode, errorMessage })));
        break;
      }
      if (refused.length === 0) break;
      if (attempt >= attempts) {
        failed.push(...refused);
        break;
      }
      const refusedIds = new Set(refused.map((finding) => finding.id));
      pending = pending.filter((finding) => refusedIds.has(finding.Id ?? ""));
      await sleep(backoff * 2 ** (attempt - 1) * (0.5 + Math.random() / 2));
    }
  }

  if (failed.length > 0) throw new FindingImportError(failed, cause === undefined ? undefined : { cause });
  return { published: findings.length, calls };
}

/** Splits findings into requests of at most 100 findings and under 6 MB. */
export function batches(findings: readonly AwsSecurityFinding[]): AwsSecurityFinding[][] {
  const result: AwsSecurityFinding[][] = [];
  let current: AwsSecurityFinding[] = [];
  let bytes = 0;
  for (const finding of findings) {
    const size = Buffer.byteLength(JSON.stringify(finding));
    if (
      current.length === MAX_FINDINGS_PER_CALL ||
      (current.length > 0 && bytes + size > MAX_REQUEST_BYTES)
    ) {
      result.push(current);
      current = [];
      bytes = 0;
    }
    current.push(finding);
    bytes += size;
  }
  if (current.length > 0) result.push(current);
  return result;
}
