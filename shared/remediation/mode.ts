import type { GuardrailsConfig, RemediationMode } from "../engine/config.ts";
import type { Status } from "../engine/evaluate.ts";
import type { Exemption } from "../engine/exemptions.ts";
import type { Policy } from "../policies/define-policy.ts";
import type { EventOrigin } from "./loop-guard.ts";

/**
 * A policy's remediation mode in a stage: the stage's own mode, else the top-level one, else `off`. Pure;
 * `parseConfig` has already refused any mode but `off` on a policy that is not fixable.
 */
export function remediationMode(policy: Policy, config: GuardrailsConfig, stage: string): RemediationMode {
  return (
    config.stages?.[stage]?.policies?.[policy.id]?.remediation ??
    config.policies[policy.id]?.remediation ??
    "off"
  );
}

/**
 * What reached the remediation: a verdict just published as a finding, or a person choosing the Security Hub
 * custom action "Remediate with ECS Guardrails" on one.
 */
export type RemediationTrigger = "finding" | "custom-action";

/**
 * What to do now: nothing, tell people, record the calls a repair would make, or repair. `apply` still needs
 * the budget's consent.
 */
export type RemediationStep = "none" | "notify" | "dry-run" | "apply";

export interface RemediationDecision {
  /** The policy's mode for this resource: `off` where an exemption covers it. */
  readonly mode: RemediationMode;
  readonly step: RemediationStep;
  /** Why, in a sentence for the finding's note and the log. */
  readonly reason: string;
}

/** The part of a verdict (`Verdict` in `shared/engine/evaluate.ts`) the decision reads. */
export interface JudgedResource {
  readonly policy: Policy;
  readonly status: Status;
  readonly exemption?: Exemption;
}

export interface RemediationContext {
  readonly config: GuardrailsConfig;
  readonly stage: string;
  readonly trigger: RemediationTrigger;
  /** The loop guard's answer for the event behind the verdict; absent for the sweep and the custom action. */
  readonly origin?: EventOrigin;
}

/**
 * Whether and how to repair the resource of one verdict. Pure. Only a FAILED verdict is repaired: an exemption
 * (by tag or config, already applied by the evaluation) makes every mode `off`, and neither a verdict that
 * cannot be decided nor a change the guardrail made itself ever leads to a repair. `manual` repairs only when
 * a person asks; the custom action repairs in `auto` too (a repair the budget refused can be asked for again),
 * shows the calls in `dry-run`, and does nothing in `notify` and `off`.
 */
export function remediationDecision(
  verdict: JudgedResource,
  context: RemediationContext,
): RemediationDecision {
  const { policy } = verdict;
  const configured = remediationMode(policy, context.config, context.stage);
  if (verdict.status === "EXEMPTED" && verdict.exemption !== undefined) {
    const { source, until, reason } = verdict.exemption;
    const by = source === "tag" ? "the resource's tags" : "the config file";
    const ending = until === undefined ? "" : ` until ${until}`;
    return { mode: "off", step: "none", reason: `exempted by ${by}${ending}: ${reason}` };
  }
  if (configured === "off") {
    return {
      mode: "off",
      step: "none",
      reason: `remediation of ${policy.id} is off in stage ${context.stage}`,
    };
  }
  if (verdict.status !== "FAILED") {
    return {
      mode: configured,
      step: "none",
      reason: `the verdict is ${verdict.status}: only FAILED is repaired`,
    };
  }
  if (context.origin?.byGuardrail === true) {
    return { mode: configured, step: "none", reason: `not repaired again: ${context.origin.reason}` };
  }
  return { mode: configured, ...stepFor(configured, context.trigger) };
}

/** Whether a published FAILED finding of a policy in this mode asks for its repair (`manual` waits for a click). */
export function requestsOnFinding(mode: RemediationMode): boolean {
  return mode !== "off" && stepFor(mode, "finding").step !== "none";
}

/** Whether the mode ever changes resources, on a finding or a person's click: only then are its actions granted. */
export function changesResources(mode: RemediationMode): boolean {
  return mode !== "off" && TRIGGERS.some((trigger) => stepFor(mode, trigger).step === "apply");
}

const TRIGGERS: readonly RemediationTrigger[] = ["finding", "custom-action"];

function stepFor(
  mode: Exclude<RemediationMode, "off">,
  trigger: RemediationTrigger,
): Pick<RemediationDecision, "step" | "reason"> {
  if (trigger === "custom-action") {
    switch (mode) {
      case "notify":
        return { step: "none", reason: "the mode is notify: people are told, and repair it themselves" };
      case "dry-run":
        return {
          step: "dry-run",
          reason: "asked through the custom action; the mode is dry-run: calls recorded, not made",
        };
      case "auto":
      case "manual":
        return { step: "apply", reason: "asked through the custom action" };
    }
  }
  switch (mode) {
    case "notify":
      return { step: "notify", reason: "the mode is notify" };
    case "dry-run":
      return { step: "dry-run", reason: "the mode is dry-run: calls recorded, not made" };
    case "auto":
      return { step: "apply", reason: "the mode is auto" };
    case "manual":
      return {
        step: "none",
        reason:
          'the mode is manual: waits for a person to choose "Remediate with ECS Guardrails" on the finding',
      };
  }
}
