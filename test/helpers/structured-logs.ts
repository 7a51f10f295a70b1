import { vi } from "vitest";

/**
 * The structured log lines the handler writes (Powertools writes INFO to stdout, WARN and ERROR to stderr), kept
 * instead of printed. `lines` is emptied with `clear()` between tests; `vi.restoreAllMocks()` prints again.
 */
export function captureStructuredLogs(): { readonly lines: Record<string, unknown>[]; clear(): void } {
  const lines: Record<string, unknown>[] = [];
  const capture = (chunk: string | Uint8Array) => {
    for (const line of String(chunk).split("\n").filter(Boolean)) {
      try {
        lines.push(JSON.parse(line));
      } catch {
        // not a structured log line
      }
    }
    return true;
  };
  vi.spyOn(process.stdout, "write").mockImplementation(capture);
  vi.spyOn(process.stderr, "write").mockImplementation(capture);
  return { lines, clear: () => void lines.splice(0) };
}

/** Drops the handler's log lines, for tests that read none of them; `vi.restoreAllMocks()` prints again. */
export function silenceStructuredLogs(): void {
  vi.spyOn(process.stdout, "write").mockImplementation(() => true);
  vi.spyOn(process.stderr, "write").mockImplementation(() => true);
}
