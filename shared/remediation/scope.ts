import type { GuardrailsConfig, RemediationScopeConfig } from "../engine/config.ts";
import { resourceTags } from "../engine/exemptions.ts";
import { nameOf } from "../model/arns.ts";
import { isUnresolved } from "../model/resolvable.ts";
import type { Resource } from "../model/types.ts";

/** The stage's own remediation scope, else the top-level one; `undefined` when neither limits it. */
export function remediationScope(
  config: GuardrailsConfig,
  stage: string,
): RemediationScopeConfig | undefined {
  return config.stages?.[stage]?.remediationScope ?? config.remediationScope;
}

/**
 * Why the scope does not let the guardrail change this resource, or `undefined` when it does. Pure. The stack
 * narrows the remediation role's grants by the same scope where IAM can (`ecs:cluster`, `aws:ResourceTag/…`);
 * this check covers the calls IAM cannot narrow, and says why in the audit instead of an AccessDenied. `tags` are
 * those the repair's calls are authorised by: the resource's own unless the read says otherwise.
 */
export function outsideScope(
  resource: Resource,
  scope: RemediationScopeConfig | undefined,
  tags: ReadonlyMap<string, string> = resourceTags(resource),
): string | undefined {
  if (scope === undefined) return undefined;
  if (scope.clusters !== undefined) {
    const cluster = clusterOf(resource);
    if (cluster === undefined)
      return `a ${resource.kind} belongs to no known cluster, and the scope names clusters`;
    if (!scope.clusters.includes(cluster)) {
      return `cluster ${cluster} is not one the scope names (${scope.clusters.join(", ")})`;
    }
  }
  if (scope.tag !== undefined && tags.get(scope.tag.key) !== scope.tag.value) {
    return `the resource does not carry the tag ${scope.tag.key}=${scope.tag.value} the scope requires`;
  }
  return undefined;
}

/** `task/<cluster>/<id>`: the new ARN format names the cluster; the old one (`task/<id>`) does not. */
const TASK_ARN = /:task\/([^/]+)\/[^/]+$/;

/** The name of the cluster the resource is in, where it is known. */
function clusterOf(resource: Resource): string | undefined {
  switch (resource.kind) {
    case "Service":
    case "TaskSet":
    case "Task":
    case "ContainerInstance":
      return resource.cluster === undefined || isUnresolved(resource.cluster)
        ? undefined
        : nameOf(resource.cluster);
    case "RunningTask":
      return resource.arn === undefined ? undefined : TASK_ARN.exec(resource.arn)?.[1];
    case "Cluster": {
      const name = resource.clusterName ?? resource.arn;
      return name === undefined || isUnresolved(name) ? undefined : nameOf(name);
    }
    default:
      return undefined;
  }
}
