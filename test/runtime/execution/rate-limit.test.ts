/** `rate N per D`: a token bucket per tool; a call over the rate fails fast, never waits. */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { TokenBucket } from "../../../runtime/execution/rate-limiter.ts";
import { contract, failureOf, oneTool, request, scripted } from "./support.ts";

describe("tool executor: rate limit", () => {
  it("allows a burst of N, fails the next fast without calling, and refills over time", async () => {
    let now = 0;
    const tool = scripted([() => ({ total: 1 })]);
    const executor = oneTool(contract("getOrder", { rate: { count: 2, perMs: 1_000 } }), tool, { clock: () => now });
    expect((await executor.execute(request("getOrder"))).ok).toBe(true);
    expect((await executor.execute(request("getOrder"))).ok).toBe(true);
    expect(failureOf(await executor.execute(request("getOrder")))).toEqual({ kind: "failure", message: "rate limited for getOrder" });
    expect(tool.calls).toHaveLength(2);
    now = 500; // one token back (2 per 1000 ms)
    expect((await executor.execute(request("getOrder"))).ok).toBe(true);
    expect((await executor.execute(request("getOrder"))).ok).toBe(false);
    expect(tool.calls).toHaveLength(3);
  });

  it("is shared across sessions (it protects the downstream service)", async () => {
    const executor = oneTool(contract("getOrder", { rate: { count: 1, perMs: 60_000 } }), scripted([() => ({ total: 1 })]), { clock: () => 0 });
    expect((await executor.execute(request("getOrder", undefined, { sessionId: "a" }))).ok).toBe(true);
    expect((await executor.execute(request("getOrder", undefined, { sessionId: "b" }))).ok).toBe(false);
  });
});

describe("token bucket", () => {
  it("never grants more than N + elapsed × N / D tokens", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 20 }), fc.integer({ min: 1, max: 10_000 }), fc.array(fc.integer({ min: 0, max: 2_000 }), { maxLength: 200 }), (count, perMs, waits) => {
        let now = 0;
        const bucket = new TokenBucket(count, perMs, () => now);
        let granted = 0;
        for (const wait of waits) {
          now += wait;
          if (bucket.tryTake()) granted++;
          expect(granted).toBeLessThanOrEqual(count + Math.floor((now * count) / perMs) + 1e-9);
        }
      }),
    );
  });

  it("grants again once a full period has passed", () => {
    let now = 0;
    const bucket = new TokenBucket(3, 300, () => now);
    expect([bucket.tryTake(), bucket.tryTake(), bucket.tryTake(), bucket.tryTake()]).toEqual([true, true, true, false]);
    now = 300;
    expect([bucket.tryTake(), bucket.tryTake(), bucket.tryTake(), bucket.tryTake()]).toEqual([true, true, true, false]);
  });
});
