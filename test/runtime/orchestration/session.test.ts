/** Sessions of the example agents through the real runtime: guards, kill switches, events, redaction. */
import { describe, expect, it } from "vitest";
import { AgentDisabledError, createRuntime, InvalidInputError, ToolError, memoryFlagsSource, type SessionEvent, type ToolImplementation } from "../../../runtime/index.ts";
import { answer, exampleAgent, scriptedIntelligence } from "../support/agents.ts";

const refundInput = { customerId: "c-1", orderId: "o12345", message: "my parcel arrived broken, call me at +1 555 0100" };
const order = (status = "delivered", total = 80) => ({ orderId: "o12345", total, currency: "USD", status, items: [{ sku: "A-1", quantity: 1, price: total }] });

function refundTools(over: Partial<Record<"getOrder" | "issueRefund", ToolImplementation>> = {}) {
  const calls: string[] = [];
  const tools: Record<string, ToolImplementation> = {
    getOrder: over.getOrder ?? (async () => (calls.push("getOrder"), order())),
    issueRefund: over.issueRefund ?? (async (input: { amount: number }) => (calls.push(`issueRefund ${input.amount}`), { refundId: "r-77", status: "settled" })),
  };
  return { tools, calls };
}

const judge = (amount: number, eligible = true) => scriptedIntelligence({ judge: () => answer({ eligible, amount, reason: "broken on arrival" }) });

const kinds = (events: readonly SessionEvent[]) => events.map((e) => (e.type === "decision" ? `${e.from}->${e.to}` : e.type === "guard" ? `guard:${e.guard}:${e.effect}` : e.type));

describe("runtime sessions", () => {
  it("runs the refund agent to a typed reply and reports every step", async () => {
    const refund = await exampleAgent("refund");
    const { tools, calls } = refundTools();
    const runtime = createRuntime({ tools, intelligence: judge(50) });
    const session = await runtime.start(refund, refundInput);
    const outcome = await session.result;
    expect(outcome).toEqual({ kind: "reply", output: { reply: "Refund r-77 of 50 is on its way.", refundId: "r-77", amount: 50 } });
    expect(calls).toEqual(["getOrder", "issueRefund 50"]);
    expect(kinds(session.events)).toEqual([
      "session.started",
      "step.started",
      "tool.call",
      "lookup->judge",
      "step.started",
      "model.request",
      "judge->refund",
      "step.started",
      "tool.call",
      "refund->replied",
      "session.finished",
    ]);
    expect(session.ledger()).toMatchObject({ steps: 3, tokens: 150, toolCalls: { getOrder: 1, issueRefund: 1 } });
    const refundCall = session.events.find((e) => e.type === "tool.call" && e.tool === "issueRefund");
    expect(refundCall).toMatchObject({ ok: true, idempotencyKeyHash: expect.stringMatching(/^[0-9a-f]{16}$/) });
  });

  it("refuses an invalid input with the field's path", async () => {
    const refund = await exampleAgent("refund");
    const runtime = createRuntime({ tools: refundTools().tools, intelligence: judge(1) });
    const error = await runtime.start(refund, { ...refundInput, orderId: "12" }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InvalidInputError);
    expect((error as InvalidInputError).field).toBe("orderId");
  });

  it("a disabled tool fails before reaching the tool and the state's failure path runs", async () => {
    const refund = await exampleAgent("refund");
    const { tools, calls } = refundTools();
    const flags = memoryFlagsSource({ "tool.getOrder.disabled": true });
    const session = await createRuntime({ tools, intelligence: judge(1), flags }).start(refund, refundInput);
    expect(await session.result).toEqual({ kind: "escalation", target: "support", reason: "orders service unavailable" });
    expect(calls).toEqual([]);
    expect(session.events).toContainEqual(expect.objectContaining({ type: "guard", guard: "tool-disabled", effect: "blocked", state: "lookup" }));
  });

  it("a disabled agent refuses new sessions and escalates sessions in flight at their next step", async () => {
    const refund = await exampleAgent("refund");
    const flags = memoryFlagsSource();
    const { tools } = refundTools({
      getOrder: async () => {
        flags.set("agent.RefundAgent.disabled", true);
        return order();
      },
    });
    const runtime = createRuntime({ tools, intelligence: judge(10), flags });
    const session = await runtime.start(refund, refundInput);
    const outcome = await session.result;
    expect(outcome).toMatchObject({ kind: "escalation", target: "support", reason: expect.stringContaining("agent.RefundAgent.disabled") });
    await expect(runtime.start(refund, refundInput)).rejects.toBeInstanceOf(AgentDisabledError);
  });

  it("force-escalate hands every session to the default target", async () => {
    const refund = await exampleAgent("refund");
    const flags = memoryFlagsSource({ "agent.RefundAgent.forceEscalate": true });
    const { tools, calls } = refundTools();
    const outcome = await createRuntime({ tools, intelligence: judge(1), flags }).run(refund, refundInput);
    expect(outcome).toMatchObject({ kind: "escalation", target: "support", reason: expect.stringContaining("force-escalated") });
    expect(calls).toEqual([]);
  });

  it("fails closed when the flags cannot be read, and says so", async () => {
    const refund = await exampleAgent("refund");
    const { tools, calls } = refundTools();
    const flags = {
      description: "broken",
      read: () => {
        throw new Error("permission denied");
      },
    };
    const outcome = await createRuntime({ tools, intelligence: judge(1), flags }).run(refund, refundInput);
    expect(outcome).toEqual({ kind: "escalation", target: "support", reason: "flags unavailable, failing closed: permission denied" });
    expect(calls).toEqual([]);
  });

  it("escalates instead of calling the model when the request could exceed the token budget", async () => {
    const refund = await exampleAgent("refund");
    const { tools, calls } = refundTools();
    // 15,000 tokens in the budget; this model would report prompts of 14,700 tokens.
    const intelligence = scriptedIntelligence({ judge: () => answer({ eligible: true, amount: 1, reason: "x" }) }, { inputTokens: 14_700, outputTokens: 10 });
    const session = await createRuntime({ tools, intelligence }).start(refund, refundInput);
    const outcome = await session.result;
    expect(outcome).toMatchObject({ kind: "escalation", target: "support", reason: expect.stringMatching(/^token budget: this ask request could use 15100 tokens/) });
    expect(session.events.some((e) => e.type === "model.request")).toBe(false);
    expect(calls).toEqual(["getOrder"]);
  });

  it("a tool over its calls per session escalates and raises an alert; a tool outside the allow-list is blocked, never executed", async () => {
    const triage = await exampleAgent("incident-triage");
    const executed: string[] = [];
    const tools: Record<string, ToolImplementation> = {
      searchLogs: async () => (executed.push("searchLogs"), { lines: ["timeout talking to db"], truncated: false }),
      getMetrics: async () => (executed.push("getMetrics"), { points: [], unit: "ms" }),
      recentDeploys: async () => (executed.push("recentDeploys"), { deploys: [{ version: "v1", at: "2026-11-24T02:00:00Z", author: "dana@example.com" }] }),
    };
    const replies: string[] = [];
    const intelligence = scriptedIntelligence({
      diagnose: async (step) => {
        if (!("callTool" in step)) throw new Error("expected a loop");
        const blocked = await step.callTool("deleteDatabase", { really: true });
        replies.push(blocked.ok ? "ok" : blocked.message);
        for (let i = 0; i < 3; i++) {
          const r = await step.callTool("recentDeploys", { service: "checkout-api", hours: 2 });
          replies.push(r.ok ? "ok" : r.message);
        }
        return answer({ cause: "x", confidence: 0.9, evidence: [] }, 1);
      },
    });
    const session = await createRuntime({ tools, intelligence }).start(triage, { alertName: "HighErrorRate", service: "checkout-api", severity: "sev2", startedAt: "2026-11-24T02:14:00Z", labels: [] });
    const outcome = await session.result;
    expect(outcome).toMatchObject({ kind: "escalation", target: "oncallPrimary", reason: "tool recentDeploys reached its limit of 2 calls per session" });
    expect(executed).toEqual(["recentDeploys", "recentDeploys"]);
    expect(replies[0]).toMatch(/there is no tool "deleteDatabase"/);
    const guards = session.events.filter((e) => e.type === "guard").map((e) => `${e.guard}:${e.effect}`);
    expect(guards).toEqual(["tool-not-allowed:blocked", "calls-per-session:stopped"]);
  });

  it("masks @pii values wherever they travel, in events too", async () => {
    const refund = await exampleAgent("refund");
    const { tools } = refundTools({
      getOrder: async () => {
        throw new ToolError("NotFound", `no order for note "${refundInput.message}"`);
      },
    });
    const session = await createRuntime({ tools, intelligence: judge(1) }).start(refund, refundInput);
    await session.result;
    const text = JSON.stringify(session.events);
    expect(text).not.toContain(refundInput.message);
    expect(text).toMatch(/\[pii:[0-9a-f]{8}\]/);
  });

  it("a human wait gets a validated response, and a malformed one takes the timeout edge", async () => {
    const refund = await exampleAgent("refund");
    const run = async (response: unknown) => {
      const { tools } = refundTools({ getOrder: async () => order("delivered", 400) });
      const runtime = createRuntime({ tools, intelligence: judge(300), humans: async () => response });
      return runtime.run(refund, refundInput);
    };
    expect(await run({ approved: true })).toMatchObject({ kind: "reply", output: { refundId: "r-77", amount: 300 } });
    expect(await run({ approved: "yes" })).toEqual({ kind: "escalation", target: "finance", reason: "approval for order o12345 timed out" });
  });

  it("stops at the wall-clock limit", async () => {
    const refund = await exampleAgent("refund");
    let now = 1_000_000;
    const { tools } = refundTools({ getOrder: async () => ((now += 27 * 3_600_000), order()) });
    const outcome = await createRuntime({ tools, intelligence: judge(5), clock: () => now }).run(refund, refundInput);
    expect(outcome).toMatchObject({ kind: "escalation", target: "support", reason: "wall-clock limit of 26h reached" });
  });
});
