/** Sessions share one provided machine per module: each step must still reach its own session's ports. */
import { describe, expect, it } from "vitest";
import { createRuntime, type ToolImplementation } from "../../../runtime/index.ts";
import { answer, exampleAgent, scriptedIntelligence } from "../support/agents.ts";

const order = (orderId: string, total: number) => ({ orderId, total, currency: "USD", status: "delivered", items: [] });

/** A runtime whose tools answer only after `release()`, so its sessions overlap with others. */
function refundRuntime(label: string, amount: number) {
  let release!: () => void;
  const released = new Promise<void>((resolve) => (release = resolve));
  const tools: Record<string, ToolImplementation> = {
    getOrder: async (input: { orderId: string }) => (await released, order(input.orderId, 100)),
    issueRefund: async (input: { orderId: string }) => ({ refundId: `${label}-${input.orderId}`, status: "settled" }),
  };
  const intelligence = scriptedIntelligence({ judge: () => answer({ eligible: true, amount, reason: label }) });
  return { runtime: createRuntime({ tools, intelligence }), release, intelligence };
}

describe("sessions sharing a module", () => {
  it("keep their own tools, model, input and results when they run at the same time", async () => {
    const refund = await exampleAgent("refund");
    const a = refundRuntime("a", 10);
    const b = refundRuntime("b", 20);
    const sessions = await Promise.all([
      a.runtime.start(refund, { customerId: "c-1", orderId: "o11111", message: "x" }),
      b.runtime.start(refund, { customerId: "c-2", orderId: "o22222", message: "y" }),
      a.runtime.start(refund, { customerId: "c-3", orderId: "o33333", message: "z" }),
    ]);
    b.release();
    a.release();
    const outcomes = await Promise.all(sessions.map((s) => s.result));
    expect(outcomes).toEqual([
      { kind: "reply", output: { reply: "Refund a-o11111 of 10 is on its way.", refundId: "a-o11111", amount: 10 } },
      { kind: "reply", output: { reply: "Refund b-o22222 of 20 is on its way.", refundId: "b-o22222", amount: 20 } },
      { kind: "reply", output: { reply: "Refund a-o33333 of 10 is on its way.", refundId: "a-o33333", amount: 10 } },
    ]);
    expect(a.intelligence.calls).toEqual(["ask judge", "ask judge"]);
    expect(b.intelligence.calls).toEqual(["ask judge"]);
    expect(sessions.map((s) => s.ledger().toolCalls)).toEqual([
      { getOrder: 1, issueRefund: 1 },
      { getOrder: 1, issueRefund: 1 },
      { getOrder: 1, issueRefund: 1 },
    ]);
  });
});
