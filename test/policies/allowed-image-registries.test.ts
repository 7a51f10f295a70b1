import allowedImageRegistries from "../../shared/policies/allowed-image-registries.ts";
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

/** The allow-list most cases configure. */
const parameters = {
  allowedRegistries: [
    "123456789012.dkr.ecr.*.amazonaws.com",
    "012345678910.dkr.ecr.us-east-1.amazonaws.com",
    "public.ecr.aws/cloudwatch-agent",
    "docker.io/library/nginx",
  ],
};

const withImage = (image: unknown) => taskDefinitionWithContainer({ image });

policyTester.run(allowedImageRegistries, {
  valid: [
    { name: "own ECR registry", resource: taskDefinition(), parameters },
    {
      name: "own ECR registry in another Region (wildcard)",
      resource: withImage("123456789012.dkr.ecr.us-east-1.amazonaws.com/team/app:3"),
      parameters,
    },
    {
      name: "approved ECR Public namespace",
      resource: withImage("public.ecr.aws/cloudwatch-agent/cloudwatch-agent:1"),
      parameters,
    },
    { name: "approved official Docker Hub image, short name", resource: withImage("nginx:1.25"), parameters },
    {
      name: "approved Docker Hub image, full name",
      resource: withImage("index.docker.io/library/nginx:1.25"),
      parameters,
    },
    ...fromSamples("real sample cases", () => [
      {
        name: "CloudWatch agent daemon from ECR Public (real sample)",
        resource: sampleTaskDefinition(
          "aws-samples__amazon-cloudwatch-container-insights__cwagent-ecs-instance-metric-daemon",
        ),
        parameters,
      },
    ]),
  ],
  invalid: [
    {
      name: "another account's ECR registry",
      resource: withImage("210987654321.dkr.ecr.eu-west-1.amazonaws.com/app:1"),
      parameters,
      violations: [
        {
          messageId: "notAllowed",
          path: IMAGE,
          data: {
            container: "app",
            image: "210987654321.dkr.ecr.eu-west-1.amazonaws.com/app:1",
            repository: "210987654321.dkr.ecr.eu-west-1.amazonaws.com/app",
          },
        },
      ],
    },
    {
      name: "another Docker Hub image",
      resource: withImage("redis:7"),
      parameters,
      violations: [
        {
          messageId: "notAllowed",
          path: IMAGE,
          data: { container: "app", image: "redis:7", repository: "docker.io/library/redis" },
        },
      ],
    },
    {
      name: "a prefix of an approved namespace is not approved",
      resource: withImage("public.ecr.aws/cloudwatch-agent-fork/agent:1"),
      parameters,
      violations: [{ messageId: "notAllowed", path: IMAGE }],
    },
    {
      name: "only the unapproved container is reported",
      resource: taskDefinition({
        containerDefinitions: [
          containerDefinition(),
          containerDefinition({ name: "tool", image: "ghcr.io/team/tool:2" }),
        ],
      }),
      parameters,
      violations: [{ messageId: "notAllowed", path: "/containerDefinitions/1/image" }],
    },
    ...fromSamples("real sample cases", () => [
      {
        name: "App Mesh example: envoy from AWS's ECR account (real sample)",
        resource: sampleTaskDefinition("aws-samples__amazon-ecs-firelens-examples__parse-envoy-app-mesh"),
        parameters,
        violations: [
          {
            messageId: "notAllowed" as const,
            path: "/containerDefinitions/2/image",
            data: {
              container: "envoy",
              image: "840364872350.dkr.ecr.us-east-1.amazonaws.com/aws-appmesh-envoy:v1.12.2.1-prod",
              repository: "840364872350.dkr.ecr.us-east-1.amazonaws.com/aws-appmesh-envoy",
            },
          },
        ],
      },
    ]),
  ],
  unknown: [
    {
      name: "image from an unresolved intrinsic",
      resource: withImage(intrinsic(IMAGE)),
      parameters,
      observations: [{ messageId: "unresolved", path: IMAGE }],
    },
    {
      name: "template placeholder",
      resource: withImage("$$$IMAGE$$$"),
      parameters,
      observations: [{ messageId: "notAnImage", path: IMAGE }],
    },
  ],
  notApplicable: [
    {
      name: "no allow-list configured (the default)",
      resource: withImage("redis:7"),
      messageId: "notConfigured",
    },
    {
      name: "no container definitions",
      resource: taskDefinition({ containerDefinitions: [] }),
      parameters,
      messageId: "noContainers",
    },
  ],
});
