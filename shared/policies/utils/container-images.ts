/**
 * The repository part of an image reference, without tag or digest: `public.ecr.aws/falcosecurity/falco`
 * for `public.ecr.aws/falcosecurity/falco:0.37.1@sha256:…`. A registry port (`host:5000/app`) is not a tag.
 */
export function imageRepository(image: string): string {
  const withoutDigest = image.trim().split("@", 1)[0] ?? "";
  const tagSeparator = withoutDigest.indexOf(":", withoutDigest.lastIndexOf("/") + 1);
  return tagSeparator === -1 ? withoutDigest : withoutDigest.slice(0, tagSeparator);
}

/**
 * Whether an image's repository is one of the prefixes, matched on path segments: `registry/team` allows
 * `registry/team` and `registry/team/agent`, never `registry/team-other`; a prefix ending in `/` only what is below.
 */
export function isImageAllowed(image: string, prefixes: readonly string[]): boolean {
  const repository = imageRepository(image);
  return prefixes.some((prefix) =>
    prefix.endsWith("/")
      ? repository.startsWith(prefix)
      : repository === prefix || repository.startsWith(`${prefix}/`),
  );
}
