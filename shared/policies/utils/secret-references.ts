/**
 * Where a `valueFrom` of `secrets` or `secretOptions` points. ECS accepts a Secrets Manager secret ARN
 * (optionally followed by `:json-key:version-stage:version-id`), an SSM parameter ARN, or the name of an
 * SSM parameter in the task's Region; anything else is not a store it reads.
 */
export type SecretSource = "secrets-manager" | "ssm-parameter" | "placeholder" | "other";

/** ARN fields may hold template variables (`arn:${Partition}:secretsmanager:…`): the service decides. */
const SECRETS_MANAGER_ARN = /^arn:[^:\s]+:secretsmanager:[^:\s]+:[^:\s]+:secret:[^:\s]+(?::[^:\s]*){0,3}$/;
const SSM_PARAMETER_ARN = /^arn:[^:\s]+:ssm:[^:\s]+:[^:\s]+:parameter\/?[^\s]+$/;
/** SSM parameter names: letters, digits, `_.-`, and `/` for hierarchies. */
const SSM_PARAMETER_NAME = /^\/?[A-Za-z0-9_.-]+(?:\/[A-Za-z0-9_.-]+)*$/;
/** Whole-value template placeholders: `$$$PARAM$$$`, `{{param}}`, `${Param}`, `<param>`. */
const PLACEHOLDER = /^(?:\$\$\$[^$]+\$\$\$|\{\{[^}]+\}\}|\$\{[^}]+\}|<[^>]+>)$/;

export function secretSourceOf(valueFrom: string): SecretSource {
  const trimmed = valueFrom.trim();
  if (SECRETS_MANAGER_ARN.test(trimmed)) return "secrets-manager";
  if (SSM_PARAMETER_ARN.test(trimmed) || SSM_PARAMETER_NAME.test(trimmed)) return "ssm-parameter";
  return PLACEHOLDER.test(trimmed) ? "placeholder" : "other";
}

/** What a rejected `valueFrom` is, named without repeating it (it may be a secret pasted by mistake). */
export function describeSecretSource(valueFrom: string): string {
  const service = /^arn:[^:]*:([^:]*):/.exec(valueFrom.trim())?.[1];
  if (service === "secretsmanager") return "a Secrets Manager ARN that names no secret";
  if (service === "ssm") return "an SSM ARN that names no parameter";
  if (service !== undefined && /^[a-z0-9-]{1,32}$/.test(service))
    return `an ARN of another service (${service})`;
  if (valueFrom.trim() === "") return "an empty value";
  return "neither an ARN nor an SSM parameter name";
}
