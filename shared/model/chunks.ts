/** `items` in consecutive chunks of at most `size` (the last one may be shorter), for calls that take a bounded list. */
export function chunksOf<Item>(items: readonly Item[], size: number): Item[][] {
  const result: Item[][] = [];
  for (let start = 0; start < items.length; start += size) result.push(items.slice(start, start + size));
  return result;
}
