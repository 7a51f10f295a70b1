/** The ECS API calls the api-calls route evaluates: what creates or changes judged resources, tags included. */
export const ecsApiCallNames = [
  "RegisterTaskDefinition",
  "CreateService",
  "UpdateService",
  "CreateTaskSet",
  "RunTask",
  "StartTask",
  "CreateCluster",
  "UpdateCluster",
  "UpdateClusterSettings",
  "PutClusterCapacityProviders",
  "CreateCapacityProvider",
  "UpdateCapacityProvider",
  "TagResource",
  "UntagResource",
] as const;

export type EcsApiCallName = (typeof ecsApiCallNames)[number];
