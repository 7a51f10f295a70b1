import { isUnresolved } from "../model/resolvable.ts";
import { definePolicy, undecided, violation } from "./define-policy.ts";

export default definePolicy({
  id: "no-host-ipc-mode",
  title: "ECS task definitions do not share the host's IPC namespace",
  severity: "HIGH",
  resource: "TaskDefinition",
  controls: [],
  practice: "pid-ipc-host (catalog §8): Do not share the host's process or IPC namespace",
  rationale:
    "With ipcMode host, containers share the instance's System V IPC objects and POSIX shared memory with the " +
    "host and with every other host-IPC task on it: they can read and tamper with shared memory segments, " +
    "semaphores and message queues of processes outside the task.",
  deviations:
    "Beyond Security Hub, whose ECS.3 checks only pidMode. Only host fails: task shares IPC between the " +
    "task's own containers, none isolates each container, and an absent ipcMode leaves it to the Docker " +
    "daemon's default for the instance.",
  messages: {
    hostIpc: "ipcMode is host",
  },
  remediation: {
    recommendation:
      'Register a new revision without ipcMode, or with ipcMode "task" where the task\'s containers must ' +
      "share memory with each other.",
    url: "https://docs.aws.amazon.com/AmazonECS/latest/developerguide/task_definition_parameters.html#task_definition_ipcmode",
    fixable: true,
  },
  evaluate: ({ ipcMode }) => {
    if (isUnresolved(ipcMode)) return [undecided(ipcMode)];
    return ipcMode === "host" ? [violation("hostIpc", "/ipcMode")] : [];
  },
});
