import { readdirSync, readFileSync } from "node:fs";
import type { DescribeTaskDefinitionResponse, Tag } from "@aws-sdk/client-ecs";
import { describe, expect, it } from "vitest";
import { evaluatePolicy } from "../../shared/engine/evaluate.ts";
import { readRevisionArn } from "../../shared/model/arns.ts";
import { taskDefinitionFromApi } from "../../shared/model/task-definition.ts";
import { policies } from "../../shared/policies/index.ts";
import {
  type FixedRevision,
  fixedRevision,
  RESPONSE_ONLY_FIELDS,
} from "../../shared/remediation/fixed-revision.ts";
import {
  type FieldChange,
  type FixablePolicyId,
  NON_ROOT_USER,
  TASK_DEFINITION_FIXES,
} from "../../shared/remediation/task-definition-fixes.ts";
import { MODELS_DIRECTORY, modelsAvailable, validateRequest } from "../helpers/aws-model.ts";
import { ACCOUNT, REGION } from "../helpers/builders.ts";
import {
  fromSamples,
  readSharedJson,
  SHARED_DATA_DIRECTORY,
  sharedDataAvailable,
} from "../helpers/shared-data.ts";

const ALL_FIXES = Object.keys(TASK_DEFINITION_FIXES) as FixablePolicyId[];

const EXECUTION_ROLE = `arn:aws:iam::${ACCOUNT}:role/payments-task-execution`;

function revisionArn(family: string, revision: number): string {
  return `arn:aws:ecs:${REGION}:${ACCOUNT}:task-definition/${family}:${revision}`;
}

/** A registration request as DescribeTaskDefinition returns it once ECS registered it as `revision`. */
function described(
  request: Record<string, unknown>,
  revision: number,
  tags?: Tag[],
): DescribeTaskDefinitionResponse {
  const { tags: _requestTags, ...registered } = request;
  const family = String(request.family);
  return {
    taskDefinition: {
      ...registered,
      taskDefinitionArn: revisionArn(family, revision),
      revision,
      status: "ACTIVE",
      requiresAttributes: [{ name: "com.amazonaws.ecs.capability.docker-remote-api.1.18" }],
      compatibilities: ["EC2"],
      registeredAt: new Date("2026-11-20T08:00:00Z"),
      registeredBy: `arn:aws:sts::${ACCOUNT}:assumed-role/deployer/ci`,
    },
    ...(tags !== undefined && { tags }),
  };
}

function linuxTask(containers: Record<string, unknown>[], overrides: Record<string, unknown> = {}) {
  return {
    family: "payments_api-v2",
    networkMode: "awsvpc",
    requiresCompatibilities: ["FARGATE"],
    cpu: "256",
    memory: "512",
    executionRoleArn: EXECUTION_ROLE,
    containerDefinitions: containers,
    ...overrides,
  };
}

function container(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    name: "app",
    image: `${ACCOUNT}.dkr.ecr.${REGION}.amazonaws.com/app:1.4.2`,
    essential: true,
    ...overrides,
  };
}

function fix(request: Record<string, unknown>, fixes: readonly FixablePolicyId[]): FixedRevision {
  return fixedRevision(described(request, 12), fixes);
}

function registered(result: FixedRevision): Extract<FixedRevision, { outcome: "register" }> {
  if (result.outcome !== "register")
    throw new Error(`expected a new revision, got ${JSON.stringify(result)}`);
  return result;
}

/** `value` with `after` written at the dotted `field` of `target`, as a change record says. */
function withChange(target: Record<string, unknown>, field: string, after: unknown): Record<string, unknown> {
  const [head = "", ...rest] = field.split(".");
  if (rest.length === 0) return { ...target, [head]: after };
  return {
    ...target,
    [head]: withChange((target[head] as Record<string, unknown>) ?? {}, rest.join("."), after),
  };
}

function valueAt(target: unknown, field: string): unknown {
  return field.split(".").reduce<unknown>((value, key) => (value as Record<string, unknown>)?.[key], target);
}

/**
 * What the new revision must be: the original request with exactly the recorded changes. Every field a change does
 * not name is compared as it was, deeply, in every container and at the task level.
 */
function expectedRequest(original: Record<string, unknown>, changes: readonly FieldChange[]) {
  const containers = (original.containerDefinitions as Record<string, unknown>[]).map((definition) =>
    changes
      .filter((change) => change.container === definition.name)
      .reduce((changed, change) => withChange(changed, change.field, change.after), definition),
  );
  const withContainers: Record<string, unknown> = { ...original, containerDefinitions: containers };
  return changes
    .filter((change) => change.container === undefined)
    .reduce((changed, change) => withChange(changed, change.field, change.after), withContainers);
}

/** The fields each fix may change; anything else changing is a bug. */
const FIELDS_A_FIX_CHANGES: Readonly<Record<FixablePolicyId, readonly string[]>> = {
  "no-privileged-containers": ["privileged"],
  "no-root-user": ["user"],
  "read-only-root-filesystem": ["readonlyRootFilesystem", "mountPoints", "volumes"],
  "container-logging-configured": ["logConfiguration"],
  "drop-default-capabilities": ["linuxParameters.capabilities.drop"],
  "init-process-enabled": ["linuxParameters.initProcessEnabled"],
};

describe("RESPONSE_ONLY_FIELDS", () => {
  it.skipIf(!modelsAvailable())(
    "are exactly what DescribeTaskDefinition returns and RegisterTaskDefinition does not accept",
    () => {
      const model = JSON.parse(readFileSync(`${MODELS_DIRECTORY}ecs_2014-11-13_service-2.json`, "utf8")) as {
        shapes: Record<string, { members: Record<string, unknown> }>;
      };
      const members = (shape: string) => Object.keys(model.shapes[shape]?.members ?? {});
      const accepted = new Set(members("RegisterTaskDefinitionRequest"));
      const responseOnly = members("TaskDefinition").filter((field) => !accepted.has(field));
      expect([...RESPONSE_ONLY_FIELDS].sort()).toEqual(responseOnly.sort());
      // The response carries the tags beside the task definition; the request takes them as a field.
      expect(members("DescribeTaskDefinitionResponse").sort()).toEqual(["tags", "taskDefinition"]);
      expect(accepted.has("tags")).toBe(true);
    },
  );
});

describe("readRevisionArn", () => {
  it.each([
    [revisionArn("web", 1), { family: "web", revision: 1 }],
    [revisionArn("payments_api-v2", 12), { family: "payments_api-v2", revision: 12 }],
    [revisionArn("a", 123456), { family: "a", revision: 123456 }],
    [`arn:aws-cn:ecs:cn-north-1:${ACCOUNT}:task-definition/web:123`, { family: "web", revision: 123 }],
  ])("reads %s", (arn, expected) => {
    expect(readRevisionArn(arn)).toMatchObject(expected);
  });

  it.each([
    "web:12",
    `arn:aws:ecs:${REGION}:${ACCOUNT}:task-definition/web`,
    `arn:aws:ecs:${REGION}:${ACCOUNT}:service/prod/web`,
    `arn:aws:ecs:${REGION}:${ACCOUNT}:task-definition/web:12x`,
  ])("rejects %s", (arn) => {
    expect(readRevisionArn(arn)).toBeUndefined();
  });
});

describe("fixedRevision keeps the task definition", () => {
  const request = linuxTask([container({ privileged: true, user: "1000" })], {
    requiresCompatibilities: ["EC2"],
    networkMode: "bridge",
    taskRoleArn: `arn:aws:iam::${ACCOUNT}:role/payments-app`,
    volumes: [{ name: "data", host: { sourcePath: "/srv/data" } }],
  });

  it("drops what ECS sets, keeps roles and tags, and copies fields it does not know", () => {
    const tags = [
      { key: "team", value: "payments" },
      { key: "aws:cloudformation:stack-name", value: "payments" },
      { key: "owner", value: "AWS:reserved-value" },
    ];
    const withNewField = described({ ...request, futureField: { enabled: true } }, 123, tags);
    const { input } = registered(fixedRevision(withNewField, ["no-privileged-containers"]));
    expect(input).toEqual({
      ...request,
      futureField: { enabled: true },
      containerDefinitions: [container({ privileged: false, user: "1000" })],
      tags: [{ key: "team", value: "payments" }],
    });
  });

  it("sends no tags when the description has none (DescribeTaskDefinition without include TAGS)", () => {
    const { input } = registered(fix(request, ["no-privileged-containers"]));
    expect(input).not.toHaveProperty("tags");
  });

  it("never changes what it was given", () => {
    const given = described(request, 12, [{ key: "team", value: "payments" }]);
    const copy = structuredClone(given);
    fixedRevision(given, ALL_FIXES);
    expect(given).toEqual(copy);
  });

  it("refuses a response that describes no revision", () => {
    const result = fixedRevision({ taskDefinition: { family: "web", containerDefinitions: [] } }, [
      "no-root-user",
    ]);
    expect(result).toMatchObject({ outcome: "refused", refusals: [{ policyId: "no-root-user" }] });
  });

  it("applies only the fixes it is asked for", () => {
    const result = registered(fix(request, ["no-privileged-containers"]));
    expect(result.changes.map(({ policyId }) => policyId)).toEqual(["no-privileged-containers"]);
  });

  it("says the revision is already fixed when no container needs a fix", () => {
    expect(fix(linuxTask([container({ privileged: false })]), ["no-privileged-containers"])).toEqual({
      outcome: "already-fixed",
    });
  });

  it("refuses every fix when one cannot be made safely, so no revision is half repaired", () => {
    const hostRoot = linuxTask([container({ privileged: true })], { networkMode: "host" });
    const result = fix(hostRoot, ["no-privileged-containers", "no-root-user"]);
    expect(result).toEqual({
      outcome: "refused",
      refusals: [
        { policyId: "no-root-user", container: "app", reason: expect.stringContaining("host network") },
      ],
    });
  });
});

/** One fix's table: the container definitions before, and the changes (or refusal) expected. */
interface FixCase {
  readonly name: string;
  readonly request: Record<string, unknown>;
  readonly expected:
    | { readonly changes: readonly Omit<FieldChange, "policyId">[] }
    | { readonly outcome: "already-fixed" }
    | { readonly refused: string };
}

const WINDOWS = {
  runtimePlatform: { operatingSystemFamily: "WINDOWS_SERVER_2022_CORE", cpuArchitecture: "X86_64" },
};

const FIX_TABLES: Readonly<Record<FixablePolicyId, readonly FixCase[]>> = {
  "no-privileged-containers": [
    {
      name: "privileged container",
      request: linuxTask([container({ privileged: true }), container({ name: "sidecar" })], {
        requiresCompatibilities: ["EC2"],
      }),
      expected: { changes: [{ container: "app", field: "privileged", before: true, after: false }] },
    },
    {
      name: "privileged false",
      request: linuxTask([container({ privileged: false })]),
      expected: { outcome: "already-fixed" },
    },
    { name: "privileged unset", request: linuxTask([container()]), expected: { outcome: "already-fixed" } },
  ],
  "no-root-user": [
    {
      name: "user unset",
      request: linuxTask([container()]),
      expected: { changes: [{ container: "app", field: "user", before: undefined, after: NON_ROOT_USER }] },
    },
    ...["", "root", "0", "0:0", "root:wheel", " root", ":1000"].map((user) => ({
      name: `user "${user}"`,
      request: linuxTask([container({ user })]),
      expected: { changes: [{ container: "app", field: "user", before: user, after: NON_ROOT_USER }] },
    })),
    ...["1000", "1000:0", "app", "nobody:nogroup"].map((user) => ({
      name: `user "${user}"`,
      request: linuxTask([container({ user })]),
      expected: { outcome: "already-fixed" as const },
    })),
    {
      name: "Windows container without a user",
      request: linuxTask([container()], WINDOWS),
      expected: { outcome: "already-fixed" },
    },
    {
      name: "host network container running as root",
      request: linuxTask([container({ user: "root" })], {
        networkMode: "host",
        requiresCompatibilities: ["EC2"],
      }),
      expected: { refused: "host network" },
    },
    {
      name: "host network container with a non-root user",
      request: linuxTask([container({ user: "1000" })], {
        networkMode: "host",
        requiresCompatibilities: ["EC2"],
      }),
      expected: { outcome: "already-fixed" },
    },
  ],
  "read-only-root-filesystem": [
    {
      name: "writable root filesystem: read-only with a /tmp scratch volume of its own",
      request: linuxTask([
        container({ user: "1000" }),
        container({ name: "sidecar", readonlyRootFilesystem: false }),
      ]),
      expected: {
        changes: [
          { container: "app", field: "readonlyRootFilesystem", before: undefined, after: true },
          {
            container: "app",
            field: "mountPoints",
            before: undefined,
            after: [{ sourceVolume: "ecs-guardrails-scratch-0", containerPath: "/tmp", readOnly: false }],
          },
          { container: "sidecar", field: "readonlyRootFilesystem", before: false, after: true },
          {
            container: "sidecar",
            field: "mountPoints",
            before: undefined,
            after: [{ sourceVolume: "ecs-guardrails-scratch-1", containerPath: "/tmp", readOnly: false }],
          },
          {
            container: undefined,
            field: "volumes",
            before: undefined,
            after: [{ name: "ecs-guardrails-scratch-0" }, { name: "ecs-guardrails-scratch-1" }],
          },
        ],
      },
    },
    {
      name: "a volume of the task definition already has the scratch volume's name",
      request: linuxTask(
        [container({ mountPoints: [{ sourceVolume: "ecs-guardrails-scratch-0", containerPath: "/data" }] })],
        { volumes: [{ name: "ecs-guardrails-scratch-0" }] },
      ),
      expected: {
        changes: [
          { container: "app", field: "readonlyRootFilesystem", before: undefined, after: true },
          {
            container: "app",
            field: "mountPoints",
            before: [{ sourceVolume: "ecs-guardrails-scratch-0", containerPath: "/data" }],
            after: [
              { sourceVolume: "ecs-guardrails-scratch-0", containerPath: "/data" },
              { sourceVolume: "ecs-guardrails-scratch-0-2", containerPath: "/tmp", readOnly: false },
            ],
          },
          {
            container: undefined,
            field: "volumes",
            before: [{ name: "ecs-guardrails-scratch-0" }],
            after: [{ name: "ecs-guardrails-scratch-0" }, { name: "ecs-guardrails-scratch-0-2" }],
          },
        ],
      },
    },
    {
      name: "a volume already mounted at /tmp stays the scratch space",
      request: linuxTask([container({ mountPoints: [{ sourceVolume: "scratch", containerPath: "/tmp" }] })], {
        volumes: [{ name: "scratch" }],
      }),
      expected: {
        changes: [{ container: "app", field: "readonlyRootFilesystem", before: undefined, after: true }],
      },
    },
    {
      name: "read-only already",
      request: linuxTask([container({ readonlyRootFilesystem: true })]),
      expected: { outcome: "already-fixed" },
    },
    {
      name: "Windows container",
      request: linuxTask([container()], WINDOWS),
      expected: { outcome: "already-fixed" },
    },
  ],
  "container-logging-configured": [
    {
      name: "no logConfiguration: awslogs to the family's log group",
      request: linuxTask([container()]),
      expected: {
        changes: [
          {
            container: "app",
            field: "logConfiguration",
            before: undefined,
            after: {
              logDriver: "awslogs",
              options: {
                "awslogs-group": "/ecs/payments_api-v2",
                "awslogs-region": REGION,
                "awslogs-stream-prefix": "ecs",
                "awslogs-create-group": "true",
              },
            },
          },
        ],
      },
    },
    {
      name: "a logConfiguration without a driver",
      request: linuxTask([container({ logConfiguration: { logDriver: "", options: { tag: "x" } } })]),
      expected: {
        changes: [
          {
            container: "app",
            field: "logConfiguration",
            before: { logDriver: "", options: { tag: "x" } },
            after: expect.objectContaining({ logDriver: "awslogs" }),
          },
        ],
      },
    },
    {
      name: "any driver already",
      request: linuxTask([container({ logConfiguration: { logDriver: "awsfirelens" } })]),
      expected: { outcome: "already-fixed" },
    },
    {
      name: "no execution role to write the logs with",
      request: linuxTask([container()], { executionRoleArn: undefined }),
      expected: { refused: "execution role" },
    },
  ],
  "drop-default-capabilities": [
    {
      name: "nothing dropped",
      request: linuxTask([container()]),
      expected: {
        changes: [
          { container: "app", field: "linuxParameters.capabilities.drop", before: undefined, after: ["ALL"] },
        ],
      },
    },
    {
      name: "some dropped, some added: ALL dropped, the added ones kept",
      request: linuxTask([
        container({
          linuxParameters: {
            initProcessEnabled: true,
            capabilities: { add: ["NET_BIND_SERVICE"], drop: ["NET_RAW"] },
          },
        }),
      ]),
      expected: {
        changes: [
          {
            container: "app",
            field: "linuxParameters.capabilities.drop",
            before: ["NET_RAW"],
            after: ["ALL"],
          },
        ],
      },
    },
    {
      name: "ALL dropped (any case, with CAP_)",
      request: linuxTask([container({ linuxParameters: { capabilities: { drop: ["cap_all"] } } })]),
      expected: { outcome: "already-fixed" },
    },
    {
      name: "every risky default dropped one by one",
      request: linuxTask([
        container({
          linuxParameters: {
            capabilities: {
              drop: [
                "NET_RAW",
                "MKNOD",
                "SYS_CHROOT",
                "SETPCAP",
                "SETFCAP",
                "DAC_OVERRIDE",
                "FOWNER",
                "FSETID",
                "CAP_AUDIT_WRITE",
              ],
            },
          },
        }),
      ]),
      expected: { outcome: "already-fixed" },
    },
    {
      name: "Windows container",
      request: linuxTask([container()], WINDOWS),
      expected: { outcome: "already-fixed" },
    },
  ],
  "init-process-enabled": [
    {
      name: "no init process",
      request: linuxTask([container({ linuxParameters: { capabilities: { drop: ["ALL"] } } })]),
      expected: {
        changes: [
          { container: "app", field: "linuxParameters.initProcessEnabled", before: undefined, after: true },
        ],
      },
    },
    {
      name: "init process on",
      request: linuxTask([container({ linuxParameters: { initProcessEnabled: true } })]),
      expected: { outcome: "already-fixed" },
    },
    {
      name: "Windows container",
      request: linuxTask([container()], WINDOWS),
      expected: { outcome: "already-fixed" },
    },
  ],
};

describe.each(Object.entries(FIX_TABLES))("fix for %s", (policyId, cases) => {
  it.each(cases.map((testCase) => [testCase.name, testCase] as const))("%s", (_name, testCase) => {
    const result = fix(testCase.request, [policyId as FixablePolicyId]);
    const { expected } = testCase;
    if ("refused" in expected) {
      expect(result).toEqual({
        outcome: "refused",
        refusals: [{ policyId, container: "app", reason: expect.stringContaining(expected.refused) }],
      });
      return;
    }
    if ("outcome" in expected) {
      expect(result).toEqual({ outcome: "already-fixed" });
      return;
    }
    const { input, changes } = registered(result);
    expect(changes).toEqual(expected.changes.map((change) => ({ policyId, ...change })));
    expect(input).toEqual(expectedRequest(testCase.request, changes));
    if (modelsAvailable()) expect(validateRequest("ecs", "RegisterTaskDefinition", input)).toEqual([]);
  });
});

describe("the logging fix", () => {
  it("says what the execution role needs to write to the log group", () => {
    const { roleRequirements } = registered(fix(linuxTask([container()]), ["container-logging-configured"]));
    expect(roleRequirements).toEqual([
      {
        policyId: "container-logging-configured",
        roleArn: EXECUTION_ROLE,
        actions: ["logs:CreateLogGroup", "logs:CreateLogStream", "logs:PutLogEvents"],
        resource: `arn:aws:logs:${REGION}:${ACCOUNT}:log-group:/ecs/payments_api-v2:*`,
      },
    ]);
  });
});

/** What ECS accepts as a family: samples with a template placeholder (`{{launchtype}}`) or none were never registered. */
const FAMILY = /^[A-Za-z0-9_-]{1,255}$/;

/**
 * The real task definitions as registration requests: unwrapped, without the fields ECS sets (some samples are
 * DescribeTaskDefinition output), and only those ECS could have registered.
 */
const REAL_TASK_DEFINITIONS = fromSamples("fixing the real task definitions", () =>
  readdirSync(`${SHARED_DATA_DIRECTORY}taskdefs`)
    .filter((file) => file.endsWith(".json"))
    .map((file) => {
      const document = readSharedJson(`taskdefs/${file}`) as Record<string, unknown>;
      const written = (document.taskDefinition ?? document) as Record<string, unknown>;
      const responseOnly: ReadonlySet<string> = new Set(RESPONSE_ONLY_FIELDS);
      return [
        file,
        Object.fromEntries(Object.entries(written).filter(([field]) => !responseOnly.has(field))),
      ] as const;
    })
    .filter(([, request]) => FAMILY.test(String(request.family))),
);

const POLICY_BY_ID = new Map(policies.map((policy) => [policy.id, policy]));

/** The fixes a task definition accepts: every fix, less those refused (a host-network root, no execution role). */
function acceptedFixes(describedRevision: DescribeTaskDefinitionResponse): FixablePolicyId[] {
  const result = fixedRevision(describedRevision, ALL_FIXES);
  if (result.outcome !== "refused") return ALL_FIXES;
  const refused = new Set(result.refusals.map(({ policyId }) => policyId));
  return ALL_FIXES.filter((policyId) => !refused.has(policyId));
}

describe.skipIf(!sharedDataAvailable)("every real task definition in ../shared/data/taskdefs", () => {
  it.skipIf(!modelsAvailable())("has samples", () => {
    expect(REAL_TASK_DEFINITIONS.length).toBeGreaterThan(40);
    const valid = REAL_TASK_DEFINITIONS.filter(
      ([, request]) => validateRequest("ecs", "RegisterTaskDefinition", request).length === 0,
    );
    expect(valid.length, "samples valid as written, whose fixed revision must be valid too").toBeGreaterThan(
      35,
    );
  });

  describe.each(REAL_TASK_DEFINITIONS)("%s", (_file, document) => {
    const { tags: documentTags, ...request } = document as { tags?: Tag[] } & Record<string, unknown>;
    const family = String(request.family);
    const tags = [...(documentTags ?? []), { key: "cost-center", value: "1234" }];

    it.each([12, 123])("revision %i: keeps every field but the ones a fix changes", (revision) => {
      const describedRevision = described(request, revision, tags);
      const fixes = acceptedFixes(describedRevision);
      const result = fixedRevision(describedRevision, fixes);
      if (result.outcome === "already-fixed") return;
      const { input, changes } = registered(result);
      const original: Record<string, unknown> = { ...request, family, tags };
      expect(input).toEqual(expectedRequest(original, changes));
      for (const change of changes) {
        expect(FIELDS_A_FIX_CHANGES[change.policyId]).toContain(change.field);
        const target =
          change.container === undefined
            ? original
            : (original.containerDefinitions as Record<string, unknown>[]).find(
                ({ name }) => name === change.container,
              );
        expect(valueAt(target, change.field), `${change.container}.${change.field} before`).toEqual(
          change.before,
        );
      }
      // A sample that is invalid as written (an object where ECS wants a list) stays so, but no fix adds an error.
      if (modelsAvailable())
        expect(validateRequest("ecs", "RegisterTaskDefinition", input)).toEqual(
          validateRequest("ecs", "RegisterTaskDefinition", original),
        );
    });

    it("passes every policy it fixed, and a second fix changes nothing", () => {
      const describedRevision = described(request, 12, tags);
      const fixes = acceptedFixes(describedRevision);
      const result = fixedRevision(describedRevision, fixes);
      if (result.outcome === "already-fixed") return;
      const { input } = registered(result);
      const fixedTaskDefinition = taskDefinitionFromApi(input);
      for (const policyId of fixes) {
        const policy = POLICY_BY_ID.get(policyId);
        if (policy === undefined) throw new Error(`no policy ${policyId}`);
        expect(evaluatePolicy(policy, fixedTaskDefinition).status, policyId).not.toBe("FAILED");
      }
      const again = fixedRevision(
        described(input as unknown as Record<string, unknown>, 13, input.tags),
        fixes,
      );
      expect(again).toEqual({ outcome: "already-fixed" });
    });
  });
});
