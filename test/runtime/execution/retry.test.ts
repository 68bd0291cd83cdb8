/** Retry with backoff and jitter: only retryable failures (declared-retryable errors, timeouts). */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { MAX_BACKOFF_MS, ToolError, backoffDelay } from "../../../runtime/execution/index.ts";
import { contract, failureOf, hang, oneTool, request, scripted } from "./support.ts";

const errors = [
  { name: "Unavailable", retryable: true },
  { name: "NotFound", retryable: false },
];
const retrying = contract("getOrder", { errors, retry: { attempts: 3, backoff: "exponential", delayMs: 2 }, timeoutMs: 20 });
const noJitter = { random: () => 0 };
const unavailable = () => Promise.reject(new ToolError("Unavailable", "try later"));

describe("tool executor: retry", () => {
  it("retries a retryable error, then succeeds; the tool sees the attempt number", async () => {
    const tool = scripted([unavailable, unavailable, () => ({ total: 7 })]);
    const executor = oneTool(retrying, tool, noJitter);
    expect(await executor.execute(request("getOrder"))).toEqual({ ok: true, value: { total: 7 } });
    expect(tool.calls.map((c) => c.attempt)).toEqual([1, 2, 3]);
  });

  it("retries a timeout", async () => {
    const tool = scripted([hang, () => ({ total: 7 })]);
    const executor = oneTool(retrying, tool, noJitter);
    expect(await executor.execute(request("getOrder"))).toEqual({ ok: true, value: { total: 7 } });
    expect(tool.calls).toHaveLength(2);
  });

  it("gives up after the declared retries with the last failure", async () => {
    const tool = scripted([unavailable]);
    const executor = oneTool(retrying, tool, noJitter);
    expect(failureOf(await executor.execute(request("getOrder")))).toEqual({ kind: "error", name: "Unavailable", message: "try later" });
    expect(tool.calls).toHaveLength(4); // the first attempt + 3 retries
  });

  it.each([
    ["a non-retryable named error", () => Promise.reject(new ToolError("NotFound", "no"))],
    ["a generic throw", () => Promise.reject(new Error("boom"))],
    ["a non-Error throw", () => Promise.reject("boom")],
    ["an output contract violation", () => ({ total: "x" })],
  ])("never retries %s", async (_what, step) => {
    const tool = scripted([step, () => ({ total: 1 })]);
    const executor = oneTool(retrying, tool, noJitter);
    expect((await executor.execute(request("getOrder"))).ok).toBe(false);
    expect(tool.calls).toHaveLength(1);
  });

  it("never retries an input contract violation (the tool is never called)", async () => {
    const tool = scripted([() => ({ total: 1 })]);
    expect((await oneTool(retrying, tool, noJitter).execute(request("getOrder", { orderId: 1 }))).ok).toBe(false);
    expect(tool.calls).toHaveLength(0);
  });
});

describe("backoff delays", () => {
  const exponential = { attempts: 5, backoff: "exponential", delayMs: 200 } as const;
  const fixed = { attempts: 5, backoff: "fixed", delayMs: 200 } as const;

  it("doubles per retry (exponential) or stays (fixed), before jitter", () => {
    const top = () => 1 - Number.EPSILON;
    expect([1, 2, 3].map((n) => Math.round(backoffDelay(exponential, n, top)))).toEqual([200, 400, 800]);
    expect([1, 2, 3].map((n) => Math.round(backoffDelay(fixed, n, top)))).toEqual([200, 200, 200]);
    expect(backoffDelay(exponential, 1, () => 0)).toBe(100);
  });

  it("stays within [d/2, d) of the declared delay and under the cap, for any jitter", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 40 }), fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }), fc.constantFrom(exponential, fixed), (retry, r, clause) => {
        const d = clause.backoff === "fixed" ? clause.delayMs : Math.min(MAX_BACKOFF_MS, clause.delayMs * 2 ** (retry - 1));
        const delay = backoffDelay(clause, retry, () => r);
        expect(delay).toBeGreaterThanOrEqual(d / 2);
        expect(delay).toBeLessThan(d + 1e-9);
      }),
    );
  });
});
