import type { AwsSecurityFinding, ComplianceStatus } from "@aws-sdk/client-securityhub";
import type { Status, Verdict } from "../engine/evaluate.ts";
import type { ResourceKind } from "../model/types.ts";
import type { Policy } from "../policies/define-policy.ts";
import { asffResourceType, resourceDetails } from "./details.ts";
import { findingId } from "./finding-id.ts";
import { joinWithin, type TrimmedDetails, trimDetails, truncate } from "./trim.ts";

/** Who caused the change and from where, as CloudTrail recorded it. */
export interface Cause {
  readonly actor?: string;
  readonly sourceIp?: string;
  readonly eventId?: string;
  readonly eventName?: string;
}

export interface FindingContext {
  readonly partition: string;
  readonly region: string;
  readonly account: string;
  /** When the resource was seen in this state (the event's time), ISO 8601. */
  readonly observedAt: string;
  readonly cause?: Cause;
}

/** The resource a verdict is about, as findings name and describe it. */
export interface FindingSubject {
  /** The resource's ARN, or an identifier standing in for it offline. */
  readonly resourceId: string;
  /** The API-shaped document the resource was normalized from (ASFF Details are picked from it). */
  readonly document: unknown;
}

export const PRODUCT_NAME = "ECS Guardrails";
export const FINDING_TYPE = "Software and Configuration Checks/AWS Security Best Practices";
export const PRODUCT_FIELD_PREFIX = "ecs-guardrails";

/** Documented ASFF limits the Security Hub API model does not carry (240 KB read as 240,000 bytes, the safe side). */
const LIMITS = {
  title: 256,
  description: 1024,
  recommendation: 512,
  statusReason: 2048,
  productFieldValue: 2048,
  findingBytes: 240_000,
};

/** An exempted resource is PASSED in Security Hub, with a status reason naming the exemption. */
const COMPLIANCE_STATUS: Readonly<Record<Exclude<Status, "NOT_APPLICABLE">, ComplianceStatus>> = {
  PASSED: "PASSED",
  FAILED: "FAILED",
  UNKNOWN: "NOT_AVAILABLE",
  EXEMPTED: "PASSED",
};

const STATUS_REASON: Readonly<Partial<Record<Status, string>>> = {
  UNKNOWN: "UNDECIDABLE_INPUT",
  EXEMPTED: "EXEMPTED",
};

export function productArn(partition: string, region: string, account: string): string {
  return `arn:${partition}:securityhub:${region}:${account}:product/${account}/default`;
}

/**
 * The ASFF finding for one verdict; pure and deterministic. A policy that does not apply publishes
 * nothing, so NOT_APPLICABLE verdicts yield `undefined`.
 */
export function toAsffFinding(
  verdict: Verdict,
  subject: FindingSubject,
  context: FindingContext,
): AwsSecurityFinding | undefined {
  if (verdict.status === "NOT_APPLICABLE") return undefined;
  const { policy, evidence } = verdict;
  return withinSizeLimit({
    ...findingOf(policy, verdict.resource.kind, subject, context),
    Description: joinWithin(
      [policy.rationale, ...evidence.map((item) => `${item.path || "/"}: ${item.message}`)],
      "\n",
      LIMITS.description,
      "line",
    ),
    Compliance: {
      Status: COMPLIANCE_STATUS[verdict.status],
      ...statusReasons(verdict),
    },
    ProductFields: productFields(policy, verdict.status, context),
    RecordState: "ACTIVE",
  });
}

/**
 * The finding of a policy on a resource that is gone (a stopped task, a deregistered instance): the same
 * id as its verdicts' findings, ARCHIVED, so Security Hub no longer shows it as current.
 */
export function toArchivedFinding(
  policy: Policy,
  kind: ResourceKind,
  subject: FindingSubject,
  context: FindingContext,
  reason: string,
): AwsSecurityFinding {
  return withinSizeLimit({
    ...findingOf(policy, kind, subject, context),
    Description: truncate(`${policy.rationale}\nArchived: ${reason}`, LIMITS.description),
    ProductFields: productFields(policy, "ARCHIVED", context),
    RecordState: "ARCHIVED",
  });
}

/** What every finding of a policy on a resource carries, whatever its verdict. */
function findingOf(
  policy: Policy,
  kind: ResourceKind,
  subject: FindingSubject,
  context: FindingContext,
): AwsSecurityFinding {
  const { partition, region, account, observedAt } = context;
  const details = resourceDetails(kind, subject.document);
  return {
    SchemaVersion: "2018-10-08",
    Id: findingId(region, account, policy.id, subject.resourceId),
    ProductArn: productArn(partition, region, account),
    ProductName: PRODUCT_NAME,
    CompanyName: PRODUCT_NAME,
    GeneratorId: policy.id,
    AwsAccountId: account,
    CreatedAt: observedAt,
    UpdatedAt: observedAt,
    LastObservedAt: observedAt,
    Title: truncate(policy.title, LIMITS.title),
    Description: truncate(policy.rationale, LIMITS.description),
    FindingProviderFields: {
      Severity: { Label: policy.severity, Original: policy.severity },
      Types: [FINDING_TYPE],
    },
    Remediation: {
      Recommendation: {
        Text: truncate(policy.remediation.recommendation, LIMITS.recommendation),
        ...(policy.remediation.url === undefined ? {} : { Url: policy.remediation.url }),
      },
    },
    Resources: [
      {
        Type: asffResourceType(kind, subject.document),
        Id: subject.resourceId,
        Partition: partition as "aws",
        Region: region,
        ...(details === undefined ? {} : { Details: details }),
      },
    ],
  };
}

function statusReasons(verdict: Verdict) {
  const reasonCode = STATUS_REASON[verdict.status];
  if (reasonCode === undefined) return {};
  const described =
    verdict.status === "EXEMPTED"
      ? verdict.evidence.filter((item) => item.outcome === "exemption")
      : verdict.evidence;
  return {
    StatusReasons: [
      {
        ReasonCode: reasonCode,
        Description: joinWithin(
          described.map((item) => item.message),
          "; ",
          LIMITS.statusReason,
          "reason",
        ),
      },
    ],
  };
}

function productFields(
  policy: Policy,
  status: Status | "ARCHIVED",
  context: FindingContext,
): Record<string, string> {
  const fields: Record<string, string | undefined> = {
    policy: policy.id,
    controls: policy.controls.join(",") || undefined,
    status,
    actor: context.cause?.actor,
    "source-ip": context.cause?.sourceIp,
    "event-id": context.cause?.eventId,
    "event-name": context.cause?.eventName,
  };
  return Object.fromEntries(
    Object.entries(fields)
      .filter((entry): entry is [string, string] => entry[1] !== undefined && entry[1].trim() !== "")
      .map(([key, value]) => [`${PRODUCT_FIELD_PREFIX}/${key}`, truncate(value, LIMITS.productFieldValue)]),
  );
}

/**
 * Keeps the finding under ASFF's 240 KB without dropping it: the texts are already within their own limits, so
 * what can grow is the resource's Details. Their longest lists are cut first, and the finding says what was left
 * out (`details-trimmed`); the Details go only when nothing else is left to cut. The resource id is the finding's
 * identity and is never cut.
 */
function withinSizeLimit(finding: AwsSecurityFinding): AwsSecurityFinding {
  const [resource, ...others] = finding.Resources ?? [];
  if (resource?.Details === undefined || bytes(finding) <= LIMITS.findingBytes) return finding;
  const { Details, ...withoutDetails } = resource;
  const withTrimmed = ({ details, note }: TrimmedDetails): AwsSecurityFinding => ({
    ...finding,
    ProductFields: {
      ...finding.ProductFields,
      ...(note === undefined
        ? {}
        : { [`${PRODUCT_FIELD_PREFIX}/details-trimmed`]: truncate(note, LIMITS.productFieldValue) }),
    },
    Resources: [{ ...withoutDetails, ...(details === undefined ? {} : { Details: details }) }, ...others],
  });
  const trimmed = trimDetails(
    Details as Record<string, unknown>,
    (candidate) => bytes(withTrimmed(candidate)) <= LIMITS.findingBytes,
  );
  return withTrimmed(trimmed);
}

function bytes(finding: AwsSecurityFinding): number {
  return Buffer.byteLength(JSON.stringify(finding));
}
