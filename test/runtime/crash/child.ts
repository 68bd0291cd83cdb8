/**
 * A worker process for the crash test: drives the refund agent's sessions listed in SESSIONS
 * (starting new ones, resuming interrupted ones) against a sqlite store, and kills itself with
 * SIGKILL at the CRASH_AT-th crash point — before or after a tool call, between the payment
 * API's side effect and the checkpoint, before or after a commit. The payment tool calls a
 * Stripe-like fake API over HTTP with the runtime's idempotency key.
 */
import { createRuntime, openSqliteStore, type AgentModule, type Intelligence, type SessionStore, type ToolImplementation } from "../../../runtime/index.ts";

const env = process.env;
const crashAt = Number(env["CRASH_AT"] ?? "0");
let points = 0;
function point(): void {
  points += 1;
  if (points === crashAt) process.kill(process.pid, "SIGKILL");
}

const module = (await import(env["MACHINE"]!)) as AgentModule<never>;
const base = openSqliteStore(env["STORE"]!);
const store: SessionStore = {
  ...base,
  idempotency: base.idempotency,
  createSession: (s) => base.createSession(s),
  getSession: (id) => base.getSession(id),
  listSessions: (f) => base.listSessions(f),
  dueWaits: (n) => base.dueWaits(n),
  acquireLease: (id, o, t, n) => base.acquireLease(id, o, t, n),
  releaseLease: (id, o) => base.releaseLease(id, o),
  dailySpend: (a, t) => base.dailySpend(a, t),
  prune: (b) => base.prune(b),
  close: () => base.close(),
  async commitStep(commit) {
    point();
    await base.commitStep(commit);
    point();
  },
};

const tools: Record<string, ToolImplementation> = {
  async getOrder({ orderId }: { orderId: string }) {
    point();
    return { orderId, total: 150, currency: "USD", status: "delivered", items: [] };
  },
  async issueRefund(input: { orderId: string; amount: number; reason: string }, ctx) {
    point();
    const res = await fetch(`${env["PAYMENT_URL"]}/refunds`, { method: "POST", headers: { "content-type": "application/json", "idempotency-key": ctx.idempotencyKey! }, body: JSON.stringify(input), signal: ctx.signal });
    const body = (await res.json()) as { id: string };
    point(); // the money moved; the step is not committed yet
    return { refundId: body.id, status: "settled" };
  },
};

const intelligence: Intelligence = {
  async ask(step) {
    point();
    const decision = step.guard({ model: step.models.primary, kind: "ask", inputTokens: 200, maxOutputTokens: step.maxTokens, worstCaseCostUsd: 0.0005 });
    if (!decision.allow) return { kind: "stopped", reason: decision.reason };
    step.onRequest({ model: step.models.primary, provider: "openai", kind: "ask", usage: { inputTokens: 150, outputTokens: 20 }, costUsd: 0.0001, durationMs: 1, ok: true, promptText: "judge", responseText: "{}" });
    return { kind: "outcome", outcome: { ok: true, value: { eligible: true, amount: 42, reason: "broken" } } };
  },
  async loop() {
    throw new Error("not used");
  },
};

const runtime = createRuntime({ tools, intelligence, store, owner: `child-${process.pid}`, leaseTtlMs: 1 });
for (const id of env["SESSIONS"]!.split(",")) {
  const stored = await store.getSession(id);
  if (stored !== undefined && stored.status !== "running") continue;
  const session = stored === undefined ? await runtime.start(module, { customerId: "c-1", orderId: `o${id.replace(/\D/g, "").padStart(5, "0")}`, message: "broken" } as never, { sessionId: id }) : await runtime.resume(module, id);
  await session.result;
  await new Promise((resolve) => setImmediate(resolve));
}
await store.close();
