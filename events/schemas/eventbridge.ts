import { z } from "zod";

/**
 * The EventBridge envelope, with only the fields the guardrail reads checked. Loose objects: AWS adds
 * fields, and an unknown field must never make an event malformed.
 */
export const eventBridgeEnvelope = z.looseObject({
  version: z.string().optional(),
  id: z.string().min(1),
  "detail-type": z.string().min(1),
  source: z.string().min(1),
  account: z.string().regex(/^\d{12}$/, "a 12-digit AWS account id"),
  time: z.iso.datetime({ offset: true }),
  region: z.string().min(1),
  resources: z.array(z.string()).optional(),
  detail: z.looseObject({}),
});

export type EventBridgeEnvelope = z.infer<typeof eventBridgeEnvelope>;
