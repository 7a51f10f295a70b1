import { isUnresolved } from "../model/resolvable.ts";
import { definePolicy, undecided, violation } from "./define-policy.ts";

export default definePolicy({
  id: "no-host-pid-mode",
  title: "ECS task definitions do not share the host's process namespace",
  severity: "HIGH",
  resource: "TaskDefinition",
  controls: ["ECS.3"],
  practice: "pid-ipc-host (catalog §8): Do not share the host's process or IPC namespace",
  rationale:
    "With pidMode host, containers see every process on the instance, including other tasks' and the ECS " +
    "agent's; together with a capability such as SYS_PTRACE they can inspect and signal them.",
  deviations:
    "Only `host` fails. AWS's Control Tower rule CT.ECS.PR.10 also fails a blank pidMode, which ECS rejects " +
    "at registration anyway (it accepts only host and task).",
  messages: {
    hostPid: "pidMode is host",
  },
  remediation: {
    recommendation:
      'Register a new revision without pidMode, or with pidMode "task" where containers must share processes.',
    url: "https://docs.aws.amazon.com/AmazonECS/latest/developerguide/task_definition_parameters.html#task_definition_pidmode",
    fixable: true,
  },
  evaluate: ({ pidMode }) => {
    if (isUnresolved(pidMode)) return [undecided(pidMode)];
    return pidMode === "host" ? [violation("hostPid", "/pidMode")] : [];
  },
});
