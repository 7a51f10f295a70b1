import * as z from "zod/mini";
import { eventBridgeEnvelope } from "./eventbridge.ts";

/** The source and detail type of the requests the event routes send once a FAILED finding is published. */
export const REMEDIATION_SOURCE = "ecs-guardrails.remediation";
export const REMEDIATION_REQUEST_DETAIL_TYPE = "ECS Guardrails Remediation Request";

/**
 * The Security Hub custom action the stack creates (CreateActionTarget): Security Hub allows names of fewer than 20
 * characters and ids of at most 20 alphanumeric characters. Its events carry the name as `detail.actionName`.
 */
export const CUSTOM_ACTION = {
  name: "ECS Guardrails: fix",
  id: "EcsGuardrailsFix",
  description: "Remediate with ECS Guardrails",
} as const;

export const SECURITY_HUB_CUSTOM_ACTION_DETAIL_TYPE = "Security Hub Findings - Custom Action";

const text = z.string().check(z.minLength(1));

/**
 * Repair the resource of this finding, if its policy's mode says so: sent after the finding was published, so a
 * failed repair never holds a finding back. The resource is read again before anything is decided.
 */
export const remediationRequestEvent = z.extend(eventBridgeEnvelope, {
  source: z.literal(REMEDIATION_SOURCE),
  "detail-type": z.literal(REMEDIATION_REQUEST_DETAIL_TYPE),
  detail: z.object({
    findingId: text,
    productArn: text,
    policyId: text,
    resourceId: text,
    observedAt: z.iso.datetime({ offset: true }),
    /** The IAM ARN that caused the change the finding reports (its cause), for the loop guard. */
    actor: z.optional(text),
  }),
});

export type RemediationRequestEvent = z.infer<typeof remediationRequestEvent>;

/** The part of an ASFF finding the remediation reads; the rest of what Security Hub sends is left alone. */
const customActionFinding = z.looseObject({
  Id: text,
  ProductArn: text,
  GeneratorId: text,
  AwsAccountId: z.string().check(z.regex(/^\d{12}$/, "expected a 12-digit AWS account id")),
  Region: z.optional(text),
  Resources: z.array(z.looseObject({ Id: text, Type: z.optional(z.string()) })).check(z.minLength(1)),
});

export type CustomActionFinding = z.infer<typeof customActionFinding>;

/** A person chose the custom action on one or more findings in the Security Hub console. */
export const customActionEvent = z.extend(eventBridgeEnvelope, {
  source: z.literal("aws.securityhub"),
  "detail-type": z.literal(SECURITY_HUB_CUSTOM_ACTION_DETAIL_TYPE),
  detail: z.looseObject({
    actionName: z.literal(CUSTOM_ACTION.name),
    actionDescription: z.optional(z.string()),
    findings: z.array(customActionFinding).check(z.minLength(1)),
  }),
});

export type CustomActionEvent = z.infer<typeof customActionEvent>;
