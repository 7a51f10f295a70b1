/** Builds a JSON pointer (RFC 6901) from path segments. */
export function pointer(...segments: readonly (string | number)[]): string {
  let path = "";
  for (const segment of segments) path += `/${escapeSegment(String(segment))}`;
  return path;
}

// Normalizers build a pointer for every field they read; nearly all are plain names or indices, with nothing to escape.
function escapeSegment(segment: string): string {
  if (!segment.includes("~") && !segment.includes("/")) return segment;
  return segment.replaceAll("~", "~0").replaceAll("/", "~1");
}

/** Splits a JSON pointer (RFC 6901) into its segments. */
export function segmentsOf(jsonPointer: string): string[] {
  if (jsonPointer === "") return [];
  return jsonPointer
    .slice(1)
    .split("/")
    .map((segment) => segment.replaceAll("~1", "/").replaceAll("~0", "~"));
}
