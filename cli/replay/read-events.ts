/**
 * The events a replay file holds: one event, a JSON array of events, or JSON Lines; raw CloudTrail
 * records (alone, in an array, or as `{"Records": [...]}`) are wrapped as EventBridge delivers them.
 */
export function eventsFromText(text: string): unknown[] {
  const content = text.replace(/^\uFEFF/, "");
  let parsed: unknown;
  try {
    parsed = JSON.parse(content);
  } catch (error) {
    return fromJsonLines(content, error);
  }
  return unwrap(parsed).map(asEventBridgeEvent);
}

function fromJsonLines(content: string, wholeFileError: unknown): unknown[] {
  const lines = content.split(/\r?\n/);
  if (lines.filter((line) => line.trim() !== "").length < 2) {
    throw new Error(
      `not JSON: ${wholeFileError instanceof Error ? wholeFileError.message : String(wholeFileError)}`,
    );
  }
  return lines.flatMap((line, index) => {
    if (line.trim() === "") return [];
    try {
      return unwrap(JSON.parse(line)).map(asEventBridgeEvent);
    } catch (error) {
      throw new Error(
        `line ${index + 1} is not JSON: ${error instanceof Error ? error.message : String(error)}`,
      );
    }
  });
}

function unwrap(value: unknown): unknown[] {
  if (Array.isArray(value)) return value;
  if (isRecord(value) && Array.isArray(value.Records) && value["detail-type"] === undefined)
    return value.Records;
  return [value];
}

/** A raw CloudTrail record as EventBridge wraps it ("AWS API Call via CloudTrail"); anything else as it is. */
export function asEventBridgeEvent(value: unknown): unknown {
  if (!isRecord(value) || value["detail-type"] !== undefined) return value;
  if (typeof value.eventSource !== "string" || typeof value.eventName !== "string") return value;
  const identity = isRecord(value.userIdentity) ? value.userIdentity : {};
  return {
    version: "0",
    id: typeof value.eventID === "string" ? value.eventID : `${value.eventName}-${String(value.eventTime)}`,
    "detail-type": "AWS API Call via CloudTrail",
    source: `aws.${value.eventSource.split(".")[0]}`,
    account: value.recipientAccountId ?? identity.accountId,
    time: value.eventTime,
    region: value.awsRegion,
    resources: [],
    detail: value,
  };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
