import { describe, expect, it } from "vitest";
import {
  canonicalRepository,
  type ImageReference,
  isDockerHub,
  isEcrPrivate,
  isEcrPublic,
  matchesRepositoryPattern,
  parseImageReference,
} from "../../../shared/policies/utils/image-reference.ts";

/** A `${NAME}` variable reference, as templates and Fluent Bit write it. */
const variable = (name: string) => `\${${name}}`;

const DIGEST = "sha256:0a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8f9";

function reference(
  registry: string | undefined,
  repository: string,
  tag?: string,
  digest?: string,
): ImageReference {
  return { registry, repository, tag, digest };
}

/** image → parsed reference; every row decided on purpose (Docker's own reading). */
const PARSED: readonly (readonly [string, ImageReference])[] = [
  ["nginx", reference(undefined, "nginx")],
  ["nginx:1.25", reference(undefined, "nginx", "1.25")],
  ["library/nginx:latest", reference(undefined, "library/nginx", "latest")],
  ["amazon/aws-for-fluent-bit:stable", reference(undefined, "amazon/aws-for-fluent-bit", "stable")],
  [`nginx@${DIGEST}`, reference(undefined, "nginx", undefined, DIGEST)],
  [`nginx:1.25@${DIGEST}`, reference(undefined, "nginx", "1.25", DIGEST)],
  ["docker.io/library/nginx", reference("docker.io", "library/nginx")],
  [
    "123456789012.dkr.ecr.eu-west-1.amazonaws.com/team/app:1.4.2",
    reference("123456789012.dkr.ecr.eu-west-1.amazonaws.com", "team/app", "1.4.2"),
  ],
  [
    `123456789012.dkr.ecr.eu-west-1.amazonaws.com/app@${DIGEST}`,
    reference("123456789012.dkr.ecr.eu-west-1.amazonaws.com", "app", undefined, DIGEST),
  ],
  [
    "public.ecr.aws/aws-observability/aws-for-fluent-bit:init-latest",
    reference("public.ecr.aws", "aws-observability/aws-for-fluent-bit", "init-latest"),
  ],
  ["localhost/app", reference("localhost", "app")],
  ["localhost:5000/app", reference("localhost:5000", "app")],
  ["registry.example.com:5000/team/app", reference("registry.example.com:5000", "team/app")],
  ["127.0.0.1:51670/busybox:latest", reference("127.0.0.1:51670", "busybox", "latest")],
  ["[::1]:5000/app:v1", reference("[::1]:5000", "app", "v1")],
  ["Registry.Example.COM/app", reference("registry.example.com", "app")],
  ["MyRegistry/app", reference("myregistry", "app")],
  ["my_org/app__x:v1.0-rc_1", reference(undefined, "my_org/app__x", "v1.0-rc_1")],
  ["localhost:5000", reference(undefined, "localhost", "5000")],
  [
    "vault.habana.ai/gaudi-docker/1.1.0/ubuntu20.04/habanalabs/tensorflow:1.1.0-614",
    reference("vault.habana.ai", "gaudi-docker/1.1.0/ubuntu20.04/habanalabs/tensorflow", "1.1.0-614"),
  ],
];

/** Not image references: placeholders templates leave, and malformed names. */
const NOT_REFERENCES = [
  "",
  " ",
  "$$$IMAGE$$$",
  "{{image}}",
  "<image>",
  variable("ImageUrl"),
  "nginx:",
  ":latest",
  "/nginx",
  "nginx/",
  "team//app",
  "nginx:la test",
  "nginx:-latest",
  "nginx@sha256:1234",
  "nginx@sha256:xyz0a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8",
  `nginx@${DIGEST}@${DIGEST}`,
  "host:port/app",
  "-registry.example.com/app",
];

describe("parseImageReference", () => {
  it.each(PARSED)("%s", (image, expected) => {
    expect(parseImageReference(image)).toEqual(expected);
  });

  it.each(NOT_REFERENCES.map((image) => [image]))("rejects %j", (image) => {
    expect(parseImageReference(image)).toBeUndefined();
  });
});

function parsed(image: string): ImageReference {
  const result = parseImageReference(image);
  if (result === undefined) throw new Error(`${image} does not parse`);
  return result;
}

describe("registries", () => {
  const dockerHub = [
    "nginx",
    "library/nginx",
    "docker.io/nginx",
    "index.docker.io/team/app",
    "registry-1.docker.io/team/app",
    "registry.hub.docker.com/team/app",
    "DOCKER.IO/team/app",
  ];
  const notDockerHub = [
    "public.ecr.aws/nginx/nginx",
    "ghcr.io/team/app",
    "localhost:5000/nginx",
    "docker.io.example.com/nginx",
    "mcr.microsoft.com/windows/servercore/iis",
  ];
  it.each(dockerHub.map((image) => [image]))("%s is Docker Hub", (image) => {
    expect(isDockerHub(parsed(image))).toBe(true);
  });
  it.each(notDockerHub.map((image) => [image]))("%s is not Docker Hub", (image) => {
    expect(isDockerHub(parsed(image))).toBe(false);
  });

  const ecrPrivate = [
    "123456789012.dkr.ecr.eu-west-1.amazonaws.com/app",
    "123456789012.dkr.ecr-fips.us-gov-west-1.amazonaws.com/app",
    "123456789012.dkr.ecr.cn-north-1.amazonaws.com.cn/app",
    "123456789012.dkr-ecr.eu-west-1.on.aws/app",
    "840364872350.dkr.ecr.region-code.amazonaws.com/aws-appmesh-envoy",
  ];
  const notEcrPrivate = [
    "public.ecr.aws/app/app",
    "0123456789012.dkr.ecr.us-west-2.amazonaws.com/app",
    "123456789012.dkr.ecr.eu-west-1.amazonaws.com.evil.example/app",
    "ecr.eu-west-1.amazonaws.com/app",
    "nginx",
  ];
  it.each(ecrPrivate.map((image) => [image]))("%s is private ECR", (image) => {
    expect(isEcrPrivate(parsed(image))).toBe(true);
  });
  it.each(notEcrPrivate.map((image) => [image]))("%s is not private ECR", (image) => {
    expect(isEcrPrivate(parsed(image))).toBe(false);
  });

  it("ECR Public is public.ecr.aws only", () => {
    expect(isEcrPublic(parsed("public.ecr.aws/nginx/nginx:1.25"))).toBe(true);
    expect(isEcrPublic(parsed("gallery.ecr.aws/nginx/nginx"))).toBe(false);
    expect(isEcrPublic(parsed("nginx"))).toBe(false);
  });
});

describe("canonicalRepository", () => {
  it.each([
    ["nginx", "docker.io/library/nginx"],
    ["nginx:1.25", "docker.io/library/nginx"],
    ["team/app", "docker.io/team/app"],
    ["index.docker.io/nginx", "docker.io/library/nginx"],
    ["public.ecr.aws/nginx/nginx", "public.ecr.aws/nginx/nginx"],
    ["localhost:5000/app", "localhost:5000/app"],
  ])("%s is %s", (image, expected) => {
    expect(canonicalRepository(parsed(image))).toBe(expected);
  });
});

describe("matchesRepositoryPattern", () => {
  const CASES: readonly (readonly [string, string, boolean])[] = [
    [
      "123456789012.dkr.ecr.eu-west-1.amazonaws.com/app:1",
      "123456789012.dkr.ecr.eu-west-1.amazonaws.com",
      true,
    ],
    [
      "123456789012.dkr.ecr.eu-west-1.amazonaws.com/app:1",
      "123456789012.dkr.ecr.eu-west-1.amazonaws.com/",
      true,
    ],
    ["123456789012.dkr.ecr.eu-west-1.amazonaws.com/app:1", "*.dkr.ecr.*.amazonaws.com", true],
    ["210987654321.dkr.ecr.us-east-1.amazonaws.com/app", "123456789012.dkr.ecr.*.amazonaws.com", false],
    ["public.ecr.aws/aws-observability/aws-for-fluent-bit:stable", "public.ecr.aws/aws-observability", true],
    ["public.ecr.aws/aws-observability-x/app", "public.ecr.aws/aws-observability", false],
    ["public.ecr.aws/aws-observability", "public.ecr.aws/aws-observability/aws-for-fluent-bit", false],
    ["nginx", "docker.io/library", true],
    ["nginx", "index.docker.io/library/nginx", true],
    ["team/nginx", "docker.io/library", false],
    ["nginx", "docker.io", true],
    ["Registry.Example.com/team/app", "REGISTRY.example.com/team", true],
    ["registry.example.com/Team/app", "registry.example.com/team", false],
    ["localhost:5000/app", "localhost:5000", true],
    ["localhost:5000/app", "localhost", false],
    ["ghcr.io/team/app", "", false],
    ["ghcr.io/team/app", "  ghcr.io/team  ", true],
  ];
  it.each(CASES)("%s against %j: %s", (image, pattern, expected) => {
    expect(matchesRepositoryPattern(parsed(image), pattern)).toBe(expected);
  });
});
