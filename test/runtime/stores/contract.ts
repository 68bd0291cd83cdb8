/**
 * The session store contract, run against every implementation (memory.test.ts,
 * sqlite.test.ts): sessions, one-transaction steps, listing, due waits, leases, daily spend,
 * prune and idempotency records.
 */
import { describe, expect, it } from "vitest";
import type { Ledger } from "../../../runtime/orchestration/ledger.ts";
import { LeaseLostError, SessionExistsError, UnknownSessionError, type HumanWait, type NewSession, type SessionStore, type StepCommit } from "../../../runtime/stores/index.ts";

export const DAY = 86_400_000;
/** 2026-03-01T00:00:00Z */
export const T0 = Date.UTC(2026, 2, 1);

export function newSession(id: string, over: Partial<NewSession> & { agentName?: string } = {}): NewSession {
  const { agentName = "refund", ...rest } = over;
  return { id, agent: { name: agentName, version: 2, file: `/agents/${agentName}.agent`, machineHash: "sha256:ab12" }, input: { orderId: "o-1", note: "ünïcode ✓" }, createdAt: T0, ...rest };
}

export function ledger(steps: number, over: Partial<Ledger> = {}): Ledger {
  return { steps, tokens: steps * 100, costUsd: steps * 0.01, toolCalls: { lookup: steps }, startedAt: T0, ...over };
}

export function step(sessionId: string, owner: string, n: number, over: Partial<StepCommit> = {}): StepCommit {
  return {
    sessionId,
    owner,
    status: "running",
    snapshot: { status: "active", value: `state-${n}`, context: { n, results: { lookup: { ok: true } } } },
    ledger: ledger(n),
    outcome: undefined,
    waiting: undefined,
    tape: [{ kind: "slot", step: n }],
    spend: { tokens: 100, costUsd: 0.01 },
    at: T0 + n * 1_000,
    ...over,
  };
}

export const wait = (dueAt: number): HumanWait => ({ state: "approve", target: "ops", result: "approval", dueAt });

/** Creates a session and takes its lease for `owner`. */
async function started(store: SessionStore, id: string, owner = "w1", over: Parameters<typeof newSession>[1] = {}): Promise<void> {
  await store.createSession(newSession(id, over));
  expect(await store.acquireLease(id, owner, 60_000, T0)).toBe(true);
}

export function sessionStoreContract(name: string, open: () => Promise<SessionStore>): void {
  const withStore = (fn: (store: SessionStore) => Promise<void>) => async () => {
    const store = await open();
    try {
      await fn(store);
    } finally {
      await store.close();
    }
  };

  describe(`${name}: the session store contract`, () => {
    it(
      "creates a running session with nothing committed yet",
      withStore(async (store) => {
        await store.createSession(newSession("s1"));
        expect(await store.getSession("s1")).toEqual({
          id: "s1",
          agent: { name: "refund", version: 2, file: "/agents/refund.agent", machineHash: "sha256:ab12" },
          status: "running",
          steps: 0,
          tokens: 0,
          costUsd: 0,
          createdAt: T0,
          updatedAt: T0,
          endedAt: undefined,
          waiting: undefined,
          input: { orderId: "o-1", note: "ünïcode ✓" },
          snapshot: undefined,
          ledger: undefined,
          outcome: undefined,
          tape: [],
        });
        expect(await store.getSession("nope")).toBeUndefined();
      }),
    );

    it(
      "keeps an agent without a file",
      withStore(async (store) => {
        await store.createSession({ ...newSession("s1"), agent: { name: "a", version: 1, file: undefined, machineHash: "sha256:00" } });
        expect((await store.getSession("s1"))?.agent).toEqual({ name: "a", version: 1, file: undefined, machineHash: "sha256:00" });
      }),
    );

    it(
      "refuses a duplicate session id and keeps the first",
      withStore(async (store) => {
        await store.createSession(newSession("s1"));
        await expect(store.createSession(newSession("s1", { input: { other: true }, agentName: "other" }))).rejects.toBeInstanceOf(SessionExistsError);
        const stored = await store.getSession("s1");
        expect(stored?.input).toEqual({ orderId: "o-1", note: "ünïcode ✓" });
        expect(stored?.agent.name).toBe("refund");
      }),
    );

    it(
      "commits a step whole: snapshot, ledger, status, tape, counters, time",
      withStore(async (store) => {
        await started(store, "s1");
        await store.commitStep(step("s1", "w1", 1, { tape: [{ kind: "slot", step: 1 }, { kind: "clock", now: 5 }] }));
        await store.commitStep(step("s1", "w1", 2));
        const s = await store.getSession("s1");
        expect(s).toMatchObject({ status: "running", steps: 2, tokens: 200, costUsd: 0.02, updatedAt: T0 + 2_000, endedAt: undefined });
        expect(s?.snapshot).toEqual(step("s1", "w1", 2).snapshot);
        expect(s?.ledger).toEqual(ledger(2));
        expect(s?.tape).toEqual([
          { seq: 0, entry: { kind: "slot", step: 1 } },
          { seq: 1, entry: { kind: "clock", now: 5 } },
          { seq: 2, entry: { kind: "slot", step: 2 } },
        ]);
      }),
    );

    it(
      "ends a session on a reply or an escalation, with its outcome",
      withStore(async (store) => {
        await started(store, "r");
        await started(store, "e");
        await store.commitStep(step("r", "w1", 1, { status: "replied", outcome: { kind: "reply", output: { ok: 1 } } }));
        await store.commitStep(step("e", "w1", 1, { status: "escalated", outcome: { kind: "escalation", target: "ops", reason: "cap" }, at: T0 + 7 }));
        expect(await store.getSession("r")).toMatchObject({ status: "replied", endedAt: T0 + 1_000, outcome: { kind: "reply", output: { ok: 1 } } });
        expect(await store.getSession("e")).toMatchObject({ status: "escalated", endedAt: T0 + 7, outcome: { kind: "escalation", target: "ops", reason: "cap" } });
      }),
    );

    it(
      "hands out copies: changing what went in or came out changes nothing stored",
      withStore(async (store) => {
        await started(store, "s1");
        const commit = step("s1", "w1", 1);
        await store.commitStep(commit);
        (commit.snapshot as { value: string }).value = "mutated";
        const first = await store.getSession("s1");
        (first!.snapshot as { value: string }).value = "mutated too";
        (first!.tape as unknown[]).length = 0;
        const again = await store.getSession("s1");
        expect((again?.snapshot as { value: string }).value).toBe("state-1");
        expect(again?.tape).toHaveLength(1);
      }),
    );

    it(
      "refuses a commit to a session it does not know",
      withStore(async (store) => {
        await expect(store.commitStep(step("ghost", "w1", 1))).rejects.toBeInstanceOf(UnknownSessionError);
      }),
    );

    it(
      "refuses a commit by an owner that never took the lease, writing nothing",
      withStore(async (store) => {
        await store.createSession(newSession("s1"));
        await expect(store.commitStep(step("s1", "w1", 1))).rejects.toBeInstanceOf(LeaseLostError);
        expect(await store.getSession("s1")).toMatchObject({ steps: 0, snapshot: undefined, tape: [] });
        expect(await store.dailySpend("refund", T0)).toEqual({ tokens: 0, costUsd: 0 });
      }),
    );

    it(
      "lists sessions oldest first, filtered by status and agent",
      withStore(async (store) => {
        await store.createSession(newSession("late", { createdAt: T0 + 30 }));
        await store.createSession(newSession("early", { createdAt: T0 + 10, agentName: "triage" }));
        await store.createSession(newSession("mid-a", { createdAt: T0 + 20 }));
        await store.createSession(newSession("mid-b", { createdAt: T0 + 20 }));
        expect(await store.acquireLease("mid-a", "w1", 1_000, T0)).toBe(true);
        await store.commitStep(step("mid-a", "w1", 1, { status: "replied", outcome: { kind: "reply", output: 1 } }));
        expect((await store.listSessions()).map((s) => s.id)).toEqual(["early", "mid-a", "mid-b", "late"]);
        expect((await store.listSessions({ status: "running" })).map((s) => s.id)).toEqual(["early", "mid-b", "late"]);
        expect((await store.listSessions({ agent: "refund" })).map((s) => s.id)).toEqual(["mid-a", "mid-b", "late"]);
        expect((await store.listSessions({ agent: "refund", status: "replied" })).map((s) => s.id)).toEqual(["mid-a"]);
        expect(await store.listSessions({ agent: "nobody" })).toEqual([]);
        const [summary] = await store.listSessions({ status: "replied" });
        expect(summary).toEqual({
          id: "mid-a",
          agent: { name: "refund", version: 2, file: "/agents/refund.agent", machineHash: "sha256:ab12" },
          status: "replied",
          steps: 1,
          tokens: 100,
          costUsd: 0.01,
          createdAt: T0 + 20,
          updatedAt: T0 + 1_000,
          endedAt: T0 + 1_000,
          waiting: undefined,
        });
      }),
    );

    it(
      "finds waits that are due, earliest first, and forgets them once answered",
      withStore(async (store) => {
        for (const [id, due] of [["later", T0 + 5_000], ["sooner", T0 + 2_000], ["future", T0 + 99_000]] as const) {
          await started(store, id);
          await store.commitStep(step(id, "w1", 1, { status: "waiting", waiting: wait(due) }));
        }
        await started(store, "running");
        await store.commitStep(step("running", "w1", 1));
        expect(await store.dueWaits(T0)).toEqual([]);
        expect((await store.dueWaits(T0 + 5_000)).map((s) => s.id)).toEqual(["sooner", "later"]);
        expect((await store.dueWaits(T0 + 5_000))[0]?.waiting).toEqual(wait(T0 + 2_000));
        await store.commitStep(step("sooner", "w1", 2));
        expect((await store.dueWaits(T0 + 5_000)).map((s) => s.id)).toEqual(["later"]);
        expect((await store.listSessions({ status: "waiting" })).map((s) => s.id)).toEqual(["later", "future"]);
      }),
    );

    it(
      "leases: one owner at a time, renewable, released, taken over once expired",
      withStore(async (store) => {
        await store.createSession(newSession("s1"));
        expect(await store.acquireLease("s1", "a", 1_000, T0)).toBe(true);
        expect(await store.acquireLease("s1", "b", 1_000, T0 + 500)).toBe(false);
        expect(await store.acquireLease("s1", "a", 1_000, T0 + 900)).toBe(true); // renewed until T0 + 1900
        expect(await store.acquireLease("s1", "b", 1_000, T0 + 1_500)).toBe(false);
        await store.releaseLease("s1", "b"); // not the holder: no effect
        expect(await store.acquireLease("s1", "b", 1_000, T0 + 1_500)).toBe(false);
        await store.releaseLease("s1", "a");
        expect(await store.acquireLease("s1", "b", 1_000, T0 + 1_500)).toBe(true);
        expect(await store.acquireLease("s1", "a", 1_000, T0 + 2_499)).toBe(false);
        expect(await store.acquireLease("s1", "a", 1_000, T0 + 2_500)).toBe(true); // expired exactly now
        expect(await store.acquireLease("ghost", "a", 1_000, T0)).toBe(false);
      }),
    );

    it(
      "refuses the commit of an owner whose expired lease another took, keeping the new owner's step",
      withStore(async (store) => {
        await started(store, "s1", "old");
        await store.commitStep(step("s1", "old", 1));
        expect(await store.acquireLease("s1", "new", 60_000, T0 + 60_000)).toBe(true);
        await store.commitStep(step("s1", "new", 2));
        await expect(store.commitStep(step("s1", "old", 3, { status: "replied", outcome: { kind: "reply", output: 0 } }))).rejects.toBeInstanceOf(LeaseLostError);
        const s = await store.getSession("s1");
        expect(s).toMatchObject({ status: "running", steps: 2, endedAt: undefined });
        expect(s?.tape.map((t) => t.entry)).toEqual([{ kind: "slot", step: 1 }, { kind: "slot", step: 2 }]);
        expect(await store.dailySpend("refund", T0)).toEqual({ tokens: 200, costUsd: 0.02 });
      }),
    );

    it(
      "honours an expired lease nobody else took",
      withStore(async (store) => {
        await store.createSession(newSession("s1"));
        expect(await store.acquireLease("s1", "w1", 10, T0)).toBe(true);
        await store.commitStep(step("s1", "w1", 1, { at: T0 + 50_000 }));
        expect((await store.getSession("s1"))?.steps).toBe(1);
      }),
    );

    it(
      "cannot lease an ended session",
      withStore(async (store) => {
        await started(store, "s1", "a");
        await store.commitStep(step("s1", "a", 1, { status: "replied", outcome: { kind: "reply", output: 1 } }));
        await store.releaseLease("s1", "a");
        expect(await store.acquireLease("s1", "a", 1_000, T0 + 10 * DAY)).toBe(false);
        expect(await store.acquireLease("s1", "b", 1_000, T0 + 10 * DAY)).toBe(false);
      }),
    );

    it(
      "counts spend per agent and UTC day, across sessions",
      withStore(async (store) => {
        await started(store, "a1");
        await started(store, "a2");
        await started(store, "t1", "w1", { agentName: "triage" });
        const lastMs = T0 + DAY - 1; // 2026-03-01T23:59:59.999Z
        await store.commitStep(step("a1", "w1", 1, { spend: { tokens: 10, costUsd: 0.5 }, at: T0 + 1 }));
        await store.commitStep(step("a2", "w1", 1, { spend: { tokens: 5, costUsd: 0.25 }, at: lastMs }));
        await store.commitStep(step("a1", "w1", 2, { spend: { tokens: 7, costUsd: 0.125 }, at: lastMs + 1 }));
        await store.commitStep(step("t1", "w1", 1, { spend: { tokens: 1_000, costUsd: 9 }, at: T0 + 2 }));
        await store.commitStep(step("a2", "w1", 2, { spend: { tokens: 0, costUsd: 0 }, at: T0 + 3 }));
        expect(await store.dailySpend("refund", T0 + 12 * 3_600_000)).toEqual({ tokens: 15, costUsd: 0.75 });
        expect(await store.dailySpend("refund", lastMs + 1)).toEqual({ tokens: 7, costUsd: 0.125 });
        expect(await store.dailySpend("triage", T0)).toEqual({ tokens: 1_000, costUsd: 9 });
        expect(await store.dailySpend("refund", T0 - 1)).toEqual({ tokens: 0, costUsd: 0 });
        expect(await store.dailySpend("nobody", T0)).toEqual({ tokens: 0, costUsd: 0 });
      }),
    );

    it(
      "prunes sessions that ended before a time, with their tapes, and nothing else",
      withStore(async (store) => {
        await started(store, "old-reply");
        await store.commitStep(step("old-reply", "w1", 1, { status: "replied", outcome: { kind: "reply", output: 1 }, at: T0 }));
        await started(store, "old-escalation");
        await store.commitStep(step("old-escalation", "w1", 1, { status: "escalated", outcome: { kind: "escalation", target: "x", reason: "y" }, at: T0 + 5 }));
        await started(store, "recent");
        await store.commitStep(step("recent", "w1", 1, { status: "replied", outcome: { kind: "reply", output: 2 }, at: T0 + 30 * DAY }));
        await started(store, "old-running");
        await store.commitStep(step("old-running", "w1", 1, { at: T0 }));
        await started(store, "old-waiting");
        await store.commitStep(step("old-waiting", "w1", 1, { status: "waiting", waiting: wait(T0 + 1), at: T0 }));

        expect(await store.prune(T0 + 5)).toBe(1);
        expect(await store.prune(T0 + 30 * DAY)).toBe(1);
        expect((await store.listSessions()).map((s) => s.id)).toEqual(["recent", "old-running", "old-waiting"]);
        expect(await store.getSession("old-reply")).toBeUndefined();
        expect(await store.prune(T0 + 30 * DAY)).toBe(0);
        // a new session may reuse a pruned id: its tape starts empty
        await started(store, "old-reply");
        expect((await store.getSession("old-reply"))?.tape).toEqual([]);
        expect(await store.dailySpend("refund", T0)).toEqual({ tokens: 400, costUsd: 0.04 }); // spend outlives its sessions
      }),
    );

    it(
      "keeps the first idempotency record for a key",
      withStore(async (store) => {
        const first = { tool: "issueRefund", argsHash: "a".repeat(64), value: { refundId: "r1", amount: 120 }, storedAt: T0 };
        expect(await store.idempotency.get("k1")).toBeUndefined();
        await store.idempotency.put("k1", first);
        await store.idempotency.put("k1", { ...first, value: { refundId: "r2" }, storedAt: T0 + 1 });
        expect(await store.idempotency.get("k1")).toEqual(first);
        await store.idempotency.put("k-null", { ...first, value: null });
        await store.idempotency.put("k-undefined", { ...first, value: undefined });
        expect(await store.idempotency.get("k-null")).toEqual({ ...first, value: null });
        expect(await store.idempotency.get("k-undefined")).toEqual({ ...first, value: undefined });
        const out = await store.idempotency.get("k1");
        (out!.value as { refundId: string }).refundId = "mutated";
        expect((await store.idempotency.get("k1"))?.value).toEqual({ refundId: "r1", amount: 120 });
      }),
    );

    it(
      "serves idempotency records between and around step commits",
      withStore(async (store) => {
        await started(store, "s1");
        const record = (n: number) => ({ tool: "pay", argsHash: String(n), value: { n }, storedAt: T0 + n });
        const work = Array.from({ length: 20 }, async (_, n) => {
          await store.idempotency.put(`k${n}`, record(n));
          if (n % 2 === 0) await store.commitStep(step("s1", "w1", n + 1));
          return store.idempotency.get(`k${n}`);
        });
        expect(await Promise.all(work)).toEqual(Array.from({ length: 20 }, (_, n) => record(n)));
        expect((await store.getSession("s1"))?.tape).toHaveLength(10);
      }),
    );
  });
}
