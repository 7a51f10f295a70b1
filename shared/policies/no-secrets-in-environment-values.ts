import * as z from "zod/mini";
import { isUnresolved } from "../model/resolvable.ts";
import type { Container } from "../model/types.ts";
import { definePolicy, undecided, violation } from "./define-policy.ts";
import { containerLabel, containerPath, eachContainer } from "./utils/containers.ts";
import { detectSecret } from "./utils/secret-detector.ts";

export default definePolicy({
  id: "no-secrets-in-environment-values",
  title: "ECS container environment variables hold no secret values",
  severity: "HIGH",
  resource: "TaskDefinition",
  controls: [],
  practice: "K1: Keep secrets out of environment variables; use Secrets Manager or SSM Parameter Store",
  rationale:
    "Environment values are stored in plaintext in the task definition: anyone with ecs:DescribeTaskDefinition " +
    "reads them, they are recorded in CloudTrail, and they show in docker inspect and in every revision " +
    "forever. A key, token or password found there must be considered leaked.",
  deviations:
    "Judges values, not names: Security Hub ECS.8 fails only the names AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY and " +
    "ECS_ENGINE_AUTH_DATA whatever their value, and is reproduced by its own policy. Values are detected by " +
    "shape (AWS key ids, private keys, known token formats, URLs with a password) and by entropy (long varied " +
    "values in variables named like secrets, long random values anywhere), so short passwords are missed.",
  messages: {
    secretValue:
      'container "{{container}}": environment variable "{{name}}" holds what looks like {{kind}} (value not shown)',
    noContainers: "the task definition has no container definitions",
  },
  remediation: {
    recommendation:
      "Rotate the secret now: it is in the task definition's history and in CloudTrail. Store it in Secrets " +
      "Manager or SSM Parameter Store (SecureString) and reference it in the container's secrets, which ECS " +
      "injects at start; deregister revisions that hold it.",
    url: "https://docs.aws.amazon.com/AmazonECS/latest/developerguide/specifying-sensitive-data.html",
    fixable: true,
  },
  parameters: {
    ignoredNames: {
      description:
        "Names of environment variables whose values are not secrets although they look like one (compared " +
        "ignoring case), such as a public key or a test fixture.",
      schema: z.array(z.string().check(z.minLength(1))),
      default: [] as string[],
    },
  },
  evaluate: (taskDefinition, { parameters }) => {
    const ignored = new Set(parameters.ignoredNames.map((name) => name.toUpperCase()));
    return eachContainer(
      taskDefinition,
      (container, index) => environmentObservations(container, index, ignored),
      "noContainers",
    );
  },
});

const SECRET_LIKE_NAME = "SECRET";

function environmentObservations(container: Container, index: number, ignored: ReadonlySet<string>) {
  const { environment } = container;
  if (isUnresolved(environment)) return [undecided(environment)];
  return (environment ?? []).flatMap((variable, position) => {
    if (isUnresolved(variable)) return [undecided(variable)];
    const { name, value } = variable;
    if (isUnresolved(value)) return [undecided(value)];
    if (value === undefined || (typeof name === "string" && ignored.has(name.toUpperCase()))) return [];
    const kind = detectSecret(isUnresolved(name) ? undefined : name, value);
    if (kind === undefined) {
      // An unresolved name decides the verdict only where a secret's name would make the value one.
      const nameDecides = isUnresolved(name) && detectSecret(SECRET_LIKE_NAME, value) !== undefined;
      return nameDecides ? [undecided(name)] : [];
    }
    const label = typeof name === "string" && name !== "" ? name : `#${position}`;
    const path = containerPath(index, "environment", position, "value");
    return [
      violation("secretValue", path, { container: containerLabel(container, index), name: label, kind }),
    ];
  });
}
