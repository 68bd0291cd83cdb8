/**
 * Session store benchmark (issue 5): the per-step cost of `commitStep` on the node:sqlite store
 * against a raw node:sqlite INSERT of the same snapshot bytes, and durable steps per second on
 * one connection (durability "normal"). Used by bench/run.ts; `node bench/store.ts` prints it.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DatabaseSync } from "node:sqlite";
import { openSqliteStore } from "../runtime/stores/sqlite.ts";
import type { StepCommit } from "../runtime/stores/types.ts";

export interface StoreMetric {
  readonly metric: string;
  readonly value: number;
  readonly unit: string;
  readonly note: string;
}

const STEPS_PER_SESSION = 40;
const STEPS_PER_ROUND = 4_000;
const ROUNDS = 7;

/** A refund agent's persisted XState snapshot mid-session: about 3 KB of JSON. */
export function realisticSnapshot(step: number): unknown {
  const items = Array.from({ length: 10 }, (_, i) => ({ sku: `SKU-${1000 + i}`, title: `Wireless earbuds, model ${i}, charging case included`, quantity: 1 + (i % 3), unitPrice: 49.99 + i, refundable: i % 4 !== 0 }));
  return {
    status: "active",
    value: step % 2 ? "decide" : "lookup",
    historyValue: {},
    context: {
      input: { orderId: "ord_8f3a2c91", customer: { id: "cus_41d9", email: "jane.doe@example.com", name: "Jane Doe", tier: "gold" }, message: "My earbuds stopped working after two weeks, I'd like a refund please." },
      results: {
        lookup: { order: { id: "ord_8f3a2c91", placedAt: "2026-02-14T10:22:31Z", currency: "EUR", total: 329.94, items, shipping: { carrier: "DHL", tracking: "JD014600006281234567", deliveredAt: "2026-02-17T15:02:11Z" } } },
        classify: { category: "defect", confidence: 0.93, summary: "Customer reports earbuds failing after two weeks of normal use; within warranty and return window." },
        policy: { eligible: true, maxAmount: 329.94, reason: "Defective item within 30 days", requiresApproval: false, rules: ["defect-30d", "gold-tier-no-restock-fee"] },
      },
      step,
      turns: [
        { role: "user", text: "My earbuds stopped working after two weeks, I'd like a refund please. The left one does not charge any more." },
        { role: "assistant", text: "I'm sorry to hear that. Let me check your order and our returns policy." },
        { role: "tool", name: "lookupOrder", ok: true },
        { role: "tool", name: "checkPolicy", ok: true },
      ],
    },
    children: {},
    tags: [],
  };
}

/** A step's recording: the request that led to the decision, the model's answer, a clock reading. */
function realisticTape(step: number): unknown[] {
  return [
    { kind: "request", step, state: "decide", slot: "ask", prompt: { name: "decide", version: 3 }, text: "You are a refunds assistant. Given the order, the customer's message and the policy result, decide whether to refund, and how much. Answer with the schema.".repeat(2) },
    { kind: "model", step, model: "openai:gpt-4o-mini", usage: { inputTokens: 812, outputTokens: 64 }, output: { decision: "refund", amount: 49.99, note: "Defective item, within policy." } },
    { kind: "clock", step, now: 1_772_323_200_000 + step },
  ];
}

interface Round {
  readonly ms: number;
  readonly cpuMs: number;
}

function cpuMsSince(start: NodeJS.CpuUsage): number {
  const used = process.cpuUsage(start);
  return (used.user + used.system) / 1_000;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

export async function benchStore(): Promise<StoreMetric[]> {
  const dir = mkdtempSync(join(tmpdir(), "agentc-bench-store-"));
  try {
    const store = openSqliteStore(join(dir, "sessions.db"));
    const raw = new DatabaseSync(join(dir, "raw.db"));
    raw.exec("PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; CREATE TABLE raw (id INTEGER PRIMARY KEY, body TEXT NOT NULL)");
    const rawInsert = raw.prepare("INSERT INTO raw (body) VALUES (?)");

    const snapshots = Array.from({ length: STEPS_PER_SESSION }, (_, i) => realisticSnapshot(i));
    const snapshotJson = snapshots.map((s) => JSON.stringify(s));
    const tapes = Array.from({ length: STEPS_PER_SESSION }, (_, i) => realisticTape(i));
    const snapshotBytes = Buffer.byteLength(snapshotJson[0]!);
    const tapeBytes = tapes[0]!.reduce<number>((n, e) => n + Buffer.byteLength(JSON.stringify(e)), 0);

    let sessions = 0;
    /** Commits `STEPS_PER_ROUND` steps over fresh sessions of `STEPS_PER_SESSION` steps; wall and CPU ms spent in commitStep only. */
    const storeRound = async (): Promise<Round> => {
      let ms = 0;
      let cpuMs = 0;
      for (let done = 0; done < STEPS_PER_ROUND; done += STEPS_PER_SESSION) {
        const id = `bench-${++sessions}`;
        await store.createSession({ id, agent: { name: "refund", version: 3, file: "/agents/refund.agent", machineHash: "sha256:00" }, input: { orderId: "ord_8f3a2c91" }, createdAt: Date.now() });
        await store.acquireLease(id, "bench", 60_000, Date.now());
        const start = performance.now();
        const cpu = process.cpuUsage();
        for (let i = 0; i < STEPS_PER_SESSION; i++) {
          const commit: StepCommit = {
            sessionId: id,
            owner: "bench",
            status: i === STEPS_PER_SESSION - 1 ? "replied" : "running",
            snapshot: snapshots[i],
            ledger: { steps: i + 1, tokens: 876 * (i + 1), costUsd: 0.0004 * (i + 1), toolCalls: { lookupOrder: 1 }, startedAt: 0 },
            outcome: i === STEPS_PER_SESSION - 1 ? { kind: "reply", output: { decision: "refund" } } : undefined,
            waiting: undefined,
            tape: tapes[i]!,
            spend: { tokens: 876, costUsd: 0.0004 },
            at: Date.now(),
          };
          await store.commitStep(commit);
        }
        ms += performance.now() - start;
        cpuMs += cpuMsSince(cpu);
      }
      return { ms, cpuMs };
    };
    const rawRound = (): Round => {
      const start = performance.now();
      const cpu = process.cpuUsage();
      for (let done = 0; done < STEPS_PER_ROUND; done++) rawInsert.run(snapshotJson[done % STEPS_PER_SESSION]!);
      return { ms: performance.now() - start, cpuMs: cpuMsSince(cpu) };
    };

    await storeRound(); // warm-up
    rawRound();
    const storeRounds: Round[] = [];
    const rawRounds: Round[] = [];
    for (let r = 0; r < ROUNDS; r++) {
      storeRounds.push(await storeRound()); // interleaved, so both see the same machine load
      rawRounds.push(rawRound());
    }
    await store.close();
    raw.close();

    const us = (rounds: Round[], key: keyof Round) => (median(rounds.map((r) => r[key])) * 1_000) / STEPS_PER_ROUND;
    const perStepUs = us(storeRounds, "ms");
    const rawUs = us(rawRounds, "ms");
    const cpuRatio = us(storeRounds, "cpuMs") / us(rawRounds, "cpuMs");
    const shape = `snapshot ${(snapshotBytes / 1024).toFixed(1)} KB + ${tapes[0]!.length} tape entries (${(tapeBytes / 1024).toFixed(1)} KB) + ledger + spend`;
    return [
      {
        metric: "store.sqlite.step_ratio_vs_raw_insert",
        value: perStepUs / rawUs,
        unit: "x",
        note: `commitStep ${perStepUs.toFixed(1)} µs/step (${shape}, serialisation included) vs a raw INSERT of the same snapshot JSON ${rawUs.toFixed(1)} µs; both WAL, synchronous=NORMAL; CPU-time ratio ${cpuRatio.toFixed(2)}; goal ≤ 1.2`,
      },
      { metric: "store.sqlite.steps_per_s", value: 1e6 / perStepUs, unit: "steps/s", note: `one connection, durability normal, ${shape}; ${(1e6 / us(storeRounds, "cpuMs")).toFixed(0)} by CPU time; goal ≥ 10,000` },
    ];
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (import.meta.main) {
  for (const m of await benchStore()) console.log(`${m.metric}  ${m.value.toFixed(2)} ${m.unit}  ${m.note}`);
}
