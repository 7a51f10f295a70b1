import { apiCallsEvaluator } from "./api-calls-evaluator.ts";
import type { Route } from "./pipeline.ts";
import { apiCallsRoute } from "./routes.ts";

/** Every route with its evaluator: what the functions run and `ecs-guardrails replay` routes with. */
export const runtimeRoutes: readonly Route[] = [
  { spec: apiCallsRoute, evaluators: { EcsApiCalls: apiCallsEvaluator } },
];

export function runtimeRoute(id: string): Route {
  const route = runtimeRoutes.find((candidate) => candidate.spec.id === id);
  if (route === undefined) throw new Error(`no route "${id}"`);
  return route;
}
