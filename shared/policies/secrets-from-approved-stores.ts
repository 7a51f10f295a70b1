import { isUnresolved, type Resolvable } from "../model/resolvable.ts";
import { definePolicy, type Observation, undecided, unknown, violation } from "./define-policy.ts";
import { containerLabel, containerPath, eachContainer } from "./utils/containers.ts";
import { describeSecretSource, secretSourceOf } from "./utils/secret-references.ts";

type MessageId = "unapprovedSource" | "placeholder";

interface SecretReference {
  readonly name: Resolvable<string | undefined>;
  readonly valueFrom: Resolvable<string | undefined>;
}

export default definePolicy({
  id: "secrets-from-approved-stores",
  title: "ECS secrets are read from Secrets Manager or SSM Parameter Store",
  severity: "MEDIUM",
  resource: "TaskDefinition",
  controls: [],
  practice: "K2: Store secrets in Secrets Manager or encrypted SSM parameters",
  rationale:
    "secrets and secretOptions are only as safe as the store they read from. Secrets Manager and SSM Parameter " +
    "Store encrypt the value with KMS, control access per secret with IAM and audit every read; a valueFrom that " +
    "names anything else is a mistake that fails at start, or a secret pasted where its reference belongs.",
  deviations:
    "Syntactic only: whether an SSM parameter is a SecureString (the catalog's K2 asks for it) needs an SSM " +
    "lookup, and cross-account parameters cannot be inspected. Template variables inside an ARN are accepted " +
    "when the service is visible; a valueFrom that is only a placeholder is unknown.",
  messages: {
    unapprovedSource:
      'container "{{container}}": secret "{{secret}}" reads from {{source}}, not from Secrets Manager or SSM Parameter Store',
    placeholder: 'container "{{container}}": secret "{{secret}}" reads from a template placeholder',
    noContainers: "the task definition has no container definitions",
  },
  remediation: {
    recommendation:
      "Store the value in Secrets Manager or as an SSM SecureString parameter and set valueFrom to the secret's " +
      "ARN or the parameter's ARN (or name, in the task's Region); rotate it if valueFrom held the secret itself.",
    url: "https://docs.aws.amazon.com/AmazonECS/latest/developerguide/specifying-sensitive-data.html",
    fixable: false,
  },
  evaluate: (taskDefinition) =>
    eachContainer<MessageId | "noContainers">(
      taskDefinition,
      (container, index) => {
        const label = containerLabel(container, index);
        const { secrets, logConfiguration } = container;
        const fromSecrets = referenceObservations(secrets, containerPath(index, "secrets"), label);
        if (isUnresolved(logConfiguration)) return [...fromSecrets, undecided(logConfiguration)];
        const optionsPath = containerPath(index, "logConfiguration", "secretOptions");
        return [
          ...fromSecrets,
          ...referenceObservations(logConfiguration?.secretOptions, optionsPath, label),
        ];
      },
      "noContainers",
    ),
});

function referenceObservations(
  references: Resolvable<readonly Resolvable<SecretReference>[] | undefined>,
  path: string,
  container: string,
): Observation<MessageId>[] {
  if (isUnresolved(references)) return [undecided(references)];
  return (references ?? []).flatMap((reference, position): Observation<MessageId>[] => {
    if (isUnresolved(reference)) return [undecided(reference)];
    const { name, valueFrom } = reference;
    if (isUnresolved(valueFrom)) return [undecided(valueFrom)];
    const secret = typeof name === "string" && name !== "" ? name : `#${position}`;
    const source = secretSourceOf(valueFrom ?? "");
    const at = `${path}/${position}/valueFrom`;
    if (source === "placeholder") return [unknown("placeholder", at, { container, secret })];
    if (source !== "other") return [];
    return [
      violation("unapprovedSource", at, { container, secret, source: describeSecretSource(valueFrom ?? "") }),
    ];
  });
}
