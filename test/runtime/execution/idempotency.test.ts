/**
 * Idempotent side effects: a deterministic key from (session, state, tool, key fields); the
 * first successful result is returned to every repeat; a reused key with other arguments is
 * refused; concurrent repeats share one call.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { ToolError, createMemoryIdempotencyStore, idempotencyKey, type IdempotencyStore } from "../../../runtime/execution/index.ts";
import { failureOf, oneTool, paymentContract, request, scripted } from "./support.ts";

const refund = paymentContract("issueRefund", { errors: [{ name: "Declined", retryable: false }] });
const args = { orderId: "o9", amount: 120 };
const call = (over = {}) => request("issueRefund", args, { state: "refund", ...over });

describe("tool executor: idempotency", () => {
  it("returns the first result to a repeated call without calling the tool again", async () => {
    let n = 0;
    const tool = scripted([() => ({ total: ++n })]);
    const executor = oneTool(refund, tool);
    expect(await executor.execute(call())).toEqual({ ok: true, value: { total: 1 } });
    expect(await executor.execute(call())).toEqual({ ok: true, value: { total: 1 } });
    expect(tool.calls).toHaveLength(1);
  });

  it("passes the deterministic key to the implementation", async () => {
    const tool = scripted([() => ({ total: 1 })]);
    await oneTool(refund, tool).execute(call());
    const expected = idempotencyKey({ sessionId: "session-1", state: "refund", tool: "issueRefund", input: args, paths: [["orderId"]] });
    expect(tool.calls[0]?.key).toBe(expected);
    expect(expected).toMatch(/^[0-9a-f]{64}$/);
  });

  it("rejects the same key with different arguments, without calling", async () => {
    const tool = scripted([() => ({ total: 1 })]);
    const executor = oneTool(refund, tool);
    await executor.execute(call());
    const failure = failureOf(await executor.execute(request("issueRefund", { orderId: "o9", amount: 99 }, { state: "refund" })));
    expect(failure).toEqual({ kind: "failure", message: "idempotency key reused with different arguments for issueRefund" });
    expect(tool.calls).toHaveLength(1);
  });

  it("keys by session and state: another session or state is another call", async () => {
    const tool = scripted([() => ({ total: 1 })]);
    const executor = oneTool(refund, tool);
    await executor.execute(call());
    await executor.execute(call({ sessionId: "session-2" }));
    await executor.execute(call({ state: "refundAgain" }));
    expect(new Set(tool.calls.map((c) => c.key)).size).toBe(3);
  });

  it("stores only successes: a failed call may be repeated", async () => {
    const tool = scripted([() => Promise.reject(new ToolError("Declined", "card declined")), () => Promise.reject(new Error("boom")), () => ({ total: 3 })]);
    const executor = oneTool(refund, tool);
    expect(failureOf(await executor.execute(call())).kind).toBe("error");
    expect(failureOf(await executor.execute(call())).kind).toBe("failure");
    expect(await executor.execute(call())).toEqual({ ok: true, value: { total: 3 } });
    expect(await executor.execute(call())).toEqual({ ok: true, value: { total: 3 } });
    expect(tool.calls).toHaveLength(3);
  });

  it("two simultaneous calls with the same key call the tool once and both get its result", async () => {
    let release: (v: unknown) => void = () => {};
    const tool = scripted([() => new Promise((resolve) => (release = resolve))]);
    const executor = oneTool(refund, tool);
    const a = executor.execute(call());
    const b = executor.execute(call());
    const c = executor.execute(request("issueRefund", { orderId: "o9", amount: 1 }, { state: "refund" }));
    expect(failureOf(await c).message).toBe("idempotency key reused with different arguments for issueRefund");
    await new Promise((resolve) => setTimeout(resolve, 0));
    release({ total: 5 });
    expect(await Promise.all([a, b])).toEqual([{ ok: true, value: { total: 5 } }, { ok: true, value: { total: 5 } }]);
    expect(tool.calls).toHaveLength(1);
  });

  it("uses the given store, so a result survives a new executor", async () => {
    const store = createMemoryIdempotencyStore();
    await oneTool(refund, scripted([() => ({ total: 8 })]), { idempotencyStore: store }).execute(call());
    const tool = scripted([() => ({ total: 9 })]);
    expect(await oneTool(refund, tool, { idempotencyStore: store }).execute(call())).toEqual({ ok: true, value: { total: 8 } });
    expect(tool.calls).toHaveLength(0);
    expect(store.size).toBe(1);
  });

  it("reports, but does not fail, a success the store could not keep", async () => {
    const broken: IdempotencyStore = { get: async () => undefined, put: async () => Promise.reject(new Error("disk full")) };
    const events: unknown[] = [];
    const executor = oneTool(refund, scripted([() => ({ total: 1 })]), { idempotencyStore: broken, onEvent: (e) => void events.push(e) });
    expect((await executor.execute(call())).ok).toBe(true);
    expect(events).toContainEqual(expect.objectContaining({ type: "idempotency-store-error", message: "disk full" }));
  });

  it("a store that fails to read gives a typed failure, not a rejection", async () => {
    const broken: IdempotencyStore = { get: () => Promise.reject(new Error("db down")), put: () => {} };
    const tool = scripted([() => ({ total: 1 })]);
    expect(failureOf(await oneTool(refund, tool, { idempotencyStore: broken }).execute(call())).message).toBe("internal error executing issueRefund: db down");
    expect(tool.calls).toHaveLength(0);
  });

  it("does not key tools without side effects", async () => {
    const tool = scripted([() => ({ total: 1 })]);
    const executor = oneTool({ ...refund, effects: "read", sideEffecting: false, idempotencyKey: [] }, tool);
    await executor.execute(call());
    await executor.execute(call());
    expect(tool.calls.map((c) => c.key)).toEqual([undefined, undefined]);
  });

  it("the key ignores object key order and non-key fields", () => {
    const parts = { sessionId: "s", state: "x", tool: "t", paths: [["order", "id"]] as const };
    const k1 = idempotencyKey({ ...parts, input: { order: { id: "1", at: 1 }, note: "a" } });
    const k2 = idempotencyKey({ ...parts, input: { note: "b", order: { at: 2, id: "1" } } });
    expect(k1).toBe(k2);
    expect(idempotencyKey({ ...parts, input: { order: { id: "2" } } })).not.toBe(k1);
  });

  it("the stored result is always the first success, whatever came before and after", async () => {
    type Step = { readonly kind: "ok"; readonly total: number } | { readonly kind: "declined" } | { readonly kind: "boom" };
    const step = fc.oneof(fc.record({ kind: fc.constant("ok" as const), total: fc.integer() }), fc.constant({ kind: "declined" as const }), fc.constant({ kind: "boom" as const }));
    await fc.assert(
      fc.asyncProperty(fc.array(step, { minLength: 1, maxLength: 12 }), async (steps: Step[]) => {
        let i = 0;
        const tool = scripted([
          () => {
            const s = steps[i++]!;
            if (s.kind === "ok") return { total: s.total };
            if (s.kind === "declined") return Promise.reject(new ToolError("Declined", "no"));
            return Promise.reject(new Error("boom"));
          },
        ]);
        const executor = oneTool(refund, tool);
        const firstOk = steps.findIndex((s) => s.kind === "ok");
        for (let n = 0; n < steps.length; n++) {
          const outcome = await executor.execute(call());
          if (firstOk !== -1 && n >= firstOk) expect(outcome).toEqual({ ok: true, value: { total: (steps[firstOk] as { total: number }).total } });
          else expect(outcome.ok).toBe(false);
        }
        expect(tool.calls).toHaveLength(firstOk === -1 ? steps.length : firstOk + 1);
      }),
      { numRuns: 150 },
    );
  });
});
