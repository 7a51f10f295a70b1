import noDockerHubImages from "../../shared/policies/no-docker-hub-images.ts";
import {
  containerDefinition,
  intrinsic,
  taskDefinition,
  taskDefinitionWithContainer,
} from "../helpers/builders.ts";
import { policyTester } from "../helpers/policy-tester.ts";
import { sampleTaskDefinition } from "../helpers/samples.ts";
import { fromSamples } from "../helpers/shared-data.ts";

const IMAGE = "/containerDefinitions/0/image";

const withImage = (image: unknown) => taskDefinitionWithContainer({ image });

const dockerHubImages = [
  "nginx",
  "nginx:1.25",
  "library/nginx:1.25",
  "amazon/aws-for-fluent-bit:stable",
  "docker.io/library/nginx:1.25",
  "index.docker.io/team/app:2",
  "registry-1.docker.io/team/app:2",
  "registry.hub.docker.com/team/app:2",
];
const otherImages = [
  "public.ecr.aws/docker/library/nginx:1.25",
  "ghcr.io/team/app:2",
  "mcr.microsoft.com/windows/servercore/iis:windowsservercore-ltsc2022",
  "localhost:5000/nginx:1.25",
  "docker.io.example.com/nginx:1.25",
];

policyTester.run(noDockerHubImages, {
  valid: [
    { name: "private ECR image", resource: taskDefinition() },
    ...otherImages.map((image) => ({ name: `image "${image}"`, resource: withImage(image) })),
    ...fromSamples("real sample cases", () => [
      {
        name: "App Mesh envoy example, all from ECR (real sample)",
        resource: sampleTaskDefinition("aws-samples__amazon-ecs-firelens-examples__parse-envoy-app-mesh"),
      },
    ]),
  ],
  invalid: [
    ...dockerHubImages.map((image) => ({
      name: `image "${image}"`,
      resource: withImage(image),
      violations: [{ messageId: "dockerHub" as const, path: IMAGE, data: { container: "app", image } }],
    })),
    {
      name: "only the Docker Hub container is reported",
      resource: taskDefinition({
        containerDefinitions: [
          containerDefinition(),
          containerDefinition({ name: "cache", image: "redis:7" }),
        ],
      }),
      violations: [{ messageId: "dockerHub", path: "/containerDefinitions/1/image" }],
    },
    ...fromSamples("real sample cases", () => [
      {
        name: "Datadog FireLens example: both images from Docker Hub (real sample)",
        resource: sampleTaskDefinition("aws-samples__amazon-ecs-firelens-examples__datadog"),
        violations: [
          {
            messageId: "dockerHub" as const,
            path: IMAGE,
            data: { container: "log_router", image: "amazon/aws-for-fluent-bit:stable" },
          },
          {
            messageId: "dockerHub" as const,
            path: "/containerDefinitions/1/image",
            data: { container: "app", image: "httpd" },
          },
        ],
      },
    ]),
  ],
  unknown: [
    {
      name: "image from an unresolved intrinsic",
      resource: withImage(intrinsic(IMAGE)),
      observations: [{ messageId: "unresolved", path: IMAGE }],
    },
    {
      name: "template placeholder",
      resource: withImage("{{image}}"),
      observations: [{ messageId: "notAnImage", path: IMAGE }],
    },
  ],
  notApplicable: [
    {
      name: "no container definitions",
      resource: taskDefinition({ containerDefinitions: [] }),
      messageId: "noContainers",
    },
  ],
});
