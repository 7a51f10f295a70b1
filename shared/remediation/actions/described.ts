import type { Failure } from "@aws-sdk/client-ecs";
import type { ApiCall } from "./action.ts";

/** A describe call answered with a failure other than MISSING: the check cannot say what to do. */
export class CheckFailedError extends Error {
  override readonly name = "CheckFailedError";
  readonly call: ApiCall;
  readonly failures: readonly Failure[];

  constructor(call: ApiCall, failures: readonly Failure[]) {
    super(
      `${call.operation} failed: ${failures.map((failure) => `${failure.arn ?? "?"} ${failure.reason ?? "?"} ${failure.detail ?? ""}`.trim()).join("; ")}`,
    );
    this.call = call;
    this.failures = failures;
  }
}

/**
 * The one resource an ECS Describe* call for a single resource returned: `undefined` when ECS reports it MISSING
 * (it no longer exists). Any other failure is thrown, so the caller retries.
 */
export function describedOne<Described>(
  call: ApiCall,
  described: readonly Described[] | undefined,
  failures: readonly Failure[] | undefined,
): Described | undefined {
  const [found] = described ?? [];
  if (found !== undefined) return found;
  const unexpected = (failures ?? []).filter((failure) => failure.reason !== "MISSING");
  if (unexpected.length > 0) throw new CheckFailedError(call, unexpected);
  return undefined;
}
