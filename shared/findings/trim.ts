import { isRecord } from "../model/read.ts";
/**
 * Keeping a finding within the limits Security Hub documents: texts cut to their length, lists cut to what
 * fits with a count of what was left out, the finding under 240 KB. What is cut is always said, never silent.
 */

/** `text` in at most `maximum` characters, with `…` where it was cut. */
export function truncate(text: string, maximum: number): string {
  if (text.length <= maximum) return text;
  let end = maximum - 1;
  // Never cut a surrogate pair (an emoji in a user-written value) in half.
  if (/[\uD800-\uDBFF]/.test(text.charAt(end - 1))) end -= 1;
  return `${text.slice(0, end)}…`;
}

/** `… 12 more lines left out` */
function leftOut(count: number, noun: string): string {
  return `… ${count} more ${noun}${count === 1 ? "" : "s"} left out`;
}

/**
 * `items` joined by `separator` in at most `maximum` characters: whole items, in order, while they fit, then how
 * many were left out (`… 12 more lines left out`). The first item (a finding's rationale) is cut rather than left
 * out, and so is the second (the first piece of evidence) when it does not fit whole, so some evidence is shown.
 */
export function joinWithin(
  items: readonly string[],
  separator: string,
  maximum: number,
  noun: string,
): string {
  const whole = items.join(separator);
  if (whole.length <= maximum) return whole;
  const [first = "", ...rest] = items;
  const noteFor = (count: number) => (count === 0 ? "" : `${separator}${leftOut(count, noun)}`);
  let text = truncate(first, maximum - noteFor(rest.length).length);
  let kept = 0;
  for (const item of rest) {
    const note = noteFor(rest.length - kept - 1);
    const room = maximum - text.length - separator.length - note.length;
    // A cut line needs room for at least one character and its `…`.
    if (item.length > room && (kept > 0 || room < 2)) break;
    text = `${text}${separator}${truncate(item, room)}`;
    kept += 1;
  }
  return `${text}${noteFor(rest.length - kept)}`;
}

/** A list of the details cut to its first entries. */
interface CutList {
  readonly path: string;
  readonly kept: number;
  readonly total: number;
}

/** Details and what was left out of them to make them fit. */
export interface TrimmedDetails {
  /** `undefined` when even details without any list would not fit. */
  readonly details: Record<string, unknown> | undefined;
  /** What was left out, as a finding says it; `undefined` when nothing was. */
  readonly note: string | undefined;
}

/**
 * Details that fit (`fits` measures the finding they go into, note included). When they do not fit as they
 * are, every list is cut to the same number of first entries, the largest number that fits, so the longest
 * lists lose the most. Innermost lists go first (each container's environment, secrets and capabilities before
 * the containers themselves); only when no list is left are the details dropped.
 */
export function trimDetails(
  details: Record<string, unknown>,
  fits: (trimmed: TrimmedDetails) => boolean,
): TrimmedDetails {
  const untrimmed = { details, note: undefined };
  if (fits(untrimmed)) return untrimmed;
  for (let height = 1; height <= listHeight(details); height += 1) {
    const atCap = (cap: number) =>
      capped(details, (listHeightOf) =>
        listHeightOf < height ? 0 : listHeightOf === height ? cap : undefined,
      );
    if (!fits(atCap(0))) continue;
    let fitting = 0;
    let tooMany = longestList(details, height) + 1;
    while (tooMany - fitting > 1) {
      const middle = Math.floor((fitting + tooMany) / 2);
      if (fits(atCap(middle))) fitting = middle;
      else tooMany = middle;
    }
    return atCap(fitting);
  }
  return {
    details: undefined,
    note: "the resource's details were left out: even without their lists they exceed Security Hub's 240 KB per finding",
  };
}

/** The details with each list of the given height cut to `capOf(height)` entries (none: removed), and the note. */
function capped(
  details: Record<string, unknown>,
  capOf: (height: number) => number | undefined,
): TrimmedDetails {
  const cuts: CutList[] = [];
  const cut = (value: unknown, path: string): unknown => {
    if (Array.isArray(value)) {
      const cap = capOf(listHeight(value));
      const kept = (cap === undefined ? value : value.slice(0, cap)).map((item, index) =>
        cut(item, `${path}[${index}]`),
      );
      if (kept.length < value.length) cuts.push({ path, kept: kept.length, total: value.length });
      return kept.length === 0 ? undefined : kept;
    }
    if (!isRecord(value)) return value;
    return Object.fromEntries(
      Object.entries(value).flatMap(([key, member]) => {
        const trimmed = cut(member, path === "" ? key : `${path}.${key}`);
        return trimmed === undefined ? [] : [[key, trimmed]];
      }),
    );
  };
  const trimmed = cut(details, "") as Record<string, unknown>;
  return { details: trimmed, note: describeCuts(cuts) };
}

/**
 * `2400 entries … left out …: ContainerDefinitions[0].Environment (kept 60 of 500), …`, the lists that lost
 * the most first, since a long note is cut to what a product field holds.
 */
function describeCuts(cuts: readonly CutList[]): string | undefined {
  if (cuts.length === 0) return undefined;
  const left = cuts.reduce((sum, cut) => sum + cut.total - cut.kept, 0);
  const lists = [...cuts]
    .sort((one, other) => other.total - other.kept - (one.total - one.kept))
    .map((cut) => `${cut.path} (kept ${cut.kept} of ${cut.total})`)
    .join(", ");
  return `${left} entries of the resource's details left out to keep within Security Hub's 240 KB per finding: ${lists}`;
}

/** 0 for a value holding no list; 1 for a list of scalars or objects without lists; 2 for a list of those, … */
function listHeight(value: unknown): number {
  const inner = Array.isArray(value) ? value : isRecord(value) ? Object.values(value) : [];
  const below = inner.reduce((highest: number, member) => Math.max(highest, listHeight(member)), 0);
  return Array.isArray(value) ? below + 1 : below;
}

/** The length of the longest list of that height. */
function longestList(value: unknown, height: number): number {
  const inner = Array.isArray(value) ? value : isRecord(value) ? Object.values(value) : [];
  const own = Array.isArray(value) && listHeight(value) === height ? value.length : 0;
  return inner.reduce((longest: number, member) => Math.max(longest, longestList(member, height)), own);
}
