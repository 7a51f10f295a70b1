import { isUnresolved } from "../model/resolvable.ts";
import { definePolicy, notApplicable, undecided, violation } from "./define-policy.ts";
import { compatibilitiesOf, isFargateOnly, onLinux } from "./utils/container-platform.ts";
import { type SecurityOption, securityOptions } from "./utils/container-security-options.ts";
import { containerLabel, containerPath, eachContainer } from "./utils/containers.ts";

const OPTION = "no-new-privileges";
/** The values Docker reads as true and false (Go's strconv.ParseBool). */
export const TRUE_VALUES = new Set(["1", "t", "T", "TRUE", "true", "True"]);
const FALSE_VALUES = new Set(["0", "f", "F", "FALSE", "false", "False"]);

export default definePolicy({
  id: "no-new-privileges",
  title: "ECS Linux containers on EC2 set no-new-privileges",
  severity: "LOW",
  resource: "TaskDefinition",
  controls: [],
  practice: "no-new-privileges (catalog §8): Stop container processes from gaining privileges",
  rationale:
    "Without no-new-privileges a process in the container can gain privileges through setuid or setcap " +
    "binaries (sudo, su, a planted binary), turning a compromised unprivileged process into root in the " +
    "container. The option makes the kernel refuse every such gain.",
  deviations:
    "Beyond Security Hub. no-new-privileges, no-new-privileges:true and no-new-privileges=true pass, as " +
    "Docker reads them. Fargate-only task definitions are not applicable: Fargate accepts no " +
    "dockerSecurityOptions.",
  messages: {
    missing: 'container "{{container}}" does not set no-new-privileges in dockerSecurityOptions',
    disabled: 'container "{{container}}" sets {{option}}, which allows gaining privileges',
    fargateOnly: "Fargate does not support dockerSecurityOptions",
    windows: "Windows containers do not support no-new-privileges",
    noContainers: "the task definition has no container definitions",
  },
  remediation: {
    recommendation:
      'Add "no-new-privileges" to dockerSecurityOptions of every container; it breaks only programs that ' +
      "rely on setuid binaries such as sudo.",
    url: "https://docs.aws.amazon.com/AmazonECS/latest/developerguide/task_definition_parameters.html#container_definition_security",
    fixable: false,
  },
  evaluate: (taskDefinition) => {
    const compatibilities = compatibilitiesOf(taskDefinition);
    if (isUnresolved(compatibilities)) return [undecided(compatibilities)];
    if (isFargateOnly(compatibilities)) return [notApplicable("fargateOnly")];
    return onLinux(taskDefinition, "windows", () =>
      eachContainer(
        taskDefinition,
        (container, index) => {
          const options = securityOptions(container, index);
          if (isUnresolved(options)) return [undecided(options)];
          const label = containerLabel(container, index);
          // Docker applies the options in order, so the last setting wins.
          const setting = options
            .filter((option): option is SecurityOption => !isUnresolved(option) && option.key === OPTION)
            .at(-1);
          if (setting !== undefined && (setting.value === undefined || TRUE_VALUES.has(setting.value)))
            return [];
          if (setting?.value !== undefined && FALSE_VALUES.has(setting.value))
            return [violation("disabled", setting.path, { container: label, option: setting.written })];
          const unresolvedOption = options.find(isUnresolved);
          if (unresolvedOption !== undefined) return [undecided(unresolvedOption)];
          return [violation("missing", containerPath(index, "dockerSecurityOptions"), { container: label })];
        },
        "noContainers",
      ),
    );
  },
});
