import { definePolicy, violation } from "./define-policy.ts";
import { containerPath } from "./utils/containers.ts";
import { eachImage, imageMessages, repositoryPatternsParameter } from "./utils/image-containers.ts";
import { matchesRepositoryPattern } from "./utils/image-reference.ts";

export default definePolicy({
  id: "no-latest-image-tag",
  title: "ECS containers run images with a version tag or digest, not latest",
  severity: "MEDIUM",
  resource: "TaskDefinition",
  controls: [],
  practice: "A1: Version container images with tags",
  rationale:
    "latest moves with every push: tasks started from the same revision run different code, a scale-out or " +
    "restart can silently deploy an untested or compromised image, and a rollback to the previous revision " +
    "does not roll the code back. An image without a tag or digest is pulled as latest.",
  deviations:
    "The catalog rates this MEDIUM for production and LOW elsewhere; the policy uses MEDIUM, and non-production " +
    "task definitions can be exempted by tag. A digest pins the image even when a tag is written too " +
    "(`app:latest@sha256:…`), so that passes. Only the tag latest is judged; other floating tags are not.",
  messages: {
    latestTag: 'container "{{container}}" runs image "{{image}}", tagged latest',
    implicitLatest:
      'container "{{container}}" runs image "{{image}}" without a tag or digest, so latest is pulled',
    ...imageMessages,
  },
  remediation: {
    recommendation:
      "Tag every image build with a unique, immutable version (for example the git commit SHA), reference that " +
      "tag or the image digest in the task definition, and register a new revision for each version.",
    url: "https://docs.aws.amazon.com/AmazonECS/latest/developerguide/task_definition_parameters.html#container_definition_image",
    fixable: false,
  },
  parameters: {
    ignoredRepositories: repositoryPatternsParameter(
      "Repositories whose latest tag is accepted, such as AWS sidecars (`public.ecr.aws/aws-observability/" +
        "aws-for-fluent-bit`): a registry host, or a host and repository prefix; `*` matches within one part.",
    ),
  },
  evaluate: (taskDefinition, { parameters }) =>
    eachImage(taskDefinition, ({ reference, image, index, label }) => {
      if (reference.digest !== undefined || (reference.tag !== undefined && reference.tag !== "latest"))
        return [];
      if (parameters.ignoredRepositories.some((pattern) => matchesRepositoryPattern(reference, pattern)))
        return [];
      const messageId = reference.tag === undefined ? "implicitLatest" : "latestTag";
      return [violation(messageId, containerPath(index, "image"), { container: label, image })];
    }),
});
