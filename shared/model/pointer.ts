/** Builds a JSON pointer (RFC 6901) from path segments. */
export function pointer(...segments: readonly (string | number)[]): string {
  return segments
    .map((segment) => `/${String(segment).replaceAll("~", "~0").replaceAll("/", "~1")}`)
    .join("");
}

/** Splits a JSON pointer (RFC 6901) into its segments. */
export function segmentsOf(jsonPointer: string): string[] {
  if (jsonPointer === "") return [];
  return jsonPointer
    .slice(1)
    .split("/")
    .map((segment) => segment.replaceAll("~1", "/").replaceAll("~0", "~"));
}
