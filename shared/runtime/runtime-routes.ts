import { apiCallsEvaluator } from "./api-calls-evaluator.ts";
import { containerInstanceStateChangesEvaluator } from "./container-instance-state-changes-evaluator.ts";
import type { Route } from "./pipeline.ts";
import {
  apiCallsRoute,
  containerInstanceStateChangesRoute,
  inventorySweepRoute,
  serviceEventsRoute,
  taskStateChangesRoute,
  throttlesRoute,
} from "./routes.ts";
import { deploymentStateChangesEvaluator, serviceActionsEvaluator } from "./service-events-evaluator.ts";
import { sweepScheduleEvaluator, sweepStepEvaluator } from "./sweep-evaluator.ts";
import { taskStateChangesEvaluator } from "./task-state-changes-evaluator.ts";
import { throttlesEvaluator } from "./throttles-evaluator.ts";

/** Every route with its evaluator: what the functions run and `ecs-guardrails replay` routes with. */
export const runtimeRoutes: readonly Route[] = [
  { spec: apiCallsRoute, evaluators: { EcsApiCalls: apiCallsEvaluator } },
  {
    spec: serviceEventsRoute,
    evaluators: {
      DeploymentStateChanges: deploymentStateChangesEvaluator,
      ServiceActions: serviceActionsEvaluator,
    },
  },
  { spec: throttlesRoute, evaluators: { AsyncThrottles: throttlesEvaluator } },
  {
    spec: containerInstanceStateChangesRoute,
    evaluators: { ContainerInstanceStateChanges: containerInstanceStateChangesEvaluator },
  },
  { spec: taskStateChangesRoute, evaluators: { TaskStateChanges: taskStateChangesEvaluator } },
  {
    spec: inventorySweepRoute,
    evaluators: { SweepSchedule: sweepScheduleEvaluator, SweepSteps: sweepStepEvaluator },
  },
];

export function runtimeRoute(id: string): Route {
  const route = runtimeRoutes.find((candidate) => candidate.spec.id === id);
  if (route === undefined) throw new Error(`no route "${id}"`);
  return route;
}
