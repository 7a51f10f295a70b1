import privateRegistryCredentials from "../../shared/policies/private-registry-credentials.ts";
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
const CREDENTIALS = "/containerDefinitions/0/repositoryCredentials/credentialsParameter";
const SECRET = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:registry-AbCdEf";

const withImage = (image: unknown, extra: Record<string, unknown> = {}) =>
  taskDefinitionWithContainer({ image, ...extra });

policyTester.run(privateRegistryCredentials, {
  valid: [
    { name: "private ECR", resource: taskDefinition() },
    {
      name: "private ECR, FIPS endpoint",
      resource: withImage("123456789012.dkr.ecr-fips.us-east-1.amazonaws.com/app:1"),
    },
    {
      name: "private ECR in China",
      resource: withImage("123456789012.dkr.ecr.cn-north-1.amazonaws.com.cn/app:1"),
    },
    {
      name: "private ECR, dual-stack endpoint",
      resource: withImage("123456789012.dkr-ecr.eu-west-1.on.aws/app:1"),
    },
    { name: "ECR Public", resource: withImage("public.ecr.aws/nginx/nginx:1.25") },
    {
      name: "public registry listed by default",
      resource: withImage("mcr.microsoft.com/windows/servercore/iis:ltsc2022"),
    },
    { name: "registry.k8s.io listed by default", resource: withImage("registry.k8s.io/pause:3.9") },
    {
      name: "public repository configured",
      resource: withImage("quay.io/prometheus/node-exporter:v1.8.0"),
      parameters: { publicRegistries: ["quay.io/prometheus"] },
    },
    {
      name: "Docker Hub with credentials",
      resource: withImage("team/app:2", { repositoryCredentials: { credentialsParameter: SECRET } }),
    },
    {
      name: "private registry with credentials",
      resource: withImage("registry.example.com:5000/team/app:2", {
        repositoryCredentials: { credentialsParameter: SECRET },
      }),
    },
    ...fromSamples("real sample cases", () => [
      {
        name: "Windows Fargate example from mcr.microsoft.com (real sample)",
        resource: sampleTaskDefinition("awsdocs__amazon-ecs-developer-guide__AWS_Fargate-L185"),
      },
      {
        name: "ECS agent test of private registry authentication (real sample)",
        resource: sampleTaskDefinition(
          "aws__amazon-ecs-agent__functional-tests-private-registry-auth-asm-validator-unix",
        ),
      },
    ]),
  ],
  invalid: [
    {
      name: "Docker Hub without credentials",
      resource: withImage("nginx:1.25"),
      violations: [
        {
          messageId: "noCredentials",
          path: CREDENTIALS,
          data: { container: "app", image: "nginx:1.25", registry: "docker.io" },
        },
      ],
    },
    {
      name: "private registry without credentials",
      resource: withImage("ghcr.io/team/app:2"),
      violations: [
        {
          messageId: "noCredentials",
          path: CREDENTIALS,
          data: { container: "app", image: "ghcr.io/team/app:2", registry: "ghcr.io" },
        },
      ],
    },
    {
      name: "repositoryCredentials without a parameter",
      resource: withImage("ghcr.io/team/app:2", { repositoryCredentials: {} }),
      violations: [{ messageId: "noCredentials", path: CREDENTIALS }],
    },
    {
      name: "empty credentialsParameter",
      resource: withImage("ghcr.io/team/app:2", { repositoryCredentials: { credentialsParameter: " " } }),
      violations: [{ messageId: "noCredentials", path: CREDENTIALS }],
    },
    {
      name: "a look-alike of an ECR host is not ECR",
      resource: withImage("123456789012.dkr.ecr.eu-west-1.amazonaws.com.example.net/app:1"),
      violations: [{ messageId: "noCredentials", path: CREDENTIALS }],
    },
    {
      name: "configured public registries replace the defaults",
      resource: withImage("mcr.microsoft.com/windows/servercore/iis:ltsc2022"),
      parameters: { publicRegistries: ["quay.io/prometheus"] },
      violations: [{ messageId: "noCredentials", path: CREDENTIALS }],
    },
    {
      name: "only the container without credentials is reported",
      resource: taskDefinition({
        containerDefinitions: [
          containerDefinition(),
          containerDefinition({ name: "cache", image: "redis:7" }),
        ],
      }),
      violations: [
        {
          messageId: "noCredentials",
          path: "/containerDefinitions/1/repositoryCredentials/credentialsParameter",
        },
      ],
    },
    ...fromSamples("real sample cases", () => [
      {
        name: "Habana DL1 example from vault.habana.ai (real sample)",
        resource: sampleTaskDefinition("awsdocs__amazon-ecs-developer-guide__ecs-dl1-L39"),
        violations: [
          {
            messageId: "noCredentials" as const,
            path: CREDENTIALS,
            data: {
              container: "tensorflow-installer-tf-hpu",
              image:
                "vault.habana.ai/gaudi-docker/1.1.0/ubuntu20.04/habanalabs/tensorflow-installer-tf-cpu-2.6.0:1.1.0-614",
              registry: "vault.habana.ai",
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
      observations: [{ messageId: "unresolved", path: IMAGE }],
    },
    {
      name: "credentials from an unresolved intrinsic",
      resource: withImage("ghcr.io/team/app:2", {
        repositoryCredentials: intrinsic("/containerDefinitions/0/repositoryCredentials"),
      }),
      observations: [{ messageId: "unresolved", path: "/containerDefinitions/0/repositoryCredentials" }],
    },
    {
      name: "credentials parameter from an unresolved intrinsic",
      resource: withImage("ghcr.io/team/app:2", {
        repositoryCredentials: { credentialsParameter: intrinsic(CREDENTIALS) },
      }),
      observations: [{ messageId: "unresolved", path: CREDENTIALS }],
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
