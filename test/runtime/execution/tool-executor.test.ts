/** The execution layer's contract checks and failure typing: nothing untyped gets out. */
import { createContextKey, ROOT_CONTEXT } from "@opentelemetry/api";
import { describe, expect, it, vi } from "vitest";
import { ToolError, createToolExecutor } from "../../../runtime/execution/index.ts";
import { contract, failureOf, hang, oneTool, orderInput, orderOutput, request, scripted } from "./support.ts";

describe("tool executor: contracts", () => {
  it("passes a valid call through and returns the validated output", async () => {
    const tool = scripted([() => ({ total: 120 })]);
    const executor = oneTool(contract("getOrder"), tool);
    expect(await executor.execute(request("getOrder"))).toEqual({ ok: true, value: { total: 120 } });
    expect(tool.calls).toEqual([{ input: { orderId: "o9" }, attempt: 1, key: undefined }]);
  });

  it("strips undeclared input and output fields", async () => {
    const tool = scripted([() => ({ total: 1, secret: "x" })]);
    const executor = oneTool(contract("getOrder"), tool);
    expect(await executor.execute(request("getOrder", { orderId: "o1", extra: true }))).toEqual({ ok: true, value: { total: 1 } });
    expect(tool.calls[0]?.input).toEqual({ orderId: "o1" });
  });

  it("rejects an input that violates the contract without calling the tool", async () => {
    const tool = scripted([() => ({ total: 1 })]);
    const executor = oneTool(contract("getOrder"), tool);
    const failure = failureOf(await executor.execute(request("getOrder", { orderId: 42 })));
    expect(failure.kind).toBe("failure");
    expect(failure.message).toMatch(/^input violates the contract of getOrder: orderId: /);
    expect(tool.calls).toHaveLength(0);
  });

  it("turns an output that violates the contract into a failure and never passes it on", async () => {
    const executor = oneTool(contract("getOrder"), scripted([() => ({ total: "lots", card: "4111" })]));
    const failure = failureOf(await executor.execute(request("getOrder")));
    expect(failure.kind).toBe("failure");
    expect(failure.message).toMatch(/^output violates the contract of getOrder: total: /);
    expect(failure.message).not.toContain("lots");
    expect(failure.message).not.toContain("4111");
  });

  it("routes a declared named error as { kind: error, name }", async () => {
    const executor = oneTool(contract("getOrder", { errors: [{ name: "NotFound", retryable: false }] }), scripted([() => Promise.reject(new ToolError("NotFound", "no order o9"))]));
    expect(failureOf(await executor.execute(request("getOrder")))).toEqual({ kind: "error", name: "NotFound", message: "no order o9" });
  });

  it("treats an undeclared error name as a generic failure", async () => {
    const executor = oneTool(contract("getOrder"), scripted([() => { throw new ToolError("Gone", "bye"); }]));
    expect(failureOf(await executor.execute(request("getOrder")))).toEqual({ kind: "failure", message: "getOrder raised undeclared error Gone: bye" });
  });

  it.each([["x"], [42], [null], [undefined], [{ not: "an error" }]])("turns a non-Error throw (%j) into a typed failure", async (thrown) => {
    const executor = oneTool(contract("getOrder"), scripted([() => { throw thrown; }]));
    const failure = failureOf(await executor.execute(request("getOrder")));
    expect(failure.kind).toBe("failure");
    expect(failure.message).toMatch(/^getOrder failed: a non-Error value \(\w+\)$/);
  });

  it("turns a thrown Error into a typed failure carrying its message", async () => {
    const executor = oneTool(contract("getOrder"), scripted([() => Promise.reject(new TypeError("fetch failed"))]));
    expect(failureOf(await executor.execute(request("getOrder")))).toEqual({ kind: "failure", message: "getOrder failed: fetch failed" });
  });

  it("abandons a hung tool that ignores its signal at the deadline, and aborts its signal", async () => {
    let seen: AbortSignal | undefined;
    const executor = oneTool(contract("getOrder", { timeoutMs: 20 }), (_input, ctx) => {
      seen = ctx.signal;
      return hang();
    });
    expect(failureOf(await executor.execute(request("getOrder")))).toEqual({ kind: "timeout", message: "getOrder timed out after 20ms" });
    expect(seen?.aborted).toBe(true);
  });

  it("a tool that honours its signal and rejects at the deadline is a timeout too", async () => {
    const executor = oneTool(contract("getOrder", { timeoutMs: 20 }), (_input, ctx) => new Promise((_, reject) => ctx.signal.addEventListener("abort", () => reject(new Error("aborted")))));
    expect(failureOf(await executor.execute(request("getOrder"))).kind).toBe("timeout");
  });

  it("applies the default ceiling when the contract declares no timeout", async () => {
    const executor = oneTool(contract("getOrder"), hang, { defaultTimeoutMs: 20 });
    expect(failureOf(await executor.execute(request("getOrder")))).toEqual({ kind: "timeout", message: "getOrder timed out after 20ms" });
  });

  it("resolves a call the caller aborts as cancelled, not as a timeout", async () => {
    const controller = new AbortController();
    const executor = oneTool(contract("getOrder", { timeoutMs: 5_000 }), () => {
      setTimeout(() => controller.abort(), 5);
      return hang();
    });
    expect(failureOf(await executor.execute(request("getOrder", undefined, { signal: controller.signal })))).toEqual({ kind: "failure", message: "getOrder call cancelled" });
    const tool = scripted([() => ({ total: 1 })]);
    const again = oneTool(contract("getOrder"), tool);
    expect(failureOf(await again.execute(request("getOrder", undefined, { signal: controller.signal }))).message).toBe("getOrder call cancelled");
    expect(tool.calls).toHaveLength(0);
  });

  it("answers an unknown tool with a failure", async () => {
    const executor = oneTool(contract("getOrder"), scripted([() => ({ total: 1 })]));
    expect(failureOf(await executor.execute(request("nope"))).message).toBe("unknown tool nope");
  });

  it("refuses to start without an implementation or schemas for a declared tool", () => {
    const contracts = { getOrder: contract("getOrder") };
    const schemas = { getOrder: { input: orderInput, output: orderOutput } };
    expect(() => createToolExecutor({ contracts, schemas, implementations: {} })).toThrow("no implementation for tool getOrder");
    expect(() => createToolExecutor({ contracts, schemas: {}, implementations: { getOrder: () => ({ total: 1 }) } })).toThrow("no schemas for tool getOrder");
  });

  it("runs the implementation inside the given trace context and passes it on", async () => {
    const key = createContextKey("test-span");
    const traceContext = ROOT_CONTEXT.setValue(key, "span-1");
    const seen: unknown[] = [];
    const executor = oneTool(contract("getOrder"), (_input, ctx) => {
      seen.push(ctx.traceContext?.getValue(key));
      return { total: 1 };
    });
    await executor.execute(request("getOrder", undefined, { traceContext }));
    // `context.active()` inside the tool needs a context manager (the SDK's); none is registered here.
    expect(seen).toEqual(["span-1"]);
  });

  it("ignores an observer that throws", async () => {
    const onEvent = vi.fn(() => {
      throw new Error("observer bug");
    });
    const executor = oneTool(contract("getOrder"), scripted([() => ({ total: 1 })]), { onEvent });
    expect(await executor.execute(request("getOrder"))).toEqual({ ok: true, value: { total: 1 } });
    expect(onEvent).toHaveBeenCalledWith(expect.objectContaining({ type: "attempt", tool: "getOrder", attempt: 1, failure: undefined }));
  });
});

describe("tool executor: hostile throws", () => {
  it("survives an Error whose message getter throws", async () => {
    const hostile = new Error("x");
    Object.defineProperty(hostile, "message", {
      get() {
        throw new Error("gotcha");
      },
    });
    const executor = oneTool(contract("getOrder"), scripted([() => Promise.reject(hostile)]));
    expect(failureOf(await executor.execute(request("getOrder")))).toEqual({ kind: "failure", message: "getOrder failed: an Error whose message cannot be read" });
  });
});
