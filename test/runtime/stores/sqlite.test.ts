/**
 * The node:sqlite session store: the shared contract, its durability settings, reopening, and
 * files it must refuse without changing them (random bytes, cut in half, a newer schema,
 * another program's database), a full store, values JSON cannot hold.
 */
import { randomBytes } from "node:crypto";
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, truncateSync, writeFileSync } from "node:fs";
import { DatabaseSync } from "node:sqlite";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { openSqliteStore, SQLITE_SCHEMA_VERSION, StoreFullError, StoreUnavailableError, type SqliteSessionStore } from "../../../runtime/stores/index.ts";
import { newSession, sessionStoreContract, step, T0, wait } from "./contract.ts";

const dir = mkdtempSync(join(tmpdir(), "agentc-sqlite-store-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let files = 0;
const freshPath = () => join(dir, `store-${++files}.db`);

sessionStoreContract("sqlite", async () => openSqliteStore(freshPath()));
sessionStoreContract("sqlite :memory:", async () => openSqliteStore(":memory:"));

/** A store with a few sessions, spend and idempotency records, closed. */
async function populated(path: string, sessions = 3): Promise<void> {
  const store = openSqliteStore(path);
  for (let i = 0; i < sessions; i++) {
    const id = `s${i}`;
    await store.createSession(newSession(id, { createdAt: T0 + i }));
    await store.acquireLease(id, "w1", 60_000, T0);
    await store.commitStep(step(id, "w1", 1, { snapshot: { blob: "x".repeat(2_000), i } }));
    await store.idempotency.put(`k${i}`, { tool: "pay", argsHash: "h", value: { i }, storedAt: T0 });
  }
  await store.close();
}

function expectRefused(path: string, message: RegExp): void {
  const before = readFileSync(path);
  let error: unknown;
  try {
    openSqliteStore(path);
  } catch (e) {
    error = e;
  }
  expect(error).toBeInstanceOf(StoreUnavailableError);
  expect((error as Error).message).toContain(path);
  expect((error as Error).message).toMatch(message);
  expect(readFileSync(path).equals(before)).toBe(true);
}

describe("sqlite store: settings", () => {
  it("uses WAL with synchronous=NORMAL and a busy timeout by default", async () => {
    const store = openSqliteStore(freshPath());
    expect(store.settings()).toEqual({ journalMode: "wal", synchronous: "normal", busyTimeoutMs: 5_000, schemaVersion: SQLITE_SCHEMA_VERSION });
    await store.close();
  });

  it("fsyncs every commit (synchronous=FULL) with durability full", async () => {
    const store = openSqliteStore(freshPath(), { durability: "full", busyTimeoutMs: 250 });
    expect(store.settings()).toMatchObject({ journalMode: "wal", synchronous: "full", busyTimeoutMs: 250 });
    await store.close();
  });

  it("leaves the file in WAL mode for every connection", async () => {
    const path = freshPath();
    await populated(path, 1);
    const raw = new DatabaseSync(path);
    expect(raw.prepare("PRAGMA journal_mode").get()).toEqual({ journal_mode: "wal" });
    raw.close();
  });

  it("creates the store's folder", async () => {
    const path = join(dir, "nested", "deeper", "sessions.db");
    const store = openSqliteStore(path);
    expect(store.path).toBe(path);
    await store.close();
    expect(existsSync(path)).toBe(true);
  });
});

describe("sqlite store: durability", () => {
  it("keeps everything across close and reopen", async () => {
    const path = freshPath();
    const store = openSqliteStore(path);
    await store.createSession(newSession("s1"));
    await store.acquireLease("s1", "w1", 60_000, T0);
    await store.commitStep(step("s1", "w1", 1));
    await store.commitStep(step("s1", "w1", 2, { status: "waiting", waiting: wait(T0 + 10) }));
    await store.createSession(newSession("s2", { createdAt: T0 + 1 }));
    await store.idempotency.put("k", { tool: "pay", argsHash: "h", value: { id: 1 }, storedAt: T0 });
    const before = { s1: await store.getSession("s1"), list: await store.listSessions() };
    await store.close();

    const again = openSqliteStore(path);
    expect(await again.getSession("s1")).toEqual(before.s1);
    expect(await again.listSessions()).toEqual(before.list);
    expect((await again.dueWaits(T0 + 10)).map((s) => s.id)).toEqual(["s1"]);
    expect(await again.dailySpend("refund", T0)).toEqual({ tokens: 200, costUsd: 0.02 });
    expect(await again.idempotency.get("k")).toEqual({ tool: "pay", argsHash: "h", value: { id: 1 }, storedAt: T0 });
    // the lease survives too: another owner cannot take it before it expires
    expect(await again.acquireLease("s1", "w2", 60_000, T0 + 1)).toBe(false);
    expect(await again.acquireLease("s1", "w1", 60_000, T0 + 1)).toBe(true);
    await again.close();
  });

  it("opens an empty file as a new store", async () => {
    const path = freshPath();
    writeFileSync(path, "");
    const store = openSqliteStore(path);
    expect(await store.listSessions()).toEqual([]);
    await store.close();
  });

  it("writes nothing of a step whose values JSON cannot hold", async () => {
    const store = openSqliteStore(freshPath());
    await store.createSession(newSession("s1"));
    await store.acquireLease("s1", "w1", 60_000, T0);
    await store.commitStep(step("s1", "w1", 1));
    await expect(store.commitStep(step("s1", "w1", 2, { tape: [{ ok: 1 }, { big: 10n }] }))).rejects.toThrow(TypeError);
    const s = await store.getSession("s1");
    expect(s?.steps).toBe(1);
    expect(s?.tape).toHaveLength(1);
    await store.close();
  });
});

describe("sqlite store: files it refuses", () => {
  it("refuses random bytes, naming the file and what to do, without changing it", () => {
    const path = freshPath();
    writeFileSync(path, randomBytes(8_192));
    expectRefused(path, /not an SQLite database.*not changed.*Restore it from a backup, or move it aside/s);
  });

  it("refuses a text file shorter than a header", () => {
    const path = freshPath();
    writeFileSync(path, "hello");
    expectRefused(path, /not an SQLite database/);
  });

  it("refuses a store cut in half", async () => {
    const path = freshPath();
    await populated(path, 40);
    truncateSync(path, Math.floor(statSync(path).size / 2));
    expectRefused(path, /truncated/);
  });

  it("refuses a store whose pages were overwritten (corrupt on read)", async () => {
    const path = freshPath();
    await populated(path, 40);
    const bytes = readFileSync(path);
    const pageSize = bytes.readUInt16BE(16);
    randomBytes(bytes.length - pageSize).copy(bytes, pageSize); // keep the header page, ruin the rest
    writeFileSync(path, bytes);
    let error: unknown;
    try {
      const store = openSqliteStore(path);
      await store.listSessions();
      await store.getSession("s1");
      await store.close();
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(StoreUnavailableError);
    expect((error as Error).message).toContain(path);
  });

  it("refuses a store written by a newer schema", async () => {
    const path = freshPath();
    await populated(path, 1);
    const raw = new DatabaseSync(path);
    raw.exec(`PRAGMA user_version = ${SQLITE_SCHEMA_VERSION + 1}`);
    raw.close();
    expectRefused(path, new RegExp(`newer agentc \\(store schema ${SQLITE_SCHEMA_VERSION + 1}; this one reads schema ${SQLITE_SCHEMA_VERSION}\\)`));
  });

  it("refuses another program's SQLite database", () => {
    const path = freshPath();
    const raw = new DatabaseSync(path);
    raw.exec("CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT); INSERT INTO notes (body) VALUES ('keep me')");
    raw.close();
    expectRefused(path, /not an agentc session store/);
  });
});

describe("sqlite store: a full disk", () => {
  it("fails the step with StoreFullError and keeps the last committed state", async () => {
    const path = freshPath();
    await populated(path, 1);
    const pages = Math.ceil(statSync(path).size / 4_096) + 2;
    const store: SqliteSessionStore = openSqliteStore(path, { maxPages: pages });
    await store.acquireLease("s0", "w1", 60_000, T0);
    const before = await store.getSession("s0");
    const huge = step("s0", "w1", 2, { snapshot: { blob: "y".repeat(200_000) }, tape: [{ big: "z".repeat(100_000) }], spend: { tokens: 5, costUsd: 1 } });
    const error = await store.commitStep(huge).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StoreFullError);
    expect((error as Error).message).toMatch(/disk is full.*last committed state is intact/);
    expect(await store.getSession("s0")).toEqual(before);
    expect(await store.dailySpend("refund", T0)).toEqual({ tokens: 100, costUsd: 0.01 });
    // a step that fits still commits
    await store.commitStep(step("s0", "w1", 2));
    expect((await store.getSession("s0"))?.steps).toBe(2);
    await store.close();
    const again = openSqliteStore(path);
    expect((await again.getSession("s0"))?.tape).toHaveLength(2);
    await again.close();
  });
});
