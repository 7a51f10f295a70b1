import {
  type AwsSecurityFinding,
  BatchImportFindingsCommand,
  type BatchImportFindingsCommandInput,
  type BatchImportFindingsCommandOutput,
  SecurityHubClient,
} from "@aws-sdk/client-securityhub";
import { mockClient } from "aws-sdk-client-mock";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { evaluatePolicy } from "../../shared/engine/evaluate.ts";
import {
  batches,
  DEADLINE_REACHED,
  FindingImportError,
  publishFindings,
} from "../../shared/findings/publish-findings.ts";
import { type FindingContext, toAsffFinding } from "../../shared/findings/to-asff.ts";
import { taskDefinitionFromApi } from "../../shared/model/task-definition.ts";
import noRootUser from "../../shared/policies/no-root-user.ts";
import { ASFF_LIMITS, modelsAvailable, validateBatchImportFindings } from "../helpers/aws-model.ts";
import { ACCOUNT, containerDefinition, REGION, taskDefinitionInput } from "../helpers/builders.ts";

const securityHub = mockClient(SecurityHubClient);
const client = new SecurityHubClient({ region: REGION });

const CONTEXT: FindingContext = {
  partition: "aws",
  region: REGION,
  account: ACCOUNT,
  observedAt: "2025-06-02T09:15:30Z",
};

/** A real finding (root user, FAILED) for task definition `web-<n>`, its document padded with `variables`. */
function finding(n: number, variables = 0): AwsSecurityFinding {
  const document = taskDefinitionInput({
    family: `web-${n}`,
    containerDefinitions: [
      containerDefinition({
        user: "0",
        environment: Array.from({ length: variables }, (_, index) => ({
          name: `VARIABLE_${String(index).padStart(6, "0")}`,
          value: "v",
        })),
      }),
    ],
  });
  const verdict = evaluatePolicy(noRootUser, taskDefinitionFromApi(document));
  const resourceId = `arn:aws:ecs:${REGION}:${ACCOUNT}:task-definition/web-${n}:1`;
  const result = toAsffFinding(verdict, { resourceId, document }, CONTEXT);
  if (result === undefined) throw new Error("expected a finding");
  return result;
}

function findings(count: number): AwsSecurityFinding[] {
  return Array.from({ length: count }, (_, n) => finding(n));
}

/** `count` findings of about 220,000 bytes each, close to the 240 KB a finding may have. */
function largeFindings(count: number): AwsSecurityFinding[] {
  const template = finding(0, 4800);
  return Array.from({ length: count }, (_, n) => ({ ...template, Id: `${template.Id}-${n}` }));
}

function idsOf(list: readonly AwsSecurityFinding[]): string[] {
  return list.map((item) => item.Id ?? "");
}

function bytes(value: unknown): number {
  return Buffer.byteLength(JSON.stringify(value));
}

/** The requests Security Hub received, in order. */
function requests(): BatchImportFindingsCommandInput[] {
  return securityHub.commandCalls(BatchImportFindingsCommand).map((call) => call.args[0].input);
}

/** The finding ids of each call Security Hub received, in order. */
function sentIds(): string[][] {
  return requests().map((request) => idsOf(request.Findings ?? []));
}

/**
 * A fake Security Hub that imports every finding except those in `refusals`, which it reports in
 * `FailedFindings` as many times as given (Infinity: always). `onCall` runs first and may throw.
 */
function fakeSecurityHub(
  refusals: Record<string, number> = {},
  onCall: (call: number) => void = () => {},
): void {
  const left = new Map(Object.entries(refusals));
  let calls = 0;
  securityHub.on(BatchImportFindingsCommand).callsFake((input: BatchImportFindingsCommandInput) => {
    calls += 1;
    onCall(calls);
    const refused = (input.Findings ?? []).filter((item) => {
      const times = left.get(item.Id ?? "") ?? 0;
      if (times > 0) left.set(item.Id ?? "", times - 1);
      return times > 0;
    });
    const output: Omit<BatchImportFindingsCommandOutput, "$metadata"> = {
      FailedCount: refused.length,
      SuccessCount: (input.Findings ?? []).length - refused.length,
      FailedFindings: refused.map((item) => ({
        Id: item.Id,
        ErrorCode: "InvalidInput",
        ErrorMessage: `Finding ${item.Id} is not valid`,
      })),
    };
    return output;
  });
}

/** A `sleep` that returns at once and records how long it was asked to wait. */
function recordingSleep() {
  const delays: number[] = [];
  return {
    delays,
    sleep: async (milliseconds: number) => {
      delays.push(milliseconds);
    },
  };
}

/** The FindingImportError a publication rejects with (fails the test if it resolves or throws anything else). */
async function importError(publication: Promise<unknown>): Promise<FindingImportError> {
  const error = await publication.then(
    () => undefined,
    (reason: unknown) => reason,
  );
  expect(error).toBeInstanceOf(FindingImportError);
  if (!(error instanceof FindingImportError)) throw new Error("unreachable");
  return error;
}

function throttling(): Error {
  const error = new Error("Rate exceeded");
  error.name = "ThrottlingException";
  return error;
}

beforeEach(() => {
  securityHub.reset();
});

afterEach(() => {
  vi.useRealTimers();
});

describe("publishFindings", () => {
  describe("batching", () => {
    it("makes no call for no findings", async () => {
      // Prepare
      fakeSecurityHub();
      const { delays, sleep } = recordingSleep();

      // Act
      const summary = await publishFindings(client, [], { sleep });

      // Assess
      expect(summary).toEqual({ published: 0, calls: 0 });
      expect(securityHub).toHaveReceivedCommandTimes(BatchImportFindingsCommand, 0);
      expect(delays).toEqual([]);
    });

    it("sends 250 findings in calls of 100, 100 and 50, in order", async () => {
      // Prepare
      fakeSecurityHub();
      const all = findings(250);
      const { delays, sleep } = recordingSleep();

      // Act
      const summary = await publishFindings(client, all, { sleep });

      // Assess
      expect(summary).toEqual({ published: 250, calls: 3 });
      expect(securityHub).toHaveReceivedCommandTimes(BatchImportFindingsCommand, 3);
      expect(sentIds()).toEqual([
        idsOf(all.slice(0, 100)),
        idsOf(all.slice(100, 200)),
        idsOf(all.slice(200)),
      ]);
      expect(delays).toEqual([]);
    });

    it.each([
      { count: 0, sizes: [] },
      { count: 1, sizes: [1] },
      { count: 99, sizes: [99] },
      { count: 100, sizes: [100] },
      { count: 101, sizes: [100, 1] },
      { count: 250, sizes: [100, 100, 50] },
    ])("splits $count small findings into batches of $sizes", ({ count, sizes }) => {
      // Prepare
      const all = findings(count);

      // Act
      const result = batches(all);

      // Assess
      expect(result.map((batch) => batch.length)).toEqual(sizes);
      expect(result.flat()).toEqual(all);
    });

    it("splits findings by size when their JSON together would exceed 6 MB", async () => {
      // Prepare
      fakeSecurityHub();
      const all = largeFindings(40);
      expect(bytes(all[0])).toBeGreaterThan(200_000);
      expect(bytes(all[0])).toBeLessThanOrEqual(ASFF_LIMITS.findingBytes);
      expect(bytes(all)).toBeGreaterThan(8 * 1024 * 1024);

      // Act
      const summary = await publishFindings(client, all, { sleep: recordingSleep().sleep });

      // Assess
      expect(summary).toEqual({ published: 40, calls: 2 });
      expect(sentIds().flat()).toEqual(idsOf(all));
      for (const request of requests()) expect(bytes(request)).toBeLessThanOrEqual(6 * 1024 * 1024);
    });

    // Known bug: publish-findings.ts reads 6 MB as 6 MiB less a 64 KiB margin (6,225,920 bytes), while the
    // project's validator reads it as 6,000,000 bytes (the safe reading); requests of 27 findings of ~220 KB
    // fall between the two. Remove `.fails` once they agree.
    it("keeps every request within 6,000,000 bytes, the conservative reading of 6 MB", async () => {
      // Prepare
      fakeSecurityHub();
      const all = largeFindings(40);

      // Act
      await publishFindings(client, all, { sleep: recordingSleep().sleep });

      // Assess
      expect(requests().map((request) => bytes(request) <= ASFF_LIMITS.requestBytes)).toEqual([true, true]);
    });
  });

  describe("findings Security Hub refuses", () => {
    it("resends only the refused findings, and succeeds when the retry imports them", async () => {
      // Prepare
      const all = findings(250);
      const [first, second, last] = [all[3], all[42], all[249]].map((item) => item?.Id ?? "");
      fakeSecurityHub({ [first ?? ""]: 1, [second ?? ""]: 1, [last ?? ""]: 1 });
      const { delays, sleep } = recordingSleep();

      // Act
      const summary = await publishFindings(client, all, { sleep });

      // Assess
      expect(summary).toEqual({ published: 250, calls: 5 });
      expect(sentIds()).toEqual([
        idsOf(all.slice(0, 100)),
        [first, second],
        idsOf(all.slice(100, 200)),
        idsOf(all.slice(200)),
        [last],
      ]);
      expect(delays).toHaveLength(2);
      for (const delay of delays) {
        expect(delay).toBeGreaterThanOrEqual(100);
        expect(delay).toBeLessThan(200);
      }
    });

    it("backs off longer before each further attempt", async () => {
      // Prepare
      const all = findings(3);
      const refused = all[1]?.Id ?? "";
      fakeSecurityHub({ [refused]: 4 });
      const { delays, sleep } = recordingSleep();

      // Act
      await publishFindings(client, all, { sleep, attempts: 5, backoffMilliseconds: 1000 });

      // Assess
      expect(sentIds()).toEqual([idsOf(all), [refused], [refused], [refused], [refused]]);
      expect(delays).toHaveLength(4);
      delays.forEach((delay, index) => {
        const base = 1000 * 2 ** index;
        expect(delay).toBeGreaterThanOrEqual(base / 2);
        expect(delay).toBeLessThan(base);
      });
    });

    it("names exactly the findings still refused after every attempt, having imported the others", async () => {
      // Prepare
      const all = findings(250);
      const [first, second] = [all[7], all[180]].map((item) => item?.Id ?? "");
      fakeSecurityHub({ [first ?? ""]: Number.POSITIVE_INFINITY, [second ?? ""]: Number.POSITIVE_INFINITY });
      const { delays, sleep } = recordingSleep();

      // Act
      const error = await importError(publishFindings(client, all, { sleep, attempts: 3 }));

      // Assess
      expect(error.failed).toEqual([
        { id: first, errorCode: "InvalidInput", errorMessage: `Finding ${first} is not valid` },
        { id: second, errorCode: "InvalidInput", errorMessage: `Finding ${second} is not valid` },
      ]);
      expect(error.message).toBe(
        `Security Hub did not import 2 finding(s): ${first} (InvalidInput), ${second} (InvalidInput)`,
      );
      expect(error.cause).toBeUndefined();
      expect(sentIds()).toEqual([
        idsOf(all.slice(0, 100)),
        [first],
        [first],
        idsOf(all.slice(100, 200)),
        [second],
        [second],
        idsOf(all.slice(200)),
      ]);
      expect(delays).toHaveLength(4);
    });

    it("does not retry with a single attempt", async () => {
      // Prepare
      const all = findings(2);
      const refused = all[0]?.Id ?? "";
      fakeSecurityHub({ [refused]: 1 });
      const { delays, sleep } = recordingSleep();

      // Act
      const error = await importError(publishFindings(client, all, { sleep, attempts: 1 }));

      // Assess
      expect(error.failed.map((failed) => failed.id)).toEqual([refused]);
      expect(securityHub).toHaveReceivedCommandTimes(BatchImportFindingsCommand, 1);
      expect(delays).toEqual([]);
    });

    it("names at most five findings in the error message", async () => {
      // Prepare
      const all = findings(7);
      fakeSecurityHub(Object.fromEntries(idsOf(all).map((id) => [id, Number.POSITIVE_INFINITY])));

      // Act
      const error = await importError(publishFindings(client, all, { sleep: recordingSleep().sleep }));

      // Assess
      expect(error.failed).toHaveLength(7);
      expect(error.message).toBe(
        `Security Hub did not import 7 finding(s): ${idsOf(all.slice(0, 5))
          .map((id) => `${id} (InvalidInput)`)
          .join(", ")}, …`,
      );
    });
  });

  describe("calls that fail", () => {
    it("names every finding of a call that throws, keeps the error as cause, and still sends the rest", async () => {
      // Prepare
      const all = findings(250);
      const thrown = throttling();
      fakeSecurityHub({}, (call) => {
        if (call === 2) throw thrown;
      });
      const { delays, sleep } = recordingSleep();

      // Act
      const error = await importError(publishFindings(client, all, { sleep }));

      // Assess
      expect(error.failed).toEqual(
        idsOf(all.slice(100, 200)).map((id) => ({
          id,
          errorCode: "ThrottlingException",
          errorMessage: "Rate exceeded",
        })),
      );
      expect(error.cause).toBe(thrown);
      expect(sentIds()).toEqual([
        idsOf(all.slice(0, 100)),
        idsOf(all.slice(100, 200)),
        idsOf(all.slice(200)),
      ]);
      expect(delays).toEqual([]);
    });

    it("isolates the one finding Security Hub refuses a whole request for, by halves, and imports the rest", async () => {
      // Prepare
      const all = findings(100);
      const invalid = all[37]?.Id;
      securityHub.on(BatchImportFindingsCommand).callsFake((input: BatchImportFindingsCommandInput) => {
        if ((input.Findings ?? []).some((item) => item.Id === invalid)) {
          throw Object.assign(new Error("Invalid finding"), { name: "InvalidInputException" });
        }
        return { FailedCount: 0, SuccessCount: input.Findings?.length ?? 0, FailedFindings: [] };
      });

      // Act
      const error = await importError(publishFindings(client, all));

      // Assess
      expect(error.failed).toEqual([
        { id: invalid, errorCode: "InvalidInputException", errorMessage: "Invalid finding" },
      ]);
      const imported = new Set(
        securityHub
          .commandCalls(BatchImportFindingsCommand)
          .filter((call) => !(call.args[0].input.Findings ?? []).some((item) => item.Id === invalid))
          .flatMap((call) => idsOf(call.args[0].input.Findings ?? [])),
      );
      expect(imported.size).toBe(99);
      // At most two calls a halving (one half fails, the other imports): never one call a finding.
      expect(securityHub.commandCalls(BatchImportFindingsCommand).length).toBeLessThanOrEqual(
        1 + 2 * Math.ceil(Math.log2(100)),
      );
    });

    it("names only the findings still pending when a retry throws", async () => {
      // Prepare
      const all = findings(5);
      const refused = all[2]?.Id ?? "";
      const thrown = throttling();
      fakeSecurityHub({ [refused]: 1 }, (call) => {
        if (call === 2) throw thrown;
      });

      // Act
      const error = await importError(publishFindings(client, all, { sleep: recordingSleep().sleep }));

      // Assess
      expect(error.failed.map((failed) => [failed.id, failed.errorCode])).toEqual([
        [refused, "ThrottlingException"],
      ]);
      expect(error.cause).toBe(thrown);
      expect(sentIds()).toEqual([idsOf(all), [refused]]);
    });
  });

  describe("rate", () => {
    /** Fake clock: each call takes `callMilliseconds`, each sleep advances the clock by what it waits. */
    function timedSecurityHub(callMilliseconds: number, refusals: Record<string, number> = {}) {
      vi.useFakeTimers({ toFake: ["Date"] });
      vi.setSystemTime(new Date("2025-06-02T09:15:30Z"));
      const callTimes: number[] = [];
      fakeSecurityHub(refusals, () => {
        callTimes.push(Date.now());
        vi.setSystemTime(Date.now() + callMilliseconds);
      });
      const delays: number[] = [];
      const sleep = async (milliseconds: number) => {
        delays.push(milliseconds);
        vi.setSystemTime(Date.now() + milliseconds);
      };
      return { callTimes, delays, sleep };
    }

    function gaps(times: readonly number[]): number[] {
      return times.slice(1).map((time, index) => time - (times[index] ?? 0));
    }

    it("spaces consecutive calls by minimumIntervalMilliseconds, counting the time calls take", async () => {
      // Prepare
      const { callTimes, delays, sleep } = timedSecurityHub(300);

      // Act
      await publishFindings(client, findings(250), { sleep, minimumIntervalMilliseconds: 1000 });

      // Assess
      expect(delays).toEqual([700, 700]);
      expect(gaps(callTimes)).toEqual([1000, 1000]);
    });

    it("does not wait when calls take longer than the interval", async () => {
      // Prepare
      const { callTimes, delays, sleep } = timedSecurityHub(1500);

      // Act
      await publishFindings(client, findings(250), { sleep, minimumIntervalMilliseconds: 1000 });

      // Assess
      expect(delays).toEqual([]);
      expect(gaps(callTimes)).toEqual([1500, 1500]);
    });

    it("spaces a retry from the call before it too", async () => {
      // Prepare
      const all = findings(3);
      const { callTimes, sleep } = timedSecurityHub(0, { [all[0]?.Id ?? ""]: 1 });

      // Act
      await publishFindings(client, all, { sleep, minimumIntervalMilliseconds: 5000 });

      // Assess
      expect(gaps(callTimes)).toEqual([5000]);
    });

    it("starts no call after the deadline: what is left fails as DeadlineReached, what was sent stays imported", async () => {
      // Prepare
      const { callTimes, sleep } = timedSecurityHub(300);
      const all = findings(350);
      const deadline = Date.now() + 1500;

      // Act
      const publication = publishFindings(client, all, {
        sleep,
        minimumIntervalMilliseconds: 1000,
        deadline,
      });

      // Assess: calls at 0 and 1,000 ms; the third would start at 2,000 ms.
      const error = await publication.catch((thrown: unknown) => thrown);
      expect(error).toBeInstanceOf(FindingImportError);
      expect(callTimes).toHaveLength(2);
      expect((error as FindingImportError).failed.map((failed) => failed.id)).toEqual(
        all.slice(200).map((finding) => finding.Id),
      );
      expect(new Set((error as FindingImportError).failed.map((failed) => failed.errorCode))).toEqual(
        new Set([DEADLINE_REACHED]),
      );
    });

    it("waits on a timer when no sleep is injected", async () => {
      // Prepare
      vi.useFakeTimers();
      fakeSecurityHub();
      const publication = publishFindings(client, findings(250), { minimumIntervalMilliseconds: 1000 });

      // Act
      const callsOverTime: number[] = [];
      for (const step of [0, 999, 1, 999, 1]) {
        await vi.advanceTimersByTimeAsync(step);
        callsOverTime.push(securityHub.commandCalls(BatchImportFindingsCommand).length);
      }

      // Assess
      expect(callsOverTime).toEqual([1, 1, 2, 2, 3]);
      await expect(publication).resolves.toEqual({ published: 250, calls: 3 });
    });
  });

  describe.skipIf(!modelsAvailable())("requests against the Security Hub model", () => {
    it("sends only requests Security Hub accepts, retries included", async () => {
      // Prepare
      const all = findings(250);
      fakeSecurityHub({ [all[5]?.Id ?? ""]: 1, [all[120]?.Id ?? ""]: 1 });

      // Act
      await publishFindings(client, all, { sleep: recordingSleep().sleep });

      // Assess
      expect(requests()).toHaveLength(5);
      for (const request of requests()) expect(validateBatchImportFindings(request)).toEqual([]);
    });
  });
});
