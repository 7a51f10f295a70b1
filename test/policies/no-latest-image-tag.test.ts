import noLatestImageTag from "../../shared/policies/no-latest-image-tag.ts";
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
const DIGEST = "sha256:0a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8f9";
const FLUENT_BIT = "public.ecr.aws/aws-observability/aws-for-fluent-bit:latest";

const withImage = (image: unknown) => taskDefinitionWithContainer({ image });

policyTester.run(noLatestImageTag, {
  valid: [
    { name: "ECR image with a version tag", resource: taskDefinition() },
    { name: "Docker Hub image with a tag", resource: withImage("nginx:1.25.3") },
    { name: "digest only", resource: withImage(`nginx@${DIGEST}`) },
    { name: "latest tag pinned by a digest", resource: withImage(`nginx:latest@${DIGEST}`) },
    { name: "registry port is not a tag, the tag is", resource: withImage("localhost:5000/app:2.0") },
    { name: "tag that merely contains latest", resource: withImage("app:latest-1.2") },
    { name: "tags are case-sensitive", resource: withImage("app:LATEST") },
    {
      name: "ignored repository (AWS sidecar)",
      resource: withImage(FLUENT_BIT),
      parameters: { ignoredRepositories: ["public.ecr.aws/aws-observability/aws-for-fluent-bit"] },
    },
    ...fromSamples("real sample cases", () => [
      {
        name: "Fargate docs example with httpd:2.4 (real sample)",
        resource: sampleTaskDefinition("awsdocs__amazon-ecs-developer-guide__AWS_Fargate-L136"),
      },
    ]),
  ],
  invalid: [
    {
      name: "latest tag",
      resource: withImage("nginx:latest"),
      violations: [
        { messageId: "latestTag", path: IMAGE, data: { container: "app", image: "nginx:latest" } },
      ],
    },
    {
      name: "AWS sidecars are not ignored by default",
      resource: withImage(FLUENT_BIT),
      violations: [{ messageId: "latestTag", path: IMAGE }],
    },
    {
      name: "no tag, no digest",
      resource: withImage("nginx"),
      violations: [{ messageId: "implicitLatest", path: IMAGE, data: { container: "app", image: "nginx" } }],
    },
    {
      name: "registry with a port but no tag",
      resource: withImage("registry.example.com:5000/team/app"),
      violations: [{ messageId: "implicitLatest", path: IMAGE }],
    },
    {
      name: "ECR image tagged latest",
      resource: withImage("123456789012.dkr.ecr.eu-west-1.amazonaws.com/app:latest"),
      violations: [{ messageId: "latestTag", path: IMAGE }],
    },
    {
      name: "a similar repository is not ignored",
      resource: withImage("public.ecr.aws/aws-observability/aws-for-fluent-bit-fork:latest"),
      parameters: { ignoredRepositories: ["public.ecr.aws/aws-observability/aws-for-fluent-bit"] },
      violations: [{ messageId: "latestTag", path: IMAGE }],
    },
    {
      name: "every container is judged, unnamed ones by position",
      resource: taskDefinition({
        containerDefinitions: [
          containerDefinition(),
          containerDefinition({ name: undefined, image: "busybox" }),
          containerDefinition({ name: "sidecar", image: "ghcr.io/team/agent:latest" }),
        ],
      }),
      violations: [
        {
          messageId: "implicitLatest",
          path: "/containerDefinitions/1/image",
          data: { container: "#1", image: "busybox" },
        },
        { messageId: "latestTag", path: "/containerDefinitions/2/image" },
      ],
    },
    ...fromSamples("real sample cases", () => [
      {
        name: "CloudWatch agent StatsD example: alpine/socat:latest (real sample)",
        resource: sampleTaskDefinition(
          "aws-samples__amazon-cloudwatch-container-insights__cwagent-statsd-fargate",
        ),
        violations: [
          {
            messageId: "latestTag" as const,
            path: IMAGE,
            data: { container: "demo-app", image: "alpine/socat:latest" },
          },
        ],
      },
      {
        name: "awslogs docs example: wordpress and mysql without tags (real sample)",
        resource: sampleTaskDefinition("awsdocs__amazon-ecs-developer-guide__using_awslogs-L115"),
        violations: [
          {
            messageId: "implicitLatest" as const,
            path: IMAGE,
            data: { container: "wordpress", image: "wordpress" },
          },
          {
            messageId: "implicitLatest" as const,
            path: "/containerDefinitions/1/image",
            data: { container: "mysql", image: "mysql" },
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
      resource: withImage("$$$IMAGE$$$"),
      observations: [
        { messageId: "notAnImage", path: IMAGE, data: { container: "app", image: "$$$IMAGE$$$" } },
      ],
    },
    {
      name: "no image",
      resource: withImage(undefined),
      observations: [{ messageId: "imageNotSet", path: IMAGE }],
    },
    {
      name: "unresolved container",
      resource: taskDefinition({ containerDefinitions: [intrinsic("/containerDefinitions/0")] }),
      observations: [{ messageId: "unresolved", path: "/containerDefinitions/0" }],
    },
    ...fromSamples("real sample cases", () => [
      {
        name: "task definition template with an empty image (real sample)",
        resource: sampleTaskDefinition("awsdocs__amazon-ecs-developer-guide__task-definition-template-L5"),
        observations: [{ messageId: "imageNotSet" as const, path: IMAGE }],
      },
    ]),
  ],
  notApplicable: [
    {
      name: "no container definitions",
      resource: taskDefinition({ containerDefinitions: [] }),
      messageId: "noContainers",
    },
  ],
});
