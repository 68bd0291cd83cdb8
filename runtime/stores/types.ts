/**
 * The session store: where sessions live between steps and after they end. Designed as
 * "steps as events, state between steps": each step is committed in ONE transaction — the
 * machine's persisted snapshot, the runtime's ledger, the step's recording (tape entries) and
 * the agent's daily spend — so a crash leaves either the whole step or none of it. A lease
 * keeps two processes from driving one session at once. Implementations: in-memory
 * (`memory.ts`) and `node:sqlite` (`sqlite.ts`); a PostgreSQL one with many workers fits the
 * same interface (docs/architecture.md). Every method may be sync or async behind a Promise.
 */
import type { Outcome } from "../contract.ts";
import type { IdempotencyStore } from "../execution/idempotency.ts";
import type { Ledger } from "../orchestration/ledger.ts";

export type SessionStatus = "running" | "waiting" | "replied" | "escalated";

/** Where the agent came from, so `resume` and `replay` can load the same machine again. */
export interface AgentRef {
  readonly name: string;
  readonly version: number;
  /** The .agent file (absolute path) the session was started from, when known. */
  readonly file: string | undefined;
  /** `sha256:<hex>` of the generated machine module: a different hash means a changed agent. */
  readonly machineHash: string;
}

export interface NewSession {
  readonly id: string;
  readonly agent: AgentRef;
  /** The raw input (kept only in the local store; exports mask `@pii`). */
  readonly input: unknown;
  readonly createdAt: number;
}

/** One line of `agentc sessions`. */
export interface SessionSummary {
  readonly id: string;
  readonly agent: AgentRef;
  readonly status: SessionStatus;
  readonly steps: number;
  readonly tokens: number;
  readonly costUsd: number;
  readonly createdAt: number;
  readonly updatedAt: number;
  readonly endedAt: number | undefined;
  /** Set while waiting for a person. */
  readonly waiting: HumanWait | undefined;
}

export interface HumanWait {
  readonly state: string;
  readonly target: string;
  readonly result: string;
  /** Epoch ms the wait times out. */
  readonly dueAt: number;
}

/** Everything recorded about a session, in order (see orchestration/tape.ts for the entries). */
export interface StoredSession extends SessionSummary {
  readonly input: unknown;
  /** The last committed XState persisted snapshot; undefined before the first step commits. */
  readonly snapshot: unknown;
  readonly ledger: Ledger | undefined;
  readonly outcome: Outcome | undefined;
  readonly tape: readonly TapeRecord[];
}

/** A recorded entry: opaque JSON to the store, typed by orchestration. */
export interface TapeRecord {
  /** Position in the session's tape, from 0, gapless. */
  readonly seq: number;
  readonly entry: unknown;
}

export interface StepCommit {
  readonly sessionId: string;
  /**
   * The lease owner committing: it must hold the session's lease (`acquireLease` first). A
   * lease that expired is still honoured until another owner takes it; otherwise the commit is
   * refused (`LeaseLostError`) and nothing of the step is written.
   */
  readonly owner: string;
  readonly status: SessionStatus;
  readonly snapshot: unknown;
  readonly ledger: Ledger;
  readonly outcome: Outcome | undefined;
  readonly waiting: HumanWait | undefined;
  /** New tape entries since the last commit; appended after the existing ones. */
  readonly tape: readonly unknown[];
  /** Added to the agent's spend for the UTC day of `at`. */
  readonly spend: { readonly tokens: number; readonly costUsd: number };
  readonly at: number;
}

export interface DailySpend {
  readonly tokens: number;
  readonly costUsd: number;
}

export interface SessionStore {
  /** Refuses an id that exists (`SessionExistsError`). */
  createSession(session: NewSession): Promise<void>;
  /**
   * One transaction: snapshot, ledger, status, outcome, waiting, tape entries and spend.
   * `UnknownSessionError` for an id never created (or pruned); `LeaseLostError` as above.
   */
  commitStep(commit: StepCommit): Promise<void>;
  getSession(id: string): Promise<StoredSession | undefined>;
  /** Oldest first. */
  listSessions(filter?: { readonly status?: SessionStatus; readonly agent?: string }): Promise<SessionSummary[]>;
  /** Waiting sessions whose wait is due at `now`. */
  dueWaits(now: number): Promise<SessionSummary[]>;
  /**
   * Takes or renews the session's lease for `owner` until `now + ttlMs`; false if another
   * owner holds an unexpired lease. Ended sessions cannot be leased.
   */
  acquireLease(id: string, owner: string, ttlMs: number, now: number): Promise<boolean>;
  releaseLease(id: string, owner: string): Promise<void>;
  /** The agent's spend on the UTC day containing `at` (across sessions and processes). */
  dailySpend(agent: string, at: number): Promise<DailySpend>;
  /** Deletes ended sessions (and their tapes) that ended before `before`; returns how many. */
  prune(before: number): Promise<number>;
  /** Side-effect results by idempotency key, in the same database. */
  readonly idempotency: IdempotencyStore;
  close(): Promise<void>;
}

export class SessionExistsError extends Error {
  constructor(id: string) {
    super(`session ${id} already exists`);
    this.name = "SessionExistsError";
  }
}

export class LeaseLostError extends Error {
  constructor(id: string, owner: string) {
    super(`session ${id}: ${owner} no longer holds the lease (another process resumed it)`);
    this.name = "LeaseLostError";
  }
}

/** The store file is unreadable, corrupt, from a newer schema or full: never silently rewritten. */
export class StoreUnavailableError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "StoreUnavailableError";
  }
}

/** The disk (or the store's size limit) is full: the step was not written; the last commit stands. */
export class StoreFullError extends StoreUnavailableError {
  constructor(message: string) {
    super(message);
    this.name = "StoreFullError";
  }
}

export class UnknownSessionError extends Error {
  constructor(id: string) {
    super(`no session ${id} in the store`);
    this.name = "UnknownSessionError";
  }
}
