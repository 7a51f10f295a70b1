/** Whether `value` matches `glob`, where `*` matches any run of characters other than `/` and the rest is literal. */
export function globMatches(glob: string, value: string): boolean {
  const source = glob
    .split("*")
    .map((literal) => literal.replaceAll(/[.*+?^${}()|[\]\\]/g, "\\$&"))
    .join("[^/]*");
  return new RegExp(`^${source}$`).test(value);
}
