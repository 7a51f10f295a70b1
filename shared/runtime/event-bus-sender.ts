import {
  type EventBridgeClient,
  PutEventsCommand,
  type PutEventsRequestEntry,
} from "@aws-sdk/client-eventbridge";
import { chunksOf } from "../model/chunks.ts";
import type { FollowUp } from "./event-evaluator.ts";
import type { FollowUpSender } from "./pipeline.ts";

/** PutEvents takes up to 10 entries a call. */
const ENTRIES_PER_CALL = 10;
/** Sends of the entries EventBridge reports failed (the SDK retries failed calls itself). */
const ATTEMPTS = 3;

/** Sends follow-up work to the account's default event bus, whose rule queues it for the function. */
export function eventBusSender(client: EventBridgeClient): FollowUpSender {
  return {
    async send(followUps) {
      for (const chunk of chunksOf(followUps.map(entryOf), ENTRIES_PER_CALL)) {
        let pending = chunk;
        for (let attempt = 1; pending.length > 0; attempt += 1) {
          const output = await client.send(new PutEventsCommand({ Entries: pending }));
          const failed = pending.filter((_, index) => output.Entries?.[index]?.ErrorCode !== undefined);
          if (failed.length > 0 && attempt === ATTEMPTS) {
            const codes = [...new Set(output.Entries?.flatMap((entry) => entry.ErrorCode ?? []))].join(", ");
            throw new Error(`EventBridge did not accept ${failed.length} follow-up event(s) (${codes})`);
          }
          pending = failed;
        }
      }
    },
  };
}

function entryOf(followUp: FollowUp): PutEventsRequestEntry {
  return {
    EventBusName: "default",
    Source: followUp.source,
    DetailType: followUp.detailType,
    Detail: JSON.stringify(followUp.detail),
  };
}
