import { pointer } from "../model/pointer.ts";
import { isUnresolved } from "../model/resolvable.ts";
import { definePolicy, undecided, violation } from "./define-policy.ts";
import { containerLabel, containerPath, eachContainer } from "./utils/containers.ts";
import { isLiteralValue, nameSuggestsSecret } from "./utils/secret-detector.ts";

export default definePolicy({
  id: "no-plaintext-log-secrets",
  title: "Log driver credentials come from secretOptions, not plaintext options",
  severity: "HIGH",
  resource: "TaskDefinition",
  controls: [],
  practice: "K4: Pass log destination credentials with secretOptions",
  rationale:
    "Log destinations such as Splunk, Datadog, New Relic or Elasticsearch need a token or password. Written in " +
    "logConfiguration.options it is stored in plaintext in the task definition, visible to anyone who can " +
    "describe it and recorded in CloudTrail; secretOptions fetches it from Secrets Manager or SSM at start.",
  deviations:
    "An option counts as a credential by its name (token, password, passwd, secret, api key, private key, " +
    "access key, license key, credential, but not names ending in _file, _path, _url, _arn, _name, _id and the " +
    "like). Empty values, on/off switches and Fluent Bit environment references (a value starting with a dollar and a brace) are not credentials.",
  messages: {
    plaintextSecret:
      'container "{{container}}": log option "{{option}}" holds a literal credential (value not shown); it belongs in secretOptions',
    noContainers: "the task definition has no container definitions",
  },
  remediation: {
    recommendation:
      "Rotate the credential, store it in Secrets Manager or SSM Parameter Store, remove it from " +
      "logConfiguration.options and add it to logConfiguration.secretOptions under the same option name.",
    url: "https://docs.aws.amazon.com/AmazonECS/latest/developerguide/secrets-logconfig.html",
    fixable: true,
  },
  evaluate: (taskDefinition) =>
    eachContainer(
      taskDefinition,
      (container, index) => {
        const { logConfiguration } = container;
        if (isUnresolved(logConfiguration)) return [undecided(logConfiguration)];
        const options = logConfiguration?.options;
        if (isUnresolved(options)) return [undecided(options)];
        return Object.entries(options ?? {}).flatMap(([option, value]) => {
          if (!nameSuggestsSecret(option)) return [];
          if (isUnresolved(value)) return [undecided(value)];
          if (!isLiteralValue(value)) return [];
          const path = `${containerPath(index, "logConfiguration", "options")}${pointer(option)}`;
          return [
            violation("plaintextSecret", path, { container: containerLabel(container, index), option }),
          ];
        });
      },
      "noContainers",
    ),
});
