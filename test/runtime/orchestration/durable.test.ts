/** Durable sessions in one process: every step committed with its recording, replay, resume, daily caps, masked export. */
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { loadAgents } from "../../../compiler/load-agent.ts";
import { createMemoryStore, createRuntime, maskTape, replayTape, ResumeError, type TapeEntry, type ToolImplementation } from "../../../runtime/index.ts";
import { answer, exampleAgent, repoRoot, scriptedIntelligence } from "../support/agents.ts";

const input = { customerId: "c-1", orderId: "o12345", message: "broken mug, call +1 555 0100" };
const order = (total = 80) => ({ orderId: "o12345", total, currency: "USD", status: "delivered", items: [] });
const judge = (amount: number) => scriptedIntelligence({ judge: () => answer({ eligible: true, amount, reason: "broken" }) });
const tools = (over: Partial<Record<string, ToolImplementation>> = {}): Record<string, ToolImplementation> => ({
  getOrder: async () => order(),
  issueRefund: async (i: { orderId: string; amount: number }) => ({ refundId: `re_${i.orderId}`, status: "settled" }),
  ...over,
});
const temp = mkdtempSync(join(tmpdir(), "agentc-durable-"));
afterAll(() => rmSync(temp, { recursive: true, force: true }));

describe("durable sessions", () => {
  it("commits every step with its recording, and replays it with no divergence", async () => {
    const refund = await exampleAgent("refund");
    const store = createMemoryStore();
    const session = await createRuntime({ tools: tools(), intelligence: judge(50), store }).start(refund, input);
    const outcome = await session.result;
    const stored = (await store.getSession(session.id))!;
    expect(stored).toMatchObject({ status: "replied", steps: 3, outcome });
    const tape = stored.tape.map((r) => r.entry as TapeEntry);
    expect(tape.filter((e) => e.t === "slot").map((e) => (e.t === "slot" ? `${e.state}:${e.slot}` : ""))).toEqual(["lookup:tool", "judge:ask", "refund:tool"]);
    expect(tape.at(-1)).toEqual({ t: "end", outcome });
    const model = tape.find((e) => e.t === "model");
    expect(model).toMatchObject({ prompt: { name: "judge", version: 3 }, model: "openai:gpt-4.1-mini" });
    const replay = await replayTape(refund, stored.input, tape);
    expect(replay).toMatchObject({ same: true, divergence: undefined, outcome });
  });

  it("reports the first divergence when the recording does not match the machine", async () => {
    const refund = await exampleAgent("refund");
    const store = createMemoryStore();
    const session = await createRuntime({ tools: tools(), intelligence: judge(50), store }).start(refund, input);
    await session.result;
    const tape = (await store.getSession(session.id))!.tape.map((r) => r.entry as TapeEntry);
    // Someone edited the recorded order: the judge's prompt is the same, but the refund call's arguments are not.
    const edited = tape.map((e) => (e.t === "slot" && e.state === "lookup" && e.outcome.ok ? { ...e, outcome: { ok: true as const, value: { ...order(), orderId: "o99999" } } } : e));
    const replay = await replayTape(refund, input, edited.filter((e) => e.t !== "end"));
    expect(replay.same).toBe(true); // orderId is read from the input, not the order: the path holds
    const dropped = tape.filter((e) => !(e.t === "slot" && e.state === "refund"));
    const cut = await replayTape(refund, input, dropped);
    expect(cut.same).toBe(false);
    expect(cut.divergence).toEqual({ step: 3, message: 'the recording ends, but the agent runs refund (call issueRefund {"amount":50,"orderId":"o12345","reason":"broken"})' });
  });

  it("replays recorded inputs against a changed agent and shows where the path parts", async () => {
    const refund = await exampleAgent("refund");
    const store = createMemoryStore();
    const session = await createRuntime({ tools: tools(), intelligence: judge(50), store }).start(refund, input);
    await session.result;
    const tape = (await store.getSession(session.id))!.tape.map((r) => r.entry as TapeEntry);
    // The fix: approvals from 30 USD instead of 200.
    const dir = join(temp, "changed");
    cpSync(join(repoRoot, "agents"), dir, { recursive: true });
    writeFileSync(join(dir, "refund.agent"), readFileSync(join(dir, "refund.agent"), "utf8").replace("when verdict.amount > 200 -> approve", "when verdict.amount > 30 -> approve"));
    const changed = await loadAgents([join(dir, "refund.agent")], { root: temp });
    expect(changed.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
    const replay = await replayTape(changed.agents[0]!.module, input, tape);
    expect(replay.same).toBe(false);
    expect(replay.divergence).toEqual({ step: 3, message: 'recorded refund (call issueRefund {"amount":50,"orderId":"o12345","reason":"broken"}), but the agent runs approve (await human finance)' });
    expect(replay.path.map((s) => s.state)).toEqual(["lookup", "judge", "approve"]);
    expect(replay.recordedPath.map((s) => s.state)).toEqual(["lookup", "judge", "refund"]);
  });

  it("resumes a session after its process died mid-step: the step runs again with the same idempotency key", async () => {
    const refund = await exampleAgent("refund");
    const store = createMemoryStore();
    let now = 1_000_000;
    const clock = () => now;
    const keys: string[] = [];
    // First process: the payment call never returns (the process "dies" in it).
    const first = createRuntime({ tools: tools({ issueRefund: () => new Promise(() => undefined) }), intelligence: judge(50), store, clock, owner: "p1", leaseTtlMs: 10_000 });
    const dying = await first.start(refund, input);
    await new Promise((r) => setTimeout(r, 50));
    expect((await store.getSession(dying.id))!.status).toBe("running");
    const second = createRuntime({
      tools: tools({ issueRefund: async (i: { orderId: string }, ctx) => (keys.push(ctx.idempotencyKey!), { refundId: `re_${i.orderId}`, status: "settled" }) }),
      intelligence: judge(50),
      store,
      clock,
      owner: "p2",
      leaseTtlMs: 10_000,
    });
    await expect(second.resume(refund, dying.id)).rejects.toThrow(/being run by another process/);
    now += 20_000; // p1's lease expires
    const resumed = await second.resume(refund, dying.id);
    expect(await resumed.result).toMatchObject({ kind: "reply", output: { refundId: "re_o12345", amount: 50 } });
    expect(keys).toHaveLength(1);
    // The ledger resumes from the last commit, taken as the payment step began.
    expect(resumed.ledger().toolCalls).toEqual({ getOrder: 1, issueRefund: 1 });
    await expect(second.resume(refund, dying.id)).rejects.toBeInstanceOf(ResumeError);
  });

  it("refuses to resume with another build of the agent", async () => {
    const refund = await exampleAgent("refund");
    const store = createMemoryStore();
    const runtime = createRuntime({ tools: tools({ issueRefund: () => new Promise(() => undefined) }), intelligence: judge(50), store });
    const s = await runtime.start(refund, input, { machineHash: "sha256:old" });
    await new Promise((r) => setTimeout(r, 30));
    await expect(runtime.resume(refund, s.id)).rejects.toThrow(/another build of RefundAgent/);
  });

  it("a daily cost cap counted across sessions escalates the session that would cross it", async () => {
    const refund = await exampleAgent("refund");
    const store = createMemoryStore();
    // Each session: getOrder 0.0001 + judge (worst 0.001, spends 0.0005) + issueRefund 0.002 ≈ 0.0026 usd.
    const runtime = createRuntime({ tools: tools(), intelligence: judge(50), store, dailyCaps: { RefundAgent: { costUsd: 0.004 } } });
    expect((await runtime.run(refund, input)).kind).toBe("reply");
    const second = await runtime.start(refund, input);
    expect(await second.result).toMatchObject({ kind: "escalation", target: "support", reason: expect.stringMatching(/^daily cost cap of RefundAgent/) });
    expect((await store.dailySpend("RefundAgent", Date.now())).costUsd).toBeLessThanOrEqual(0.004);
  });

  it("exports a tape with @pii values masked, and the masked tape still replays", async () => {
    const refund = await exampleAgent("refund");
    const store = createMemoryStore();
    const session = await createRuntime({ tools: tools(), intelligence: judge(50), store }).start(refund, input);
    await session.result;
    const stored = (await store.getSession(session.id))!;
    const masked = maskTape(refund.metadata, stored.input, stored.tape.map((r) => r.entry as TapeEntry));
    const text = JSON.stringify(masked);
    expect(text).not.toContain(input.message);
    expect((masked.input as { message: string }).message).toMatch(/^\[pii:[0-9a-f]{8}\]$/);
    expect((await replayTape(refund, masked.input, masked.tape)).same).toBe(true);
  });
});


