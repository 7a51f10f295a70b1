import { globMatches } from "./glob.ts";

/**
 * A container image reference, `[registry[:port]/]repository[:tag][@digest]`, read as Docker reads it.
 * Images without a registry come from Docker Hub; `registry` is then undefined.
 */
export interface ImageReference {
  /** The registry host with its port, lowercased (host names ignore case); undefined when none is written. */
  readonly registry: string | undefined;
  /** The repository path inside the registry, as written (`nginx`, `library/nginx`, `team/app`). */
  readonly repository: string;
  readonly tag: string | undefined;
  /** `algorithm:hex`, such as `sha256:…`. */
  readonly digest: string | undefined;
}

const HOST_LABEL = "[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?";
const REGISTRY = new RegExp(`^(?:${HOST_LABEL}(?:\\.${HOST_LABEL})*|\\[[0-9A-Fa-f:.]+\\])(?::[0-9]+)?$`);
// Docker wants lowercase repositories; ECS passes the image to Docker as written, so case is not judged here.
const PATH_COMPONENT = "[A-Za-z0-9]+(?:(?:[._]|__|-+)[A-Za-z0-9]+)*";
const REPOSITORY = new RegExp(`^${PATH_COMPONENT}(?:/${PATH_COMPONENT})*$`);
const TAG = /^\w[\w.-]{0,127}$/;
const DIGEST = /^[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9a-fA-F]{32,}$/;
const SHA256_DIGEST = /^sha256:[0-9a-fA-F]{64}$/;

/**
 * Parses an image reference; undefined when it is none (empty, a template placeholder such as
 * `$$$IMAGE$$$` or `{{image}}`, stray characters). The first path part is a registry when it contains
 * `.` or `:`, is `localhost`, or has capitals (which repositories cannot); so `host:5000/app` has a port,
 * not a tag.
 */
export function parseImageReference(image: string): ImageReference | undefined {
  const [name = "", digest, ...more] = image.split("@");
  if (more.length > 0 || (digest !== undefined && !isDigest(digest))) return undefined;
  const slash = name.indexOf("/");
  const first = name.slice(0, slash);
  const hasRegistry =
    slash > 0 && (/[.:]/.test(first) || first === "localhost" || first !== first.toLowerCase());
  const registry = hasRegistry ? first : undefined;
  const remainder = hasRegistry ? name.slice(slash + 1) : name;
  const colon = remainder.lastIndexOf(":");
  const repository = colon === -1 ? remainder : remainder.slice(0, colon);
  const tag = colon === -1 ? undefined : remainder.slice(colon + 1);
  if (registry !== undefined && !REGISTRY.test(registry)) return undefined;
  if (!REPOSITORY.test(repository) || (tag !== undefined && !TAG.test(tag))) return undefined;
  return { registry: registry?.toLowerCase(), repository, tag, digest };
}

function isDigest(digest: string): boolean {
  return DIGEST.test(digest) && (!digest.startsWith("sha256:") || SHA256_DIGEST.test(digest));
}

/** Host names Docker Hub answers on; an image without a registry is pulled from it too. */
const DOCKER_HUB_HOSTS = new Set([
  "docker.io",
  "index.docker.io",
  "registry-1.docker.io",
  "registry.hub.docker.com",
]);

export function isDockerHub(image: ImageReference): boolean {
  return image.registry === undefined || DOCKER_HUB_HOSTS.has(image.registry);
}

/**
 * Private ECR: `<account>.dkr.ecr[-fips].<region>.amazonaws.com[.cn]`, or the dual-stack
 * `<account>.dkr-ecr[-fips].<region>.on.aws`.
 */
const ECR_PRIVATE =
  /^(\d{12})\.(?:dkr\.ecr(?:-fips)?\.([a-z0-9-]+)\.amazonaws\.com(?:\.cn)?|dkr-ecr(?:-fips)?\.([a-z0-9-]+)\.on\.aws)$/;

export function isEcrPrivate(image: ImageReference): boolean {
  return image.registry !== undefined && ECR_PRIVATE.test(image.registry);
}

export const ECR_PUBLIC_REGISTRY = "public.ecr.aws";

export function isEcrPublic(image: ImageReference): boolean {
  return image.registry === ECR_PUBLIC_REGISTRY;
}

/** The registry an image is pulled from, Docker Hub's under its canonical name `docker.io`. */
export function registryOf(image: ImageReference): string {
  return isDockerHub(image) ? "docker.io" : (image.registry ?? "docker.io");
}

/**
 * The image's registry and repository as Docker names them in full: `nginx` is `docker.io/library/nginx`,
 * `index.docker.io/team/app` is `docker.io/team/app`.
 */
export function canonicalRepository(image: ImageReference): string {
  const official = isDockerHub(image) && !image.repository.includes("/");
  return `${registryOf(image)}/${official ? "library/" : ""}${image.repository}`;
}

/**
 * Whether an image's repository is covered by a pattern naming a registry host, or a host and a repository
 * prefix: `public.ecr.aws/aws-observability` covers `public.ecr.aws/aws-observability/aws-for-fluent-bit`
 * but not `public.ecr.aws/aws-observability-x/app`. Parts are compared whole; `*` matches any run of
 * characters within one part (`*.dkr.ecr.*.amazonaws.com`). Hosts ignore case, and Docker Hub's host
 * names are one (`docker.io/library` covers `nginx`).
 */
export function matchesRepositoryPattern(image: ImageReference, pattern: string): boolean {
  const [host = "", ...path] = pattern.trim().replace(/\/+$/, "").split("/");
  const patternHost = DOCKER_HUB_HOSTS.has(host.toLowerCase()) ? "docker.io" : host.toLowerCase();
  const patternParts = [patternHost, ...path];
  const imageParts = canonicalRepository(image).split("/");
  if (host === "" || patternParts.length > imageParts.length) return false;
  return patternParts.every((part, index) => globMatches(part, imageParts[index] ?? ""));
}
