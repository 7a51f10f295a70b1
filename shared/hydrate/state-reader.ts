import type { ReadRequest } from "../model/cloudtrail.ts";

/** What a read returned: the API-shaped documents (none when the resource is gone), or why it was skipped. */
export type ReadOutcome = { readonly documents: readonly unknown[] } | { readonly skipped: string };

/** Reads state an event lacks. The deployed functions call ECS; replay answers from the event or skips. */
export interface StateReader {
  read(request: ReadRequest): Promise<ReadOutcome>;
}
