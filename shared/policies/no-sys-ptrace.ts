import * as z from "zod/mini";
import { isUnresolved } from "../model/resolvable.ts";
import { definePolicy, type ParameterSpec, undecided, violation } from "./define-policy.ts";
import { capabilityEntries } from "./utils/container-capabilities.ts";
import { isImageAllowed } from "./utils/container-images.ts";
import { onLinux } from "./utils/container-platform.ts";
import { containerLabel, eachContainer } from "./utils/containers.ts";

const allowedImages: ParameterSpec<string[]> = {
  description:
    "Image repositories (without tag or digest) that may add SYS_PTRACE, such as observability or runtime " +
    "security agents. An entry matches that repository and those below it (`public.ecr.aws/falcosecurity` " +
    "allows `public.ecr.aws/falcosecurity/falco`), as the image is written in the task definition.",
  schema: z.array(z.string().check(z.minLength(1))),
  default: [],
};

export default definePolicy({
  id: "no-sys-ptrace",
  title: "ECS containers add SYS_PTRACE only for allowed tracing and security agents",
  severity: "MEDIUM",
  resource: "TaskDefinition",
  controls: [],
  practice: "M4: Add SYS_PTRACE only for observability and security tooling",
  rationale:
    "SYS_PTRACE lets a container attach to and inspect other processes it can see: read their memory, " +
    "secrets included, and inject code. With pidMode task that reaches the task's other containers, with " +
    "pidMode host every process on the instance. Only tracing and security agents need it.",
  deviations:
    "Beyond Security Hub. The catalog rates allowed agents INFORMATIONAL; here they pass. Names are read as " +
    "Docker reads them (any case, optional CAP_); ALL, which includes SYS_PTRACE, is judged by " +
    "no-dangerous-capabilities.",
  messages: {
    sysPtrace:
      'container "{{container}}" adds {{capability}} and its image {{image}} is not on allowedImages',
    windows: "Windows containers have no Linux capabilities",
    noContainers: "the task definition has no container definitions",
  },
  remediation: {
    recommendation:
      "Remove SYS_PTRACE from linuxParameters.capabilities.add, or, for a tracing or security agent that " +
      "needs it, add its image repository to the policy's allowedImages parameter.",
    url: "https://docs.aws.amazon.com/AmazonECS/latest/developerguide/security-fargate.html",
    fixable: false,
  },
  parameters: { allowedImages },
  evaluate: (taskDefinition, { parameters }) =>
    onLinux(taskDefinition, "windows", () =>
      eachContainer(
        taskDefinition,
        (container, index) => {
          const added = capabilityEntries(container, index, "add");
          if (isUnresolved(added)) return [undecided(added)];
          const { image } = container;
          return added.flatMap((entry) => {
            if (isUnresolved(entry)) return [undecided(entry)];
            if (entry.capability !== "SYS_PTRACE") return [];
            if (isUnresolved(image) && parameters.allowedImages.length > 0) return [undecided(image)];
            if (typeof image === "string" && isImageAllowed(image, parameters.allowedImages)) return [];
            const data = {
              container: containerLabel(container, index),
              capability: entry.written,
              image: isUnresolved(image) ? "(unresolved)" : image || "(none)",
            };
            return [violation("sysPtrace", entry.path, data)];
          });
        },
        "noContainers",
      ),
    ),
});
