import * as z from "zod/mini";
import en from "zod/v4/locales/en.js";

// zod/mini tree-shakes to a fraction of zod's size in the Lambda bundle; English messages keep DLQ reasons readable.
z.config(en());

/**
 * The EventBridge envelope, with only the fields the guardrail reads checked. Loose objects: AWS adds
 * fields, and an unknown field must never make an event malformed.
 */
export const eventBridgeEnvelope = z.looseObject({
  version: z.optional(z.string()),
  id: z.string().check(z.minLength(1)),
  "detail-type": z.string().check(z.minLength(1)),
  source: z.string().check(z.minLength(1)),
  account: z.string().check(z.regex(/^\d{12}$/, "expected a 12-digit AWS account id")),
  time: z.iso.datetime({ offset: true }),
  // Findings carry it as Region (at most 16 characters) and in ARNs: anything else is no event EventBridge sent.
  region: z
    .string()
    .check(z.regex(/^[a-z]{2}(-[a-z]+)+-\d{1,2}$/, "expected an AWS region"), z.maxLength(16)),
  resources: z.optional(z.array(z.string())),
  detail: z.looseObject({}),
});

export type EventBridgeEnvelope = z.infer<typeof eventBridgeEnvelope>;
