import { isUnresolved, type Resolvable } from "../model/resolvable.ts";
import type { Service } from "../model/types.ts";
import { definePolicy, notApplicable, undecided, violation } from "./define-policy.ts";

const SPOT_PROVIDER = "FARGATE_SPOT";

export default definePolicy({
  id: "service-not-spot-only",
  title: "ECS services place some tasks on on-demand capacity, not only on Fargate Spot",
  severity: "MEDIUM",
  resource: "Service",
  controls: [],
  practice: "C11: Do not run critical services on Spot capacity alone",
  rationale:
    "Fargate Spot tasks can be stopped with a two-minute warning whenever AWS needs the capacity back, and ECS " +
    "does not replace them with on-demand tasks. A service placed only on FARGATE_SPOT can lose all its tasks at " +
    "once; a base or weight on FARGATE keeps part of it running through an interruption.",
  deviations:
    "Only FARGATE_SPOT is recognised as Spot: whether an Auto Scaling group capacity provider launches Spot " +
    "instances is not visible from the service. A service without a strategy (a launch type, or the cluster's " +
    "default strategy, which the service does not show) is not judged. Batch, development and staging services " +
    "that tolerate interruptions should be exempted.",
  messages: {
    spotOnly:
      "every capacity provider that places tasks is FARGATE_SPOT and no on-demand provider has a base: an " +
      "interruption can stop every task at once",
    noStrategy: "the service has no capacity provider strategy",
  },
  remediation: {
    recommendation:
      'Add an on-demand provider to the service\'s capacityProviderStrategy, for example { capacityProvider: "FARGATE", ' +
      "base: 2, weight: 1 } next to FARGATE_SPOT, so a minimum of tasks survives a Spot interruption.",
    url: "https://docs.aws.amazon.com/AmazonECS/latest/developerguide/fargate-capacity-providers.html",
    fixable: false,
  },
  evaluate: (service) => {
    const strategy = service.capacityProviderStrategy;
    if (isUnresolved(strategy)) return [undecided(strategy)];
    if (strategy === undefined || strategy.length === 0) return [notApplicable("noStrategy")];
    const placements = strategy.map(placementOf);
    const unresolvedPlacement = placements.find(isUnresolved);
    if (unresolvedPlacement !== undefined) return [undecided(unresolvedPlacement)];
    const items = placements.filter((placement): placement is Placement => !isUnresolved(placement));
    if (items.some(({ provider, base }) => provider !== SPOT_PROVIDER && base > 0)) return [];
    const weighted = items.filter(({ weight }) => weight > 0);
    const placing = weighted.length > 0 ? weighted : items;
    return placing.every(({ provider }) => provider === SPOT_PROVIDER)
      ? [violation("spotOnly", "/capacityProviderStrategy")]
      : [];
  },
});

type StrategyItem = Extract<NonNullable<Service["capacityProviderStrategy"]>, readonly unknown[]>[number];

interface Placement {
  readonly provider: string | undefined;
  readonly weight: number;
  readonly base: number;
}

/** A strategy item with the API defaults (weight 0, base 0), or the first of its fields the input cannot decide. */
function placementOf(item: StrategyItem): Resolvable<Placement> {
  if (isUnresolved(item)) return item;
  const { capacityProvider, weight, base } = item;
  if (isUnresolved(capacityProvider)) return capacityProvider;
  if (isUnresolved(weight)) return weight;
  if (isUnresolved(base)) return base;
  return { provider: capacityProvider, weight: weight ?? 0, base: base ?? 0 };
}
