/**
 * The in-memory session store: for tests, development and single-process runs that need no
 * durability. Values are cloned in and out (structuredClone), so a caller never mutates
 * stored state; every commit is applied whole or not at all.
 */
import type { IdempotencyRecord, IdempotencyStore } from "../execution/idempotency.ts";
import { isEnded, leaseFree, utcDay } from "./rules.ts";
import {
  LeaseLostError,
  SessionExistsError,
  UnknownSessionError,
  type DailySpend,
  type SessionStore,
  type SessionSummary,
  type StepCommit,
  type StoredSession,
  type TapeRecord,
} from "./types.ts";

type SessionRow = Omit<StoredSession, "tape">;

interface Row {
  session: SessionRow;
  tape: TapeRecord[];
  leaseOwner: string | undefined;
  leaseUntil: number | undefined;
}

export function createMemoryStore(): SessionStore {
  const rows = new Map<string, Row>();
  const spend = new Map<string, DailySpend>();
  const idempotency = new Map<string, IdempotencyRecord>();
  const spendKey = (agent: string, at: number) => `${agent}\u0000${utcDay(at)}`;

  const summary = (s: SessionRow): SessionSummary => ({
    id: s.id,
    agent: s.agent,
    status: s.status,
    steps: s.steps,
    tokens: s.tokens,
    costUsd: s.costUsd,
    createdAt: s.createdAt,
    updatedAt: s.updatedAt,
    endedAt: s.endedAt,
    waiting: s.waiting,
  });
  const oldestFirst = (list: SessionRow[]) => list.sort((a, b) => a.createdAt - b.createdAt); // stable: ties stay in creation order

  const idempotencyStore: IdempotencyStore = {
    get: (key) => {
      const record = idempotency.get(key);
      return record === undefined ? undefined : structuredClone(record);
    },
    put: (key, record) => {
      if (!idempotency.has(key)) idempotency.set(key, structuredClone(record)); // first result wins
    },
  };

  return {
    async createSession(session) {
      if (rows.has(session.id)) throw new SessionExistsError(session.id);
      const { id, agent, input, createdAt } = structuredClone(session);
      rows.set(id, {
        session: { id, agent, input, createdAt, status: "running", steps: 0, tokens: 0, costUsd: 0, updatedAt: createdAt, endedAt: undefined, waiting: undefined, snapshot: undefined, ledger: undefined, outcome: undefined },
        tape: [],
        leaseOwner: undefined,
        leaseUntil: undefined,
      });
    },

    async commitStep(commit: StepCommit) {
      const row = rows.get(commit.sessionId);
      if (row === undefined) throw new UnknownSessionError(commit.sessionId);
      if (row.leaseOwner !== commit.owner) throw new LeaseLostError(commit.sessionId, commit.owner);
      // Everything that can throw (cloning, the day) happens before anything is changed.
      const c = structuredClone(commit);
      const key = spendKey(row.session.agent.name, c.at);
      const day = spend.get(key) ?? { tokens: 0, costUsd: 0 };
      const ended = isEnded(c.status);
      row.session = {
        ...row.session,
        status: c.status,
        snapshot: c.snapshot,
        ledger: c.ledger,
        outcome: c.outcome,
        waiting: c.waiting,
        steps: c.ledger.steps,
        tokens: c.ledger.tokens,
        costUsd: c.ledger.costUsd,
        updatedAt: c.at,
        endedAt: ended ? (row.session.endedAt ?? c.at) : undefined,
      };
      const start = row.tape.length;
      row.tape.push(...c.tape.map((entry, i) => ({ seq: start + i, entry })));
      if (c.spend.tokens !== 0 || c.spend.costUsd !== 0) spend.set(key, { tokens: day.tokens + c.spend.tokens, costUsd: day.costUsd + c.spend.costUsd });
    },

    async getSession(id) {
      const row = rows.get(id);
      return row === undefined ? undefined : structuredClone({ ...row.session, tape: row.tape });
    },

    async listSessions(filter = {}) {
      const list = [...rows.values()]
        .map((r) => r.session)
        .filter((s) => (filter.status === undefined || s.status === filter.status) && (filter.agent === undefined || s.agent.name === filter.agent));
      return structuredClone(oldestFirst(list).map(summary));
    },

    async dueWaits(now) {
      const due = [...rows.values()].map((r) => r.session).filter((s) => s.status === "waiting" && s.waiting !== undefined && s.waiting.dueAt <= now);
      return structuredClone(due.sort((a, b) => a.waiting!.dueAt - b.waiting!.dueAt || a.createdAt - b.createdAt).map(summary));
    },

    async acquireLease(id, owner, ttlMs, now) {
      const row = rows.get(id);
      if (row === undefined || isEnded(row.session.status) || !leaseFree(row.leaseOwner, row.leaseUntil, owner, now)) return false;
      row.leaseOwner = owner;
      row.leaseUntil = now + ttlMs;
      return true;
    },

    async releaseLease(id, owner) {
      const row = rows.get(id);
      if (row !== undefined && row.leaseOwner === owner) {
        row.leaseOwner = undefined;
        row.leaseUntil = undefined;
      }
    },

    async dailySpend(agent, at) {
      return { ...(spend.get(spendKey(agent, at)) ?? { tokens: 0, costUsd: 0 }) };
    },

    async prune(before) {
      let n = 0;
      for (const [id, row] of rows) {
        if (row.session.endedAt !== undefined && row.session.endedAt < before) {
          rows.delete(id);
          n++;
        }
      }
      return n;
    },

    idempotency: idempotencyStore,
    async close() {},
  };
}
