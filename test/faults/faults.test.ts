import type { SQSBatchResponse, SQSEvent } from "aws-lambda";
import { describe, expect, it } from "vitest";
import { drain } from "./faults.ts";

/** A handler that fails the record on its first `failures` receives, and records the receive counts it was given. */
function failingFor(failures: number) {
  const receiveCounts: string[] = [];
  const handler = async (event: SQSEvent): Promise<SQSBatchResponse> => {
    const failed = event.Records.filter((record) => {
      receiveCounts.push(record.attributes.ApproximateReceiveCount);
      return Number(record.attributes.ApproximateReceiveCount) <= failures;
    });
    return { batchItemFailures: failed.map((record) => ({ itemIdentifier: record.messageId })) };
  };
  return { handler, receiveCounts };
}

describe("drain: SQS's redrive at the maxReceiveCount boundary", () => {
  it.each([
    { failures: 0, receives: 1, redriven: false },
    { failures: 4, receives: 5, redriven: false },
    { failures: 5, receives: 5, redriven: true },
    { failures: 50, receives: 5, redriven: true },
  ])(
    "a record failing its first $failures receive(s) of 5: received $receives times, redriven: $redriven",
    async ({ failures, receives, redriven }) => {
      const { handler, receiveCounts } = failingFor(failures);
      const result = await drain(handler, [{ id: "record", body: {} }], 5);
      expect(result.receives.get("record")).toBe(receives);
      expect(result.redriven.has("record")).toBe(redriven);
      expect(result.deleted.has("record")).toBe(!redriven);
      expect(receiveCounts).toEqual(Array.from({ length: receives }, (_, index) => String(index + 1)));
    },
  );
});
