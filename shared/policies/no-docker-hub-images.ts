import { definePolicy, violation } from "./define-policy.ts";
import { containerPath } from "./utils/containers.ts";
import { eachImage, imageMessages } from "./utils/image-containers.ts";
import { isDockerHub } from "./utils/image-reference.ts";

export default definePolicy({
  id: "no-docker-hub-images",
  title: "ECS containers do not pull images from Docker Hub",
  severity: "MEDIUM",
  resource: "TaskDefinition",
  controls: [],
  practice: "N11: Do not pull images from Docker Hub; build a set of curated images",
  rationale:
    "Anyone can publish to Docker Hub, many popular images carry known vulnerabilities, and a compromised or " +
    "typo-squatted repository ships its code straight into the task. Pulls also leave your network, are " +
    "rate-limited, and fail when Docker Hub does. An image with no registry host is pulled from Docker Hub.",
  deviations:
    "The catalog also rates ECR Public images outside approved namespaces LOW; one policy has one severity, so " +
    "those are left to allowed-image-registries. registry.hub.docker.com counts as Docker Hub as well.",
  messages: {
    dockerHub: 'container "{{container}}" pulls "{{image}}" from Docker Hub',
    ...imageMessages,
  },
  remediation: {
    recommendation:
      "Copy the image into Amazon ECR (an ECR pull-through cache rule for Docker Hub keeps it updated and " +
      "scanned) or use its ECR Public Gallery equivalent, and reference that registry in the task definition.",
    url: "https://docs.aws.amazon.com/AmazonECR/latest/userguide/pull-through-cache.html",
    fixable: false,
  },
  evaluate: (taskDefinition) =>
    eachImage(taskDefinition, ({ reference, image, index, label }) =>
      isDockerHub(reference)
        ? [violation("dockerHub", containerPath(index, "image"), { container: label, image })]
        : [],
    ),
});
