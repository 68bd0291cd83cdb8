/**
 * The durable session store on `node:sqlite`: one file, WAL journal, one transaction per step
 * (docs/runtime.md, "Session stores"). Several processes may share the file: writes wait for
 * each other (`busy_timeout`), leases keep two of them from driving one session. A file it
 * cannot read (corrupt, truncated, not a store, a newer schema) is refused, never rewritten.
 */
import { closeSync, mkdirSync, openSync, readSync, statSync } from "node:fs";
import { dirname, resolve } from "node:path";
import type { DatabaseSync, StatementSync } from "node:sqlite";
import type { IdempotencyRecord, IdempotencyStore } from "../execution/idempotency.ts";
import type { Ledger } from "../orchestration/ledger.ts";
import { isEnded, utcDay } from "./rules.ts";
import {
  LeaseLostError,
  SessionExistsError,
  StoreFullError,
  StoreUnavailableError,
  UnknownSessionError,
  type AgentRef,
  type HumanWait,
  type SessionStatus,
  type SessionStore,
  type SessionSummary,
  type StepCommit,
  type StoredSession,
} from "./types.ts";

/** The schema this code reads and writes (`PRAGMA user_version`). */
export const SQLITE_SCHEMA_VERSION = 1;
/** `PRAGMA application_id` of an agentc session store: "agsn". */
const APPLICATION_ID = 0x6167736e;
const DEFAULT_BUSY_TIMEOUT_MS = 5_000;

export interface SqliteStoreOptions {
  /**
   * "normal" (default): `synchronous=NORMAL` in WAL mode — a commit is not fsynced, so a power
   * loss (not a process crash) can lose the last few commits, but never corrupts the file.
   * "full": `synchronous=FULL` — every commit is fsynced before `commitStep` resolves.
   */
  readonly durability?: "normal" | "full";
  /** How long a write waits for another process's transaction before failing (ms, default 5,000). */
  readonly busyTimeoutMs?: number;
  /** Caps the file at this many pages (`max_page_count`): the store then fails as on a full disk. */
  readonly maxPages?: number;
}

export interface SqliteStoreSettings {
  readonly journalMode: string;
  readonly synchronous: "off" | "normal" | "full" | "extra";
  readonly busyTimeoutMs: number;
  readonly schemaVersion: number;
}

export interface SqliteSessionStore extends SessionStore {
  /** The absolute path of the store file (or ":memory:"). */
  readonly path: string;
  /** The connection's settings as SQLite reports them. */
  settings(): SqliteStoreSettings;
}

const SCHEMA = `
CREATE TABLE sessions (
  id            TEXT PRIMARY KEY,
  agent_name    TEXT NOT NULL,
  agent_version INTEGER NOT NULL,
  agent_file    TEXT,
  machine_hash  TEXT NOT NULL,
  status        TEXT NOT NULL,
  input         TEXT,
  snapshot      TEXT,
  ledger        TEXT,
  outcome       TEXT,
  waiting       TEXT,
  due_at        INTEGER,
  steps         INTEGER NOT NULL DEFAULT 0,
  tokens        INTEGER NOT NULL DEFAULT 0,
  cost_usd      REAL NOT NULL DEFAULT 0,
  tape_count    INTEGER NOT NULL DEFAULT 0,
  created_at    INTEGER NOT NULL,
  updated_at    INTEGER NOT NULL,
  ended_at      INTEGER,
  lease_owner   TEXT,
  lease_until   INTEGER
);
CREATE INDEX sessions_created ON sessions (created_at);
CREATE INDEX sessions_due ON sessions (due_at) WHERE due_at IS NOT NULL;
CREATE INDEX sessions_ended ON sessions (ended_at) WHERE ended_at IS NOT NULL;
-- One row per committed step: its entries as a JSON array, the first at \`seq\` (one insert per step).
CREATE TABLE tape (
  session_id TEXT NOT NULL,
  seq        INTEGER NOT NULL,
  entries    TEXT NOT NULL,
  PRIMARY KEY (session_id, seq)
) WITHOUT ROWID;
CREATE TABLE spend (
  agent    TEXT NOT NULL,
  day      TEXT NOT NULL,
  tokens   INTEGER NOT NULL,
  cost_usd REAL NOT NULL,
  PRIMARY KEY (agent, day)
) WITHOUT ROWID;
CREATE TABLE idempotency (
  key       TEXT PRIMARY KEY,
  tool      TEXT NOT NULL,
  args_hash TEXT NOT NULL,
  value     TEXT,
  stored_at INTEGER NOT NULL
);
`;

const SUMMARY_COLUMNS = "id, agent_name, agent_version, agent_file, machine_hash, status, waiting, steps, tokens, cost_usd, created_at, updated_at, ended_at";

interface SummaryRow {
  id: string;
  agent_name: string;
  agent_version: number;
  agent_file: string | null;
  machine_hash: string;
  status: SessionStatus;
  waiting: string | null;
  steps: number;
  tokens: number;
  cost_usd: number;
  created_at: number;
  updated_at: number;
  ended_at: number | null;
}

interface SessionRow extends SummaryRow {
  input: string | null;
  snapshot: string | null;
  ledger: string | null;
  outcome: string | null;
}

/** Opens (creating if absent, with its folder) the store at `path`. */
export function openSqliteStore(path: string, options: SqliteStoreOptions = {}): SqliteSessionStore {
  const file = path === ":memory:" ? path : resolve(path);
  const busyTimeoutMs = options.busyTimeoutMs ?? DEFAULT_BUSY_TIMEOUT_MS;
  if (file !== ":memory:") {
    checkHeader(file);
    mkdirSync(dirname(file), { recursive: true });
  }
  const { DatabaseSync } = loadSqlite();
  let db: DatabaseSync;
  try {
    db = new DatabaseSync(file, { timeout: busyTimeoutMs });
  } catch (error) {
    throw translate(file, error, busyTimeoutMs);
  }
  try {
    db.exec(`PRAGMA busy_timeout = ${Math.max(0, Math.floor(busyTimeoutMs))}`);
    prepareSchema(db, file);
    db.exec("PRAGMA journal_mode = WAL");
    db.exec(`PRAGMA synchronous = ${options.durability === "full" ? "FULL" : "NORMAL"}`);
    if (options.maxPages !== undefined) db.exec(`PRAGMA max_page_count = ${Math.max(1, Math.floor(options.maxPages))}`);
    return storeOn(db, file, busyTimeoutMs);
  } catch (error) {
    db.close();
    throw translate(file, error, busyTimeoutMs);
  }
}

/** Loaded on first use, so importing the runtime never loads (or warns about) `node:sqlite`. */
function loadSqlite(): typeof import("node:sqlite") {
  const sqlite = process.getBuiltinModule("node:sqlite");
  if (sqlite === undefined) throw new StoreUnavailableError("this Node.js has no node:sqlite (it needs Node.js 22.13 or later)");
  return sqlite;
}

/**
 * Refuses a file that is not an SQLite database, or is shorter than its own header says (cut
 * off), before SQLite touches it. A non-empty write-ahead log may still hold the missing pages
 * (a checkpoint interrupted by a crash): then SQLite recovers, and any real damage surfaces as
 * a corrupt-file error on first read.
 */
function checkHeader(file: string): void {
  const size = statSync(file, { throwIfNoEntry: false })?.size;
  if (size === undefined || size === 0) return;
  const header = Buffer.alloc(100);
  const fd = openSync(file, "r");
  try {
    readSync(fd, header, 0, 100, 0);
  } finally {
    closeSync(fd);
  }
  if (size < 100 || header.toString("latin1", 0, 16) !== "SQLite format 3\u0000") throw corrupt(file, "it is not an SQLite database");
  const rawPageSize = header.readUInt16BE(16);
  const pageSize = rawPageSize === 1 ? 65_536 : rawPageSize;
  const pages = header.readUInt32BE(28);
  const countValid = pages > 0 && header.readUInt32BE(24) === header.readUInt32BE(92);
  const wal = statSync(`${file}-wal`, { throwIfNoEntry: false })?.size ?? 0;
  if (countValid && wal === 0 && size < pages * pageSize) throw corrupt(file, `it is truncated: ${size} bytes where its header says ${pages * pageSize}`);
}

function prepareSchema(db: DatabaseSync, file: string): void {
  db.exec("BEGIN IMMEDIATE");
  try {
    const version = pragmaNumber(db, "user_version");
    const applicationId = pragmaNumber(db, "application_id");
    if (version > SQLITE_SCHEMA_VERSION && applicationId === APPLICATION_ID) {
      throw new StoreUnavailableError(
        `${file} was written by a newer agentc (store schema ${version}; this one reads schema ${SQLITE_SCHEMA_VERSION}). Upgrade agentc to use it, or point --store / AGENTC_STORE at another file; the file was not changed.`,
      );
    }
    const tables = (db.prepare("SELECT count(*) AS n FROM sqlite_schema").get() as { n: number }).n;
    if (version === 0 && applicationId === 0 && tables === 0) {
      db.exec(SCHEMA);
      db.exec(`PRAGMA application_id = ${APPLICATION_ID}`);
      db.exec(`PRAGMA user_version = ${SQLITE_SCHEMA_VERSION}`);
    } else if (applicationId !== APPLICATION_ID || version !== SQLITE_SCHEMA_VERSION) {
      throw new StoreUnavailableError(
        `${file} is an SQLite database but not an agentc session store (application_id ${applicationId}, user_version ${version}). Point --store / AGENTC_STORE at another file; this one was not changed.`,
      );
    }
    db.exec("COMMIT");
  } catch (error) {
    if (db.isTransaction) db.exec("ROLLBACK");
    throw error;
  }
}

function pragmaNumber(db: DatabaseSync, name: string): number {
  const row = db.prepare(`PRAGMA ${name}`).get() as Record<string, number>;
  return Object.values(row)[0]!; // the column is not always named after the pragma (busy_timeout → timeout)
}

function storeOn(db: DatabaseSync, file: string, busyTimeoutMs: number): SqliteSessionStore {
  const sql = (text: string): StatementSync => db.prepare(text);
  const s = {
    begin: sql("BEGIN IMMEDIATE"),
    beginRead: sql("BEGIN"),
    commit: sql("COMMIT"),
    rollback: sql("ROLLBACK"),
    insertSession: sql(
      "INSERT OR IGNORE INTO sessions (id, agent_name, agent_version, agent_file, machine_hash, status, input, created_at, updated_at) VALUES (?, ?, ?, ?, ?, 'running', ?, ?, ?)",
    ),
    leaseHolder: sql("SELECT lease_owner FROM sessions WHERE id = ?"),
    // The lease check is the WHERE clause: no row updated means the step is refused.
    updateSession: sql(
      "UPDATE sessions SET status = ?, snapshot = ?, ledger = ?, outcome = ?, waiting = ?, due_at = ?, steps = ?, tokens = ?, cost_usd = ?, tape_count = tape_count + ?, updated_at = ?, ended_at = CASE WHEN ? THEN coalesce(ended_at, ?) ELSE NULL END WHERE id = ? AND lease_owner = ? RETURNING agent_name, tape_count",
    ),
    insertTape: sql("INSERT INTO tape (session_id, seq, entries) VALUES (?, ?, ?)"),
    addSpend: sql(
      "INSERT INTO spend (agent, day, tokens, cost_usd) VALUES (?, ?, ?, ?) ON CONFLICT (agent, day) DO UPDATE SET tokens = tokens + excluded.tokens, cost_usd = cost_usd + excluded.cost_usd",
    ),
    session: sql(`SELECT ${SUMMARY_COLUMNS}, input, snapshot, ledger, outcome FROM sessions WHERE id = ?`),
    tape: sql("SELECT seq, entries FROM tape WHERE session_id = ? ORDER BY seq"),
    list: sql(`SELECT ${SUMMARY_COLUMNS} FROM sessions WHERE (?1 IS NULL OR status = ?1) AND (?2 IS NULL OR agent_name = ?2) ORDER BY created_at, rowid`),
    due: sql(`SELECT ${SUMMARY_COLUMNS} FROM sessions WHERE status = 'waiting' AND due_at <= ? ORDER BY due_at, created_at, rowid`),
    acquire: sql(
      "UPDATE sessions SET lease_owner = ?1, lease_until = ?2 WHERE id = ?3 AND ended_at IS NULL AND (lease_owner IS NULL OR lease_owner = ?1 OR lease_until <= ?4)",
    ),
    release: sql("UPDATE sessions SET lease_owner = NULL, lease_until = NULL WHERE id = ? AND lease_owner = ?"),
    spend: sql("SELECT tokens, cost_usd FROM spend WHERE agent = ? AND day = ?"),
    pruneTape: sql("DELETE FROM tape WHERE session_id IN (SELECT id FROM sessions WHERE ended_at < ?)"),
    pruneSessions: sql("DELETE FROM sessions WHERE ended_at < ?"),
    idempotencyGet: sql("SELECT tool, args_hash, value, stored_at FROM idempotency WHERE key = ?"),
    idempotencyPut: sql("INSERT OR IGNORE INTO idempotency (key, tool, args_hash, value, stored_at) VALUES (?, ?, ?, ?, ?)"),
  };

  /** Runs `fn` with SQLite's errors turned into the store's typed errors. */
  const guard = <T>(fn: () => T): T => {
    try {
      return fn();
    } catch (error) {
      throw translate(file, error, busyTimeoutMs);
    }
  };
  /** All or nothing; `write` takes the write lock up front, so two processes never deadlock. */
  const transaction = <T>(write: boolean, fn: () => T): T =>
    guard(() => {
      (write ? s.begin : s.beginRead).run();
      try {
        const result = fn();
        s.commit.run();
        return result;
      } catch (error) {
        if (db.isTransaction) s.rollback.run();
        throw error;
      }
    });

  const idempotency: IdempotencyStore = {
    get: (key) =>
      guard(() => {
        const row = s.idempotencyGet.get(key) as { tool: string; args_hash: string; value: string | null; stored_at: number } | undefined;
        return row === undefined ? undefined : { tool: row.tool, argsHash: row.args_hash, value: decode(row.value), storedAt: row.stored_at };
      }),
    put: (key, record: IdempotencyRecord) =>
      guard(() => {
        s.idempotencyPut.run(key, record.tool, record.argsHash, encode(record.value), record.storedAt); // first result wins
      }),
  };

  return {
    path: file,
    idempotency,

    async createSession(session) {
      const { id, agent, input, createdAt } = session;
      const inputJson = encode(input);
      const inserted = guard(() => s.insertSession.run(id, agent.name, agent.version, agent.file ?? null, agent.machineHash, inputJson, createdAt, createdAt).changes);
      if (Number(inserted) === 0) throw new SessionExistsError(id);
    },

    async commitStep(commit) {
      const step = encodeStep(commit); // serialise before the transaction: a value JSON cannot hold fails here, with nothing written
      transaction(true, () => {
        const row = s.updateSession.get(...step.session, step.tapeLength, commit.at, step.ended ? 1 : 0, commit.at, commit.sessionId, commit.owner) as { agent_name: string; tape_count: number } | undefined;
        if (row === undefined) {
          if (s.leaseHolder.get(commit.sessionId) === undefined) throw new UnknownSessionError(commit.sessionId);
          throw new LeaseLostError(commit.sessionId, commit.owner);
        }
        if (step.tape !== null) s.insertTape.run(commit.sessionId, row.tape_count - step.tapeLength, step.tape);
        if (commit.spend.tokens !== 0 || commit.spend.costUsd !== 0) s.addSpend.run(row.agent_name, step.day, commit.spend.tokens, commit.spend.costUsd);
      });
    },

    async getSession(id) {
      return transaction(false, () => {
        const row = s.session.get(id) as SessionRow | undefined;
        if (row === undefined) return undefined;
        const tape = (s.tape.all(id) as { seq: number; entries: string }[]).flatMap((t) => (JSON.parse(t.entries) as unknown[]).map((entry, i) => ({ seq: t.seq + i, entry })));
        const stored: StoredSession = {
          ...summaryOf(row),
          input: decode(row.input),
          snapshot: decode(row.snapshot),
          ledger: decode(row.ledger) as Ledger | undefined,
          outcome: decode(row.outcome) as StoredSession["outcome"],
          tape,
        };
        return stored;
      });
    },

    async listSessions(filter = {}) {
      return guard(() => (s.list.all(filter.status ?? null, filter.agent ?? null) as unknown as SummaryRow[]).map(summaryOf));
    },

    async dueWaits(now) {
      return guard(() => (s.due.all(now) as unknown as SummaryRow[]).map(summaryOf));
    },

    async acquireLease(id, owner, ttlMs, now) {
      return guard(() => Number(s.acquire.run(owner, now + ttlMs, id, now).changes) === 1);
    },

    async releaseLease(id, owner) {
      guard(() => s.release.run(id, owner));
    },

    async dailySpend(agent, at) {
      const row = guard(() => s.spend.get(agent, utcDay(at)) as { tokens: number; cost_usd: number } | undefined);
      return { tokens: row?.tokens ?? 0, costUsd: row?.cost_usd ?? 0 };
    },

    async prune(before) {
      return transaction(true, () => {
        s.pruneTape.run(before);
        return Number(s.pruneSessions.run(before).changes);
      });
    },

    settings() {
      return guard(() => {
        const journal = db.prepare("PRAGMA journal_mode").get() as { journal_mode: string };
        const synchronous = (["off", "normal", "full", "extra"] as const)[pragmaNumber(db, "synchronous")] ?? "full";
        return { journalMode: journal.journal_mode, synchronous, busyTimeoutMs: pragmaNumber(db, "busy_timeout"), schemaVersion: pragmaNumber(db, "user_version") };
      });
    },

    async close() {
      if (db.isOpen) db.close();
    },
  };
}

type SqlValue = string | number | null;

/** A step's values as the UPDATE's first nine parameters, its tape entries (one JSON array) and its spend day. */
function encodeStep(commit: StepCommit): { session: SqlValue[]; tape: string | null; tapeLength: number; ended: boolean; day: string } {
  const { ledger, waiting } = commit;
  const dueAt = commit.status === "waiting" && waiting !== undefined ? waiting.dueAt : null;
  return {
    session: [commit.status, encode(commit.snapshot), encode(ledger), encode(commit.outcome), encode(waiting), dueAt, ledger.steps, ledger.tokens, ledger.costUsd],
    tape: commit.tape.length === 0 ? null : JSON.stringify(commit.tape), // an undefined entry becomes null, as in any JSON array
    tapeLength: commit.tape.length,
    ended: isEnded(commit.status),
    day: utcDay(commit.at),
  };
}

function summaryOf(row: SummaryRow): SessionSummary {
  const agent: AgentRef = { name: row.agent_name, version: row.agent_version, file: row.agent_file ?? undefined, machineHash: row.machine_hash };
  return {
    id: row.id,
    agent,
    status: row.status,
    steps: row.steps,
    tokens: row.tokens,
    costUsd: row.cost_usd,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    endedAt: row.ended_at ?? undefined,
    waiting: decode(row.waiting) as HumanWait | undefined,
  };
}

/** undefined ↔ SQL NULL; everything else as JSON text. */
function encode(value: unknown): string | null {
  return value === undefined ? null : (JSON.stringify(value) ?? null);
}

function decode(text: string | null): unknown {
  return text === null ? undefined : JSON.parse(text);
}

function corrupt(file: string, why: string): StoreUnavailableError {
  return new StoreUnavailableError(
    `${file} cannot be read as a session store: ${why}. It was not changed. Restore it from a backup, or move it aside (agentc then starts an empty store there).`,
  );
}

interface SqliteError extends Error {
  readonly errcode: number;
  readonly errstr: string;
}

function isSqliteError(error: unknown): error is SqliteError {
  return error instanceof Error && typeof (error as Partial<SqliteError>).errcode === "number";
}

const SQLITE_BUSY = 5;
const SQLITE_LOCKED = 6;
const SQLITE_READONLY = 8;
const SQLITE_IOERR = 10;
const SQLITE_CORRUPT = 11;
const SQLITE_FULL = 13;
const SQLITE_CANTOPEN = 14;
const SQLITE_NOTADB = 26;

/** SQLite's failures that mean "the store is unusable" become typed errors naming the file. */
function translate(file: string, error: unknown, busyTimeoutMs: number): unknown {
  if (!isSqliteError(error)) return error;
  switch (error.errcode & 0xff) {
    case SQLITE_FULL:
      return new StoreFullError(
        `${file}: the disk is full (or the store reached its size limit). Nothing of this write was saved; the last committed state is intact. Free space, then resume.`,
      );
    case SQLITE_CORRUPT:
    case SQLITE_NOTADB:
      return corrupt(file, error.errstr || error.message);
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
      return new StoreUnavailableError(`${file} stayed locked by another process for ${busyTimeoutMs} ms: ${error.message}`);
    case SQLITE_READONLY:
    case SQLITE_IOERR:
    case SQLITE_CANTOPEN:
      return new StoreUnavailableError(`${file}: ${error.message}`);
    default:
      return error;
  }
}
