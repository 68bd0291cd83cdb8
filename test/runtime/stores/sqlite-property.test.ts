/**
 * Property: any sequence of store operations (sessions, leases, commits — some refused —,
 * idempotency records, prunes) applied to the sqlite store and to the in-memory store gets
 * the same answers, and after closing and reopening the file the sqlite store holds exactly
 * the committed state.
 */
import fc from "fast-check";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { createMemoryStore, openSqliteStore, type SessionStatus, type SessionStore, type StepCommit } from "../../../runtime/stores/index.ts";
import { DAY, ledger, newSession, T0 } from "./contract.ts";

const dir = mkdtempSync(join(tmpdir(), "agentc-store-property-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const IDS = ["s0", "s1", "s2"];
const OWNERS = ["w0", "w1"];
const AGENTS = ["refund", "triage"];

type Op =
  | { op: "create"; id: number; agent: number; at: number }
  | { op: "acquire"; id: number; owner: number; ttl: number; at: number }
  | { op: "release"; id: number; owner: number }
  | { op: "commit"; id: number; owner: number; lease: boolean; status: SessionStatus; steps: number; tape: unknown[]; snapshot: unknown; tokens: number; at: number }
  | { op: "put"; key: number; value: unknown; at: number }
  | { op: "prune"; at: number };

/** Time moves forward by `at` ms before each operation (leases expire, days pass). */
const at = fc.constantFrom(0, 1, 30_000, 61_000, DAY / 4);
const json = fc.jsonValue({ maxDepth: 3 }).map((v) => JSON.parse(JSON.stringify(v)) as unknown); // as JSON would give it back (-0 → 0)
const commit = fc.record({
  op: fc.constant("commit" as const),
  id: fc.nat(2),
  owner: fc.nat(1),
  lease: fc.boolean(), // take (or renew) the lease first, as a runtime does
  status: fc.constantFrom<SessionStatus>("running", "running", "running", "running", "waiting", "waiting", "replied", "escalated"),
  steps: fc.nat(50),
  tape: fc.array(json, { maxLength: 3 }),
  snapshot: json,
  tokens: fc.nat(10_000),
  at,
});
const op: fc.Arbitrary<Op> = fc.oneof(
  { arbitrary: fc.record({ op: fc.constant("create" as const), id: fc.nat(2), agent: fc.nat(1), at }), weight: 2 },
  { arbitrary: fc.record({ op: fc.constant("acquire" as const), id: fc.nat(2), owner: fc.nat(1), ttl: fc.integer({ min: 1, max: 120_000 }), at }), weight: 1 },
  { arbitrary: fc.record({ op: fc.constant("release" as const), id: fc.nat(2), owner: fc.nat(1) }), weight: 1 },
  { arbitrary: commit, weight: 4 },
  { arbitrary: fc.record({ op: fc.constant("put" as const), key: fc.nat(3), value: json, at }), weight: 1 },
  { arbitrary: fc.record({ op: fc.constant("prune" as const), at }), weight: 1 },
);

function commitOf(o: Extract<Op, { op: "commit" }>): StepCommit {
  return {
    sessionId: IDS[o.id]!,
    owner: OWNERS[o.owner]!,
    status: o.status,
    snapshot: o.snapshot,
    ledger: ledger(o.steps, { tokens: o.tokens, costUsd: o.tokens / 1_000 }),
    outcome: o.status === "replied" ? { kind: "reply", output: o.snapshot } : o.status === "escalated" ? { kind: "escalation", target: "ops", reason: "r" } : undefined,
    waiting: o.status === "waiting" ? { state: "ask", target: "ops", result: "answer", dueAt: o.at + 1_000 } : undefined,
    tape: o.tape,
    spend: { tokens: o.tokens, costUsd: o.tokens / 1_000 },
    at: o.at,
  };
}

/** What the operation answered: a value or the error's name. `now` is the clock before `o`. */
async function apply(store: SessionStore, o: Op, now: number): Promise<unknown> {
  if ("at" in o) o = { ...o, at: now + o.at };
  try {
    switch (o.op) {
      case "create":
        return await store.createSession(newSession(IDS[o.id]!, { agentName: AGENTS[o.agent]!, createdAt: o.at }));
      case "acquire":
        return await store.acquireLease(IDS[o.id]!, OWNERS[o.owner]!, o.ttl, o.at);
      case "release":
        return await store.releaseLease(IDS[o.id]!, OWNERS[o.owner]!);
      case "commit":
        if (o.lease && !(await store.acquireLease(IDS[o.id]!, OWNERS[o.owner]!, 60_000, o.at))) return "lease refused";
        return await store.commitStep(commitOf(o));
      case "put":
        return await store.idempotency.put(`k${o.key}`, { tool: "pay", argsHash: "h", value: o.value, storedAt: o.at });
      case "prune":
        return await store.prune(o.at - DAY / 2);
    }
  } catch (error) {
    return (error as Error).name;
  }
}

/** Everything a store can tell about its state. */
async function observe(store: SessionStore): Promise<unknown> {
  return {
    sessions: await Promise.all(IDS.map((id) => store.getSession(id))),
    list: await store.listSessions(),
    due: await store.dueWaits(T0 + 12 * DAY),
    spend: await Promise.all(AGENTS.flatMap((agent) => Array.from({ length: 12 }, (_, d) => store.dailySpend(agent, T0 + d * DAY)))),
    idempotency: await Promise.all([0, 1, 2, 3].map((k) => store.idempotency.get(`k${k}`))),
    // leases: which owner could take each session right now
    leases: await Promise.all(IDS.map(async (id) => [await store.acquireLease(id, "probe", 1, T0 - 1), await store.releaseLease(id, "probe")])),
  };
}

describe("sqlite store: property", () => {
  it("answers like the memory store, and a reopened file holds exactly the committed state", async () => {
    let run = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(op, { minLength: 5, maxLength: 40 }), async (ops) => {
        const path = join(dir, `p-${++run}.db`);
        const memory = createMemoryStore();
        const sqlite = openSqliteStore(path);
        try {
          let now = T0;
          for (const o of ops) {
            expect(await apply(sqlite, o, now)).toEqual(await apply(memory, o, now));
            if ("at" in o) now += o.at;
          }
          await sqlite.close();
          const reopened = openSqliteStore(path);
          try {
            expect(await observe(reopened)).toEqual(await observe(memory));
          } finally {
            await reopened.close();
          }
        } finally {
          await sqlite.close();
          rmSync(path, { force: true });
        }
      }),
      { numRuns: 100 },
    );
  }, 60_000);
});
