import { isUnresolved } from "../model/resolvable.ts";
import { definePolicy, undecided, violation } from "./define-policy.ts";
import { containerPath } from "./utils/containers.ts";
import { eachImage, imageMessages, repositoryPatternsParameter } from "./utils/image-containers.ts";
import { isEcrPrivate, isEcrPublic, matchesRepositoryPattern, registryOf } from "./utils/image-reference.ts";

export default definePolicy({
  id: "private-registry-credentials",
  title: "Images from registries other than ECR are pulled with repository credentials",
  severity: "LOW",
  resource: "TaskDefinition",
  controls: [],
  practice: "K5: Use repositoryCredentials for registries that require authentication",
  rationale:
    "ECR authenticates pulls with the task execution or instance role. Any other registry is pulled " +
    "anonymously unless repositoryCredentials names a Secrets Manager secret: private images then fail to pull, " +
    "anonymous Docker Hub pulls hit rate limits, and the usual workaround, registry credentials in the agent's " +
    "configuration (ECS_ENGINE_AUTH_DATA), shares them with every task on the instance.",
  deviations:
    "The catalog's seed ties repositoryCredentials to the ECR Public Gallery; ECR Public needs no credentials, so " +
    "it passes, as do the registries listed in publicRegistries.",
  messages: {
    noCredentials:
      'container "{{container}}" pulls "{{image}}" from {{registry}} without repositoryCredentials.credentialsParameter',
    ...imageMessages,
  },
  remediation: {
    recommendation:
      "Store the registry's user name and password in a Secrets Manager secret, set repositoryCredentials." +
      "credentialsParameter to its ARN, and let the task execution role read it; or move the image to ECR.",
    url: "https://docs.aws.amazon.com/AmazonECS/latest/developerguide/private-auth.html",
    fixable: false,
  },
  parameters: {
    publicRegistries: repositoryPatternsParameter(
      "Registries (hosts, or hosts and repository prefixes; `*` matches within one part) that serve only public " +
        "images and need no credentials. ECR and ECR Public always pass.",
      ["mcr.microsoft.com", "registry.k8s.io"],
    ),
  },
  evaluate: (taskDefinition, { parameters: { publicRegistries } }) =>
    eachImage(taskDefinition, ({ reference, image, container, index, label }) => {
      if (isEcrPrivate(reference) || isEcrPublic(reference)) return [];
      if (publicRegistries.some((pattern) => matchesRepositoryPattern(reference, pattern))) return [];
      const credentials = container.repositoryCredentials;
      if (isUnresolved(credentials)) return [undecided(credentials)];
      const parameter = credentials?.credentialsParameter;
      if (isUnresolved(parameter)) return [undecided(parameter)];
      if (parameter !== undefined && parameter.trim() !== "") return [];
      const path = containerPath(index, "repositoryCredentials", "credentialsParameter");
      return [violation("noCredentials", path, { container: label, image, registry: registryOf(reference) })];
    }),
});
