/**
 * Two real processes share one store file: a lease held by one refuses the other until it
 * expires or is released, the stale owner's commit is refused, and two processes racing
 * read-modify-write steps on one session lose no update.
 */
import { spawn, type ChildProcessWithoutNullStreams } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { createInterface } from "node:readline";
import { afterAll, describe, expect, it } from "vitest";
import { openSqliteStore } from "../../../runtime/stores/index.ts";
import { newSession, T0 } from "./contract.ts";

const root = resolve(import.meta.dirname, "..", "..", "..");
const nodeBin = join(root, "node_modules", ".bin", "node");
const childScript = join(import.meta.dirname, "store-child.ts");
const dir = mkdtempSync(join(tmpdir(), "agentc-store-processes-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

interface Child {
  send(command: object): Promise<{ ok?: unknown; error?: string }>;
  ready: Promise<unknown>;
  end(): Promise<number | null>;
}

function child(path: string): Child {
  const proc: ChildProcessWithoutNullStreams = spawn(nodeBin, [childScript, path], { stdio: ["pipe", "pipe", "pipe"] });
  let stderr = "";
  proc.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
  const waiting: ((line: string) => void)[] = [];
  const exited = new Promise<number | null>((done) => proc.on("exit", (code) => done(code)));
  exited.then(() => {
    for (const w of waiting.splice(0)) w(JSON.stringify({ error: `child exited: ${stderr}` }));
  });
  createInterface({ input: proc.stdout }).on("line", (line) => waiting.shift()?.(line));
  const next = () => new Promise<string>((done) => waiting.push(done)).then((line) => JSON.parse(line) as { ok?: unknown; error?: string });
  const ready = next();
  return {
    ready,
    send(command) {
      const reply = next();
      proc.stdin.write(JSON.stringify(command) + "\n");
      return reply;
    },
    end() {
      proc.stdin.end();
      return exited;
    },
  };
}

async function sessionFile(name: string): Promise<string> {
  const path = join(dir, name);
  const store = openSqliteStore(path);
  await store.createSession(newSession("s1"));
  await store.close();
  return path;
}

describe("sqlite store: two processes", () => {
  it("one lease at a time across processes; the stale owner's commit is refused", async () => {
    const path = await sessionFile("lease.db");
    const a = child(path);
    const b = child(path);
    try {
      await Promise.all([a.ready, b.ready]);
      expect(await a.send({ op: "acquire", id: "s1", owner: "A", ttlMs: 100, now: T0 })).toEqual({ ok: true });
      expect(await b.send({ op: "acquire", id: "s1", owner: "B", ttlMs: 100, now: T0 + 50 })).toEqual({ ok: false });
      expect(await a.send({ op: "commit", id: "s1", owner: "A", entry: "a1", at: T0 + 60 })).toEqual({ ok: null });
      expect(await b.send({ op: "commit", id: "s1", owner: "B", entry: "b-refused", at: T0 + 70 })).toEqual({ error: "LeaseLostError" });
      expect(await b.send({ op: "acquire", id: "s1", owner: "B", ttlMs: 100, now: T0 + 100 })).toEqual({ ok: true }); // A's lease expired
      expect(await a.send({ op: "commit", id: "s1", owner: "A", entry: "a-stale", at: T0 + 110 })).toEqual({ error: "LeaseLostError" });
      expect(await a.send({ op: "acquire", id: "s1", owner: "A", ttlMs: 100, now: T0 + 150 })).toEqual({ ok: false });
      expect(await b.send({ op: "commit", id: "s1", owner: "B", entry: "b1", at: T0 + 120 })).toEqual({ ok: null });
      expect(await b.send({ op: "release", id: "s1", owner: "B" })).toEqual({ ok: null });
      expect(await a.send({ op: "acquire", id: "s1", owner: "A", ttlMs: 100, now: T0 + 160 })).toEqual({ ok: true });
    } finally {
      expect(await a.end()).toBe(0);
      expect(await b.end()).toBe(0);
    }
    const store = openSqliteStore(path);
    const s = await store.getSession("s1");
    expect(s?.tape).toEqual([{ seq: 0, entry: "a1" }, { seq: 1, entry: "b1" }]);
    expect(s?.snapshot).toEqual({ counter: 2 });
    await store.close();
  });

  it("two processes racing read-modify-write steps on one session lose no update", async () => {
    const path = await sessionFile("race.db");
    const commits = 150;
    const a = child(path);
    const b = child(path);
    let replies: { ok?: unknown; error?: string }[] = [];
    try {
      await Promise.all([a.ready, b.ready]);
      replies = await Promise.all([a.send({ op: "race", id: "s1", owner: "A", commits }), b.send({ op: "race", id: "s1", owner: "B", commits })]);
    } finally {
      expect(await a.end()).toBe(0);
      expect(await b.end()).toBe(0);
    }
    expect(replies.map((r) => r.error)).toEqual([undefined, undefined]);
    const store = openSqliteStore(path);
    const s = await store.getSession("s1");
    await store.close();
    const entries = s!.tape.map((t) => t.entry as { owner: string; counter: number });
    expect(s?.snapshot).toEqual({ counter: 2 * commits });
    expect(s?.tape.map((t) => t.seq)).toEqual(Array.from({ length: 2 * commits }, (_, i) => i));
    expect(entries.map((e) => e.counter)).toEqual(Array.from({ length: 2 * commits }, (_, i) => i + 1));
    expect(entries.filter((e) => e.owner === "A")).toHaveLength(commits);
    expect(s?.steps).toBe(2 * commits);
  }, 60_000);
});
