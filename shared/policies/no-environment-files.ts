import { isUnresolved } from "../model/resolvable.ts";
import { definePolicy, undecided, violation } from "./define-policy.ts";
import { containerLabel, containerPath, eachContainer } from "./utils/containers.ts";

export default definePolicy({
  id: "no-environment-files",
  title: "ECS containers load no environment files from S3 into their environment",
  severity: "LOW",
  resource: "TaskDefinition",
  controls: [],
  practice: "K6: Protect environment files in S3; prefer secrets",
  rationale:
    "environmentFiles load an S3 object's lines into the container's environment: the values are plaintext in " +
    "S3, readable by anyone the bucket policy or an IAM policy lets read the object, unaudited per value, and " +
    "end up in the environment where processes, crash dumps and docker inspect reveal them. Secrets Manager " +
    "and SSM Parameter Store encrypt, scope and audit each secret.",
  deviations:
    "Every environment file is reported: whether it holds secrets, and whether its bucket is encrypted, private " +
    "and restricted (the rest of the catalog's K6), needs S3 lookups that are out of scope here. Exempt task " +
    "definitions whose files hold only non-sensitive configuration.",
  messages: {
    environmentFile: 'container "{{container}}" loads its environment from an S3 environment file',
    noContainers: "the task definition has no container definitions",
  },
  remediation: {
    recommendation:
      "Move secrets from the environment file into Secrets Manager or SSM SecureString parameters referenced in " +
      "the container's secrets; keep only non-sensitive settings in the file, in an encrypted, private bucket.",
    url: "https://docs.aws.amazon.com/AmazonECS/latest/developerguide/use-environment-file.html",
    fixable: false,
  },
  evaluate: (taskDefinition) =>
    eachContainer(
      taskDefinition,
      (container, index) => {
        const { environmentFiles } = container;
        if (isUnresolved(environmentFiles)) return [undecided(environmentFiles)];
        return (environmentFiles ?? []).map((file, position) =>
          isUnresolved(file)
            ? undecided(file)
            : violation("environmentFile", containerPath(index, "environmentFiles", position), {
                container: containerLabel(container, index),
              }),
        );
      },
      "noContainers",
    ),
});
