/** The AWS partition of a region: `aws`, `aws-cn` or `aws-us-gov`. */
export function partitionOf(region: string): string {
  if (region.startsWith("cn-")) return "aws-cn";
  if (region.startsWith("us-gov-")) return "aws-us-gov";
  return "aws";
}

export interface Scope {
  readonly partition: string;
  readonly region: string;
  readonly account: string;
}

/** The last segment of an ECS ARN (`…:cluster/prod` → `prod`), or the value itself when it is a name. */
export function nameOf(nameOrArn: string): string {
  return nameOrArn.startsWith("arn:") ? (nameOrArn.split("/").pop() ?? nameOrArn) : nameOrArn;
}

/** An ECS ARN for a resource known only by name, in the account's own format. */
export function ecsArn(scope: Scope, resource: string): string {
  return `arn:${scope.partition}:ecs:${scope.region}:${scope.account}:${resource}`;
}
