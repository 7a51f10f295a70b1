/**
 * The error codes AWS answers a call the guardrail is not allowed to make with: IAM's `AccessDenied`, ECS's and
 * most JSON services' `AccessDeniedException`, EC2's `UnauthorizedOperation`. An SCP or a permissions boundary
 * that denies a call denies every retry of it as well, so a reader reports the read as skipped instead of failing
 * the record: retried, it would only fail until the queue dead-letters it.
 */
const ACCESS_DENIED_CODES: ReadonlySet<string> = new Set([
  "AccessDenied",
  "AccessDeniedException",
  "UnauthorizedOperation",
]);

export function isAccessDenied(error: unknown): error is Error {
  return error instanceof Error && ACCESS_DENIED_CODES.has(error.name);
}
