import imagePinnedByDigest from "../../shared/policies/image-pinned-by-digest.ts";
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
const ECR = "123456789012.dkr.ecr.eu-west-1.amazonaws.com/app";

const withImage = (image: unknown) => taskDefinitionWithContainer({ image });

policyTester.run(imagePinnedByDigest, {
  valid: [
    { name: "ECR image by digest", resource: withImage(`${ECR}@${DIGEST}`) },
    { name: "tag and digest", resource: withImage(`${ECR}:1.4.2@${DIGEST}`) },
    { name: "Docker Hub image by digest", resource: withImage(`nginx@${DIGEST}`) },
  ],
  invalid: [
    {
      name: "version tag only",
      resource: taskDefinition(),
      violations: [
        { messageId: "notPinned", path: IMAGE, data: { container: "app", image: `${ECR}:1.4.2` } },
      ],
    },
    {
      name: "no tag and no digest",
      resource: withImage("nginx"),
      violations: [{ messageId: "notPinned", path: IMAGE }],
    },
    {
      name: "a registry port is no digest",
      resource: withImage("localhost:5000/app"),
      violations: [{ messageId: "notPinned", path: IMAGE }],
    },
    {
      name: "only unpinned containers are reported",
      resource: taskDefinition({
        containerDefinitions: [
          containerDefinition({ image: `${ECR}@${DIGEST}` }),
          containerDefinition({
            name: "envoy",
            image: "public.ecr.aws/appmesh/aws-appmesh-envoy:v1.29.6.0-prod",
          }),
        ],
      }),
      violations: [
        {
          messageId: "notPinned",
          path: "/containerDefinitions/1/image",
          data: { container: "envoy", image: "public.ecr.aws/appmesh/aws-appmesh-envoy:v1.29.6.0-prod" },
        },
      ],
    },
    ...fromSamples("real sample cases", () => [
      {
        name: "App Mesh docs example: envoy by version tag (real sample)",
        resource: sampleTaskDefinition("awsdocs__amazon-ecs-developer-guide__example_task_definitions-L245"),
        violations: [
          {
            messageId: "notPinned" as const,
            path: IMAGE,
            data: { container: "app", image: "application_image" },
          },
          { messageId: "notPinned" as const, path: "/containerDefinitions/1/image" },
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
      name: "malformed digest",
      resource: withImage("nginx@sha256:1234"),
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
