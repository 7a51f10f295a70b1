import { isUnresolved } from "../model/resolvable.ts";
import { definePolicy, undecided, violation } from "./define-policy.ts";
import { containerLabel, containerPath, eachContainer } from "./utils/containers.ts";

/** Security Hub's fixed `secretKeys` for ECS.8: names whose value is an AWS or registry credential. */
export const CREDENTIAL_VARIABLES = new Set([
  "AWS_ACCESS_KEY_ID",
  "AWS_SECRET_ACCESS_KEY",
  "ECS_ENGINE_AUTH_DATA",
]);

export default definePolicy({
  id: "no-aws-credentials-in-environment",
  title: "Containers receive no AWS or registry credentials as plain environment variables",
  severity: "HIGH",
  resource: "TaskDefinition",
  controls: ["ECS.8"],
  practice: "K1: Keep secrets out of environment variables",
  rationale:
    "Plain environment values are stored in the task definition: anyone allowed ecs:DescribeTaskDefinition, " +
    "the CloudTrail record of its registration and docker inspect on the host can read them. Long-lived " +
    "access keys there outlive every rotation; tasks should use their task role, and secrets should come " +
    "from Secrets Manager or Parameter Store.",
  deviations:
    "Exactly Security Hub's check: only the names AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY and " +
    "ECS_ENGINE_AUTH_DATA, compared exactly; values, environmentFiles and secrets are not inspected. Broader " +
    "secret detection (names and value shapes) belongs to the catalog's K1 policy. An environment entry " +
    "without a name names no credential and passes; AWS's Control Tower rule CT.ECS.PR.12 fails it.",
  messages: {
    credentialVariable:
      'container "{{container}}" sets the environment variable {{name}} in plain text (value not shown)',
    noContainers: "the task definition has no container definitions",
  },
  remediation: {
    recommendation:
      "Remove the variable from environment and rotate the credential. Give the task a task role instead of " +
      "access keys; pass other secrets through the container's secrets (Secrets Manager or Parameter Store).",
    url: "https://docs.aws.amazon.com/AmazonECS/latest/developerguide/specifying-sensitive-data.html",
    fixable: true,
  },
  evaluate: (taskDefinition) =>
    eachContainer(
      taskDefinition,
      (container, index) => {
        const { environment } = container;
        if (isUnresolved(environment)) return [undecided(environment)];
        return (environment ?? []).flatMap((variable, position) => {
          const name = isUnresolved(variable) ? variable : variable.name;
          if (isUnresolved(name)) return [undecided(name)];
          if (name === undefined || !CREDENTIAL_VARIABLES.has(name)) return [];
          const path = containerPath(index, "environment", position, "name");
          return [
            violation("credentialVariable", path, { container: containerLabel(container, index), name }),
          ];
        });
      },
      "noContainers",
    ),
});
