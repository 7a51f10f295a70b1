import { definePolicy, violation } from "./define-policy.ts";
import { containerPath } from "./utils/containers.ts";
import { eachImage, imageMessages } from "./utils/image-containers.ts";

export default definePolicy({
  id: "image-pinned-by-digest",
  title: "ECS containers reference their images by digest",
  severity: "LOW",
  resource: "TaskDefinition",
  controls: [],
  practice: "A1/A2: Version images with unique, immutable references",
  rationale:
    "A tag is a pointer the registry lets anyone with push rights move, unless the repository makes tags " +
    "immutable: the same task definition can then start a different image tomorrow. ECS resolves a tag once " +
    "per service deployment, but every new deployment, rollback and standalone task resolves it again. Only a " +
    "digest (`@sha256:…`) names exactly the image that was built, scanned and approved.",
  deviations:
    "Stricter than the catalog's A2, which also accepts build-unique tags such as a commit SHA: whether such a " +
    "tag can be moved depends on the repository's tag immutability, which the task definition does not show.",
  messages: {
    notPinned:
      'container "{{container}}" runs image "{{image}}", which is not pinned by a digest (@sha256:…)',
    ...imageMessages,
  },
  remediation: {
    recommendation:
      "Reference images as repository@sha256:<digest> (resolve the digest at deploy time, for example from " +
      "ecr:DescribeImages or the build output), or make ECR repositories' tags immutable.",
    url: "https://docs.aws.amazon.com/AmazonECS/latest/developerguide/task_definition_parameters.html#container_definition_image",
    fixable: false,
  },
  evaluate: (taskDefinition) =>
    eachImage(taskDefinition, ({ reference, image, index, label }) =>
      reference.digest === undefined
        ? [violation("notPinned", containerPath(index, "image"), { container: label, image })]
        : [],
    ),
});
