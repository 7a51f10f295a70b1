import { definePolicy, notApplicable, violation } from "./define-policy.ts";
import { containerPath } from "./utils/containers.ts";
import { eachImage, imageMessages, repositoryPatternsParameter } from "./utils/image-containers.ts";
import { canonicalRepository, matchesRepositoryPattern } from "./utils/image-reference.ts";

export default definePolicy({
  id: "allowed-image-registries",
  title: "ECS containers pull images only from approved registries and repositories",
  severity: "MEDIUM",
  resource: "TaskDefinition",
  controls: [],
  practice: "N12: Use images from a curated registry",
  rationale:
    "Images built by your pipeline into your own registry are scanned, signed off and traceable to source. " +
    "An image from anywhere else runs code nobody vetted, and a typo-squatted or hijacked public repository " +
    "hands the task's role and network position to its publisher.",
  deviations:
    "Not applicable until `allowedRegistries` is configured: with no list there is no policy to enforce, and " +
    "a PASSED finding would claim the images were vetted. Only the final image is visible; whether it was " +
    "built on a vetted base image needs build metadata.",
  messages: {
    notAllowed:
      'container "{{container}}" pulls "{{image}}" ({{repository}}), which no allowed registry covers',
    notConfigured: "no allowedRegistries are configured, so there is no list to check images against",
    ...imageMessages,
  },
  remediation: {
    recommendation:
      "Build or mirror the image into an approved registry (for example ECR, with pull-through cache rules for " +
      "upstream images) and reference it from there, or add the registry to allowedRegistries once vetted.",
    url: "https://docs.aws.amazon.com/AmazonECR/latest/userguide/pull-through-cache.html",
    fixable: false,
  },
  parameters: {
    allowedRegistries: repositoryPatternsParameter(
      "Approved registries: a registry host (`123456789012.dkr.ecr.eu-west-1.amazonaws.com`), or a host and " +
        "repository prefix (`public.ecr.aws/aws-observability`, `docker.io/library`); `*` matches within one " +
        "part (`*.dkr.ecr.*.amazonaws.com`). Empty: the policy is not applicable.",
    ),
  },
  evaluate: (taskDefinition, { parameters: { allowedRegistries } }) => {
    if (allowedRegistries.length === 0) return [notApplicable("notConfigured")];
    return eachImage(taskDefinition, ({ reference, image, index, label }) =>
      allowedRegistries.some((pattern) => matchesRepositoryPattern(reference, pattern))
        ? []
        : [
            violation("notAllowed", containerPath(index, "image"), {
              container: label,
              image,
              repository: canonicalRepository(reference),
            }),
          ],
    );
  },
});
