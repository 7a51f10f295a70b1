import { Logger } from "@aws-lambda-powertools/logger";
import type { SecurityHubClient } from "@aws-sdk/client-securityhub";
import {
  type CustomActionEvent,
  customActionEvent,
  type RemediationRequestEvent,
  remediationRequestEvent,
} from "../../events/schemas/remediation.ts";
import { evaluatePolicies } from "../engine/evaluate.ts";
import { isAccessDenied } from "../hydrate/access-denied.ts";
import type { StateReader } from "../hydrate/state-reader.ts";
import type { SkippedRead } from "../model/cloudtrail.ts";
import {
  type AnyRemediationAction,
  type ApiCall,
  type Outcome,
  type Plan,
  type PlanResult,
  planContextOf,
  planFor,
  type RemediationClients,
} from "../remediation/actions/action.ts";
import { actionsFor } from "../remediation/actions/index.ts";
import type { RemediationBudget } from "../remediation/budget.ts";
import { type EventOrigin, eventOrigin, type GuardrailRoles } from "../remediation/loop-guard.ts";
import {
  type RemediationDecision,
  type RemediationTrigger,
  remediationDecision,
  remediationMode,
} from "../remediation/mode.ts";
import { outsideScope, remediationScope } from "../remediation/scope.ts";
import type { EventEvaluation, EventEvaluator, Rulebook } from "./event-evaluator.ts";
import { type AuditOutcome, type FindingIdentifier, recordAudit } from "./remediation-audit.ts";
import { readFresh } from "./remediation-read.ts";

export interface RemediationDependencies {
  readonly clients: RemediationClients & { readonly securityHub: SecurityHubClient };
  readonly budget: RemediationBudget;
  /** The stage whose modes apply (`GUARDRAILS_STAGE`). */
  readonly stage: string;
  /** The guardrail's own roles: a change they made is never repaired again. */
  readonly roles: GuardrailRoles;
  /** The clock of the audit; tests pass their own. */
  readonly now?: () => Date;
  /** Where the one structured line per finding goes: the function's Powertools logger by default. */
  readonly logger?: RemediationLogger;
  /** Tells the people who subscribed what was done (the SNS topic); every record that did something. */
  readonly announce?: (record: RemediationRecord) => Promise<void>;
}

/** The part of the Powertools logger the evaluators write their line through. */
export interface RemediationLogger {
  info(message: string, fields: { readonly remediation: RemediationRecord }): void;
}

export interface RemediationEvaluators {
  readonly RemediationRequests: EventEvaluator<RemediationRequestEvent>;
  readonly RemediateCustomAction: EventEvaluator<CustomActionEvent>;
}

/** One finding to repair: which, of which policy, on which resource, in the account the function acts in. */
interface Target {
  readonly account: string;
  readonly finding: FindingIdentifier;
  readonly policyId: string;
  readonly resourceId: string;
}

/** What happened to one finding, as the structured log records it. */
export interface RemediationRecord {
  readonly findingId: string;
  readonly policyId: string;
  readonly resourceId: string;
  readonly trigger: RemediationTrigger;
  readonly mode?: string;
  readonly step?: string;
  readonly reason: string;
  readonly actions: readonly ActionRecord[];
}

/** What one action did, and what it says besides its calls (what a dry run's apply would redo, services skipped). */
interface ActionRecord {
  readonly action: string;
  readonly outcome: AuditOutcome;
  readonly details?: readonly string[];
}

/**
 * The evaluators of the remediation route: a request the event routes send once a FAILED finding is published, and
 * the Security Hub custom action a person chooses on findings. For each finding of the guardrail's own: read the
 * resource again, judge its policy afresh, decide by the policy's mode (`remediationDecision`), then notify, record a
 * dry run, or repair within the budget, and record what was done on the finding (`BatchUpdateFindings`) and in the
 * log. No finding is published: the next evaluation of the resource publishes its compliance. An action that fails
 * throws, so the record returns to its queue.
 */
export function remediationEvaluators(dependencies: RemediationDependencies): RemediationEvaluators {
  const logger = dependencies.logger ?? new Logger({ serviceName: "ecs-guardrails" });
  // What each batch has repaired, keyed by the batch's reader, which lives exactly as long as the batch.
  const repairedByBatch = new WeakMap<StateReader, Set<string>>();
  const remediate = async (
    target: Target,
    trigger: RemediationTrigger,
    origin: EventOrigin | undefined,
    reader: StateReader,
    rulebook: Rulebook,
  ): Promise<readonly SkippedRead[]> => {
    const repaired = repairedByBatch.get(reader) ?? new Set<string>();
    repairedByBatch.set(reader, repaired);
    const { record, skipped } = await remediateFinding(
      target,
      trigger,
      origin,
      { reader, repaired },
      rulebook,
      dependencies,
    );
    logger.info("remediation", { remediation: record });
    if (record.actions.length > 0) await dependencies.announce?.(record);
    return skipped;
  };
  return {
    RemediationRequests: {
      schema: remediationRequestEvent,
      async evaluate(event, reader, rulebook): Promise<EventEvaluation> {
        const { detail } = event;
        const target: Target = {
          account: event.account,
          finding: { Id: detail.findingId, ProductArn: detail.productArn },
          policyId: detail.policyId,
          resourceId: detail.resourceId,
        };
        const origin = eventOrigin(callerRecord(detail.actor), dependencies.roles);
        return { findings: [], skipped: await remediate(target, "finding", origin, reader, rulebook) };
      },
    },
    RemediateCustomAction: {
      schema: customActionEvent,
      async evaluate(event, reader, rulebook): Promise<EventEvaluation> {
        const skipped: SkippedRead[] = [];
        // One at a time: the budget is drawn in order, and a failure leaves the rest to the record's retry.
        for (const finding of event.detail.findings) {
          const [resource] = finding.Resources;
          const target: Target = {
            account: event.account,
            finding: { Id: finding.Id, ProductArn: finding.ProductArn },
            policyId: finding.GeneratorId,
            resourceId: resource?.Id ?? "",
          };
          // A person asked: no event caused it, so there is no loop to guard against.
          skipped.push(...(await remediate(target, "custom-action", undefined, reader, rulebook)));
        }
        return { findings: [], skipped };
      },
    },
  };
}

/** The CloudTrail `userIdentity` of the change a finding reports, as far as the request names it. */
function callerRecord(actor: string | undefined): unknown {
  if (actor === undefined) return {};
  return { userIdentity: { type: actor.includes(":assumed-role/") ? "AssumedRole" : undefined, arn: actor } };
}

// `arn:<partition>:securityhub:<region>:<account>:product/<account>/default`: the account's own findings.
const OWN_PRODUCT_ARN = /^arn:[\w-]+:securityhub:[a-z0-9-]+:(\d{12}):product\/(\d{12})\/default$/;

interface FindingRemediation {
  readonly record: RemediationRecord;
  readonly skipped: readonly SkippedRead[];
}

/** What one batch shares: its reader (and caches), and the actions it applied, by action and resource. */
interface BatchState {
  readonly reader: StateReader;
  readonly repaired: Set<string>;
}

async function remediateFinding(
  target: Target,
  trigger: RemediationTrigger,
  origin: EventOrigin | undefined,
  { reader, repaired }: BatchState,
  rulebook: Rulebook,
  dependencies: RemediationDependencies,
): Promise<FindingRemediation> {
  const base = {
    findingId: target.finding.Id,
    policyId: target.policyId,
    resourceId: target.resourceId,
    trigger,
  };
  const leave = (reason: string, skipped: readonly SkippedRead[] = []): FindingRemediation => ({
    record: { ...base, reason, actions: [] },
    skipped,
  });

  const product = OWN_PRODUCT_ARN.exec(target.finding.ProductArn);
  if (product === null || product[1] !== product[2]) {
    return leave(`not a finding of the guardrail: product ${target.finding.ProductArn}`);
  }
  // An aggregating administrator account's custom action sends its members' findings too: their resources are
  // out of reach of this account's roles, and another account's budget.
  if (product[1] !== target.account || !target.resourceId.includes(`:${target.account}:`)) {
    return leave(`a finding of account ${product[1]}, not of ${target.account}, where the guardrail acts`);
  }
  const policy = rulebook.policies.find((candidate) => candidate.id === target.policyId);
  if (policy === undefined) return leave(`not a finding of the guardrail: no policy ${target.policyId}`);
  const actions = actionsFor(policy.id);
  if (actions.length === 0) return leave(`no action repairs ${policy.id}`);

  const now = (dependencies.now ?? (() => new Date()))();
  const audit = (action: string, outcome: AuditOutcome, text: string) =>
    recordAudit(dependencies.clients.securityHub, {
      finding: target.finding,
      action,
      outcome,
      text,
      time: now,
    });

  const fresh = await readFresh(policy, target.resourceId, reader);
  if (fresh.kind === "skipped") {
    const reason = `not repaired: ${fresh.call} skipped: ${fresh.reason}`;
    return leave(reason, [{ call: fresh.call, reason: fresh.reason }]);
  }
  if (fresh.kind === "gone") {
    const mode = remediationMode(policy, rulebook.config, dependencies.stage);
    // A policy whose remediation is off never writes on its findings.
    if (mode === "off") return leave(`the resource is gone (${fresh.reason}); remediation is off`);
    await audit(
      "none",
      "gone",
      `ECS Guardrails (${mode}): nothing to repair: the resource is gone: ${fresh.reason}`,
    );
    return {
      record: { ...base, mode, reason: fresh.reason, actions: [{ action: "none", outcome: "gone" }] },
      skipped: [],
    };
  }

  const [verdict] = evaluatePolicies([policy], fresh.resource, {
    config: rulebook.config,
    today: now.toISOString().slice(0, 10),
    resourceId: target.resourceId,
    lookups: fresh.lookups,
  });
  if (verdict === undefined) return leave(`${policy.id} is off: nothing is judged, nothing repaired`);
  const decision = remediationDecision(verdict, {
    config: rulebook.config,
    stage: dependencies.stage,
    trigger,
    ...(origin === undefined ? {} : { origin }),
  });
  const decided = { ...base, mode: decision.mode, step: decision.step, reason: decision.reason };
  if (decision.step === "none") return { record: { ...decided, actions: [] }, skipped: [] };
  if (decision.step === "notify") {
    await audit("none", "notified", note(decision, `${policy.id} failed on ${target.resourceId}`));
    return { record: { ...decided, actions: [{ action: "none", outcome: "notified" }] }, skipped: [] };
  }

  const outside = outsideScope(
    fresh.resource,
    remediationScope(rulebook.config, dependencies.stage),
    fresh.scopeTags,
  );
  if (outside !== undefined) {
    await audit(
      "none",
      "precluded",
      note(decision, `not repaired: outside the remediation scope: ${outside}`),
    );
    return { record: { ...decided, actions: [{ action: "none", outcome: "precluded" }] }, skipped: [] };
  }

  const context = planContextOf(verdict);
  const done: ActionRecord[] = [];
  for (const action of actions) {
    const key = `${action.id} ${target.resourceId}`;
    const plan = planFor(action, fresh.resource, context);
    // A request delivered twice in a batch (or two findings one action repairs) spends the budget once.
    const { outcome, text, details } =
      plan.kind === "plan" && decision.step === "apply" && repaired.has(key)
        ? {
            outcome: "already-fixed" as const,
            text: `${action.id}: already applied to this resource in this batch; no budget spent`,
            details: undefined,
          }
        : await actOn(action, plan, decision, dependencies);
    if (decision.step === "apply" && (outcome === "changed" || outcome === "already-fixed"))
      repaired.add(key);
    await audit(action.id, outcome, note(decision, text));
    done.push({
      action: action.id,
      outcome,
      ...(details === undefined || details.length === 0 ? {} : { details }),
    });
  }
  return { record: { ...decided, actions: done }, skipped: [] };
}

interface Act {
  readonly outcome: AuditOutcome;
  /** What was done, the calls included. */
  readonly text: string;
  readonly details?: readonly string[];
}

/** What the decision's step does with an action's plan: records it (dry run), or applies it within the budget. */
async function actOn(
  action: AnyRemediationAction,
  plan: PlanResult,
  decision: RemediationDecision,
  dependencies: RemediationDependencies,
): Promise<Act> {
  switch (plan.kind) {
    case "precluded":
      return { outcome: "precluded", text: `${action.id} cannot repair it: ${plan.reason}` };
    case "already-fixed":
      return { outcome: "already-fixed", text: `${action.id}: already fixed: ${plan.reason}` };
    case "plan":
      return decision.step === "dry-run"
        ? {
            outcome: "planned",
            // The call first: a note too long loses what apply would redo rather than the call.
            text: `${action.id} would call ${describeCall(plan.call)}${plan.rebuild === undefined ? "" : ` (${plan.rebuild.reason})`}`,
            ...(plan.rebuild === undefined ? {} : { details: [plan.rebuild.reason] }),
          }
        : applyWithinBudget(action, plan, dependencies);
  }
}

/** Takes one action from the budget, then applies the plan; refused, it changes nothing and says until when. */
async function applyWithinBudget(
  action: AnyRemediationAction,
  plan: Plan,
  { budget, clients }: RemediationDependencies,
): Promise<Act> {
  const answer = await budget.tryConsume();
  if (!answer.granted) {
    return {
      outcome: "refused",
      text: `budget exhausted until ${answer.window.end.toISOString()} (${answer.maxActions} actions a window): ${action.id} would call ${describeCall(plan.call)}`,
    };
  }
  let outcome: Outcome;
  try {
    outcome = await action.apply(plan, clients);
  } catch (error) {
    // A denial is the scope the stack granted (or a boundary, an SCP): every retry would be denied too.
    if (!isAccessDenied(error)) throw error;
    return {
      outcome: "precluded",
      text: `${action.id} was denied (${error.name}: ${error.message}); the remediation role's scope does not allow ${describeCall(plan.call)}`,
    };
  }
  const calls = outcome.calls.map(describeCall).join("; ");
  // What was left undone before the calls: a note too long loses the calls, which the log keeps.
  const notes = outcome.notes?.length ? ` (${outcome.notes.join("; ")})` : "";
  return {
    outcome: outcome.kind,
    text: `${action.id}: ${outcome.kind}${notes}: ${calls}`,
    ...(outcome.notes?.length ? { details: outcome.notes } : {}),
  };
}

/** The note: what was done first (the exact call), then the mode and why, which a note too long loses first. */
function note(decision: RemediationDecision, text: string): string {
  return `ECS Guardrails ${decision.step} (mode ${decision.mode}): ${text}. ${decision.reason}`;
}

/** `ecs:UpdateService {"cluster":…}`: the exact request, as the audit shows it. */
export function describeCall(call: ApiCall): string {
  return `${call.service}:${call.operation} ${JSON.stringify(call.input)}`;
}
