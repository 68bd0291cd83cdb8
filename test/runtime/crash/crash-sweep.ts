/**
 * The crash sweep behind test/runtime/crash/crash.test.ts (100 kills) and `npm run soak`
 * (1,000): worker processes (child.ts) drive refund sessions and SIGKILL themselves at varying
 * crash points; the next worker resumes whatever is unfinished. A Stripe-like payment API on
 * 127.0.0.1 stores the first result per idempotency key and logs every attempt.
 */
import { execFile } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { checkFiles } from "../../../compiler/check.ts";
import { emitMachine } from "../../../compiler/emit/machine/emit-machine.ts";
import { lowerAgent } from "../../../compiler/ir/lower.ts";
import { machineModuleJs } from "../../../compiler/load-agent.ts";
import { openSqliteStore } from "../../../runtime/stores/sqlite.ts";

export interface SweepResult {
  readonly kills: number;
  readonly workers: number;
  readonly sessions: { readonly id: string; readonly status: string; readonly outcome: unknown }[];
  /** Per idempotency key: attempts the API saw and effects it made. */
  readonly keys: ReadonlyMap<string, { attempts: number; effects: number; sessions: Set<string> }>;
  /** Payment requests per session (one key each if no step repeated its call with another key). */
  readonly keysPerSession: ReadonlyMap<string, Set<string>>;
}

export async function crashSweep(options: { readonly kills: number; readonly sessions: number; readonly seed?: number }): Promise<SweepResult> {
  const repo = join(import.meta.dirname, "..", "..", "..");
  const dir = mkdtempSync(join(tmpdir(), "agentc-crash-"));
  const keys = new Map<string, { attempts: number; effects: number; sessions: Set<string>; response: string }>();
  const keysPerSession = new Map<string, Set<string>>();
  const server = createServer((req, res) => {
    let body = "";
    req.on("data", (c: Buffer) => (body += c.toString("utf8")));
    req.on("end", () => {
      const key = String(req.headers["idempotency-key"] ?? "");
      const orderId = (JSON.parse(body) as { orderId: string }).orderId;
      const session = orderId;
      let entry = keys.get(key);
      if (entry === undefined) {
        entry = { attempts: 0, effects: 0, sessions: new Set(), response: JSON.stringify({ id: `re_${keys.size + 1}` }) };
        entry.effects += 1; // the money moves once per key
        keys.set(key, entry);
      }
      entry.attempts += 1;
      entry.sessions.add(session);
      const perSession = keysPerSession.get(session) ?? new Set<string>();
      perSession.add(key);
      keysPerSession.set(session, perSession);
      res.writeHead(200, { "content-type": "application/json" }).end(entry.response);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const paymentUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  try {
    const checked = checkFiles([join(repo, "agents", "refund.agent")], { root: repo });
    const machine = join(dir, "machine.mjs");
    writeFileSync(machine, machineModuleJs(emitMachine(lowerAgent(checked.agents[0]!))));
    const store = join(dir, "sessions.db");
    const ids = Array.from({ length: options.sessions }, (_, i) => `s${String(i + 1).padStart(5, "0")}`);
    let random = options.seed ?? 1;
    const next = (n: number): number => {
      random = (random * 1103515245 + 12345) % 2 ** 31;
      return random % n;
    };
    let kills = 0;
    let workers = 0;
    // Each worker takes the unfinished sessions; most die at a crash point, every tenth runs clean.
    for (;;) {
      const pending = await unfinished(store, ids);
      if (pending.length === 0) break;
      if (workers > options.kills * 3 + options.sessions) throw new Error(`no progress after ${workers} workers`);
      const crashAt = kills < options.kills && workers % 10 !== 9 ? 1 + next(14) : 0;
      workers += 1;
      const killed = await runWorker({ STORE: store, MACHINE: pathToFileURL(machine).href, PAYMENT_URL: paymentUrl, SESSIONS: pending.slice(0, 2).join(","), CRASH_AT: String(crashAt) });
      if (killed) kills += 1;
    }
    const db = openSqliteStore(store);
    const sessions = [];
    for (const id of ids) {
      const s = await db.getSession(id);
      sessions.push({ id, status: s?.status ?? "missing", outcome: s?.outcome });
    }
    await db.close();
    const orderToSession = new Map(ids.map((id) => [`o${id.replace(/\D/g, "").padStart(5, "0")}`, id]));
    const bySession = new Map([...keysPerSession].map(([order, set]) => [orderToSession.get(order) ?? order, set]));
    return { kills, workers, sessions, keys, keysPerSession: bySession };
  } finally {
    await new Promise((resolve) => server.close(resolve));
    rmSync(dir, { recursive: true, force: true });
  }
}

async function unfinished(store: string, ids: readonly string[]): Promise<string[]> {
  let db;
  try {
    db = openSqliteStore(store);
  } catch {
    return [...ids];
  }
  const out: string[] = [];
  for (const id of ids) {
    const s = await db.getSession(id);
    if (s === undefined || s.status === "running") out.push(id);
  }
  await db.close();
  return out;
}

function runWorker(env: Record<string, string>): Promise<boolean> {
  const child = join(import.meta.dirname, "child.ts");
  return new Promise((resolve, reject) => {
    execFile(process.execPath, [child], { env: { ...process.env, ...env }, timeout: 60_000 }, (error, _stdout, stderr) => {
      if (error === null) return resolve(false);
      if ((error as { signal?: string }).signal === "SIGKILL") return resolve(true);
      reject(new Error(`worker failed: ${error.message}\n${stderr}`));
    });
  });
}
