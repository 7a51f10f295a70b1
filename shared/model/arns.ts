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

/** A task definition revision's ARN, `arn:<partition>:ecs:<region>:<account>:task-definition/<family>:<revision>`, read. */
export interface RevisionArn {
  readonly partition: string;
  readonly region: string;
  readonly account: string;
  readonly family: string;
  readonly revision: number;
}

const REVISION_ARN = /^arn:([^:]+):ecs:([^:]+):(\d{12}):task-definition\/([A-Za-z0-9_-]+):(\d+)$/;

/** Reads a task definition revision ARN; `undefined` for anything else (a family name, another resource). */
export function readRevisionArn(arn: string): RevisionArn | undefined {
  const [, partition, region, account, family, revision] = REVISION_ARN.exec(arn) ?? [];
  if (partition === undefined || region === undefined || account === undefined || family === undefined)
    return undefined;
  return { partition, region, account, family, revision: Number(revision) };
}
