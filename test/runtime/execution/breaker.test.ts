/**
 * `breaker N failures in W cooldown C`: opens on N counted failures within W, fails fast
 * without calling the tool for C, then lets one call probe. Time is a fake `Date` (cockatiel
 * reads `Date.now()` for the cooldown; the executor's default clock does too); timers stay real.
 */
import fc from "fast-check";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { ToolError, type ExecutionEvent } from "../../../runtime/execution/index.ts";
import { contract, failureOf, oneTool, request, scripted } from "./support.ts";

const T0 = 1_800_000_000_000;
const breaker = { failures: 3, windowMs: 60_000, cooldownMs: 30_000 };
const errors = [
  { name: "Unavailable", retryable: true },
  { name: "NotFound", retryable: false },
];
const guarded = contract("getOrder", { errors, breaker });
const boom = () => Promise.reject(new Error("503"));
const ok = () => ({ total: 1 });
const at = (ms: number) => vi.setSystemTime(T0 + ms);

beforeEach(() => {
  vi.useFakeTimers({ toFake: ["Date"] });
  at(0);
});
afterEach(() => void vi.useRealTimers());

describe("tool executor: circuit breaker", () => {
  it("opens after N failures in the window and then rejects without calling", async () => {
    const events: ExecutionEvent[] = [];
    const tool = scripted([boom]);
    const executor = oneTool(guarded, tool, { onEvent: (e) => void events.push(e) });
    for (let i = 0; i < 3; i++) expect(failureOf(await executor.execute(request("getOrder"))).message).toBe("getOrder failed: 503");
    expect(executor.breakerStates()["getOrder"]?.state).toBe("open");
    expect(executor.breakerState("getOrder")).toBe("open");
    expect(executor.breakerState("nope")).toBeUndefined();
    expect(failureOf(await executor.execute(request("getOrder")))).toEqual({ kind: "failure", message: "circuit open for getOrder" });
    expect(tool.calls).toHaveLength(3);
    expect(events).toContainEqual({ type: "breaker", tool: "getOrder", state: "open" });
  });

  it("half-opens after the cooldown: a good probe closes it, a bad one reopens it", async () => {
    const tool = scripted([boom, boom, boom, boom, ok, ok]);
    const executor = oneTool(guarded, tool);
    for (let i = 0; i < 3; i++) await executor.execute(request("getOrder"));
    at(29_999);
    expect(failureOf(await executor.execute(request("getOrder"))).message).toBe("circuit open for getOrder");
    at(30_000);
    expect(failureOf(await executor.execute(request("getOrder"))).message).toBe("getOrder failed: 503"); // the probe
    expect(executor.breakerStates()["getOrder"]?.state).toBe("open");
    expect(failureOf(await executor.execute(request("getOrder"))).message).toBe("circuit open for getOrder");
    at(60_000);
    expect(await executor.execute(request("getOrder"))).toEqual({ ok: true, value: { total: 1 } });
    expect(executor.breakerStates()["getOrder"]?.state).toBe("closed");
    expect(tool.calls).toHaveLength(5);
  });

  it("does not open when the failures are spread wider than the window", async () => {
    const executor = oneTool(guarded, scripted([boom]));
    for (let i = 0; i < 6; i++) {
      at(i * 30_001);
      await executor.execute(request("getOrder"));
    }
    expect(executor.breakerStates()["getOrder"]?.state).toBe("closed");
  });

  it("does not count declared non-retryable errors (a healthy answer), but counts retryable ones", async () => {
    const notFound = oneTool(guarded, scripted([() => Promise.reject(new ToolError("NotFound", "no"))]));
    for (let i = 0; i < 5; i++) await notFound.execute(request("getOrder"));
    expect(notFound.breakerStates()["getOrder"]?.state).toBe("closed");
    const unavailable = oneTool(guarded, scripted([() => Promise.reject(new ToolError("Unavailable", "later"))]));
    for (let i = 0; i < 3; i++) await unavailable.execute(request("getOrder"));
    expect(unavailable.breakerStates()["getOrder"]?.state).toBe("open");
  });

  it("stops retrying once the breaker opens mid-call", async () => {
    const tool = scripted([() => Promise.reject(new ToolError("Unavailable", "later"))]);
    const executor = oneTool(contract("getOrder", { errors, breaker, retry: { attempts: 5, backoff: "fixed", delayMs: 1 } }), tool);
    expect(failureOf(await executor.execute(request("getOrder"))).message).toBe("circuit open for getOrder");
    expect(tool.calls).toHaveLength(3);
  });

  it("serialises its state as JSON that a new executor restores", async () => {
    const first = oneTool(guarded, scripted([boom]));
    for (let i = 0; i < 3; i++) await first.execute(request("getOrder"));
    const persisted = JSON.parse(JSON.stringify(first.breakerStates()));

    const tool = scripted([ok]);
    const second = oneTool(guarded, tool);
    expect(second.restoreBreakers({ ...persisted, unknownTool: persisted.getOrder, bad: { state: "open", saved: 1 } })).toEqual({ restored: ["getOrder"], ignored: ["unknownTool", "bad"] });
    expect(second.breakerStates()["getOrder"]?.state).toBe("open");
    expect(failureOf(await second.execute(request("getOrder"))).message).toBe("circuit open for getOrder");
    expect(tool.calls).toHaveLength(0);
    at(30_000);
    expect((await second.execute(request("getOrder"))).ok).toBe(true);
    expect(tool.calls).toHaveLength(1);
  });

  it.each([
    ["not an object", 1],
    ["an isolated circuit", { ownState: { value: 3, counters: 1 }, breakerState: [] }],
    ["an open circuit without its time", { ownState: { value: 1 }, breakerState: [] }],
    ["non-numeric failure times", { ownState: { value: 0 }, breakerState: ["x"] }],
  ])("ignores a malformed snapshot (%s)", (_what, saved) => {
    const executor = oneTool(guarded, scripted([ok]));
    expect(executor.restoreBreakers({ getOrder: { state: "open", saved } })).toEqual({ restored: [], ignored: ["getOrder"] });
    expect(executor.breakerStates()["getOrder"]?.state).toBe("closed");
  });

  it("never calls the tool while open, for any sequence of outcomes and times (reference model)", async () => {
    type Step = { readonly wait: number; readonly outcome: "ok" | "boom" | "notFound" };
    const step = fc.record({ wait: fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 70_000 })), outcome: fc.constantFrom("ok", "boom", "notFound") }) as fc.Arbitrary<Step>;
    await fc.assert(
      fc.asyncProperty(fc.array(step, { maxLength: 30 }), async (steps) => {
        let now = 0;
        at(now);
        let current: Step["outcome"] = "ok";
        const tool = scripted([() => (current === "ok" ? ok() : current === "boom" ? boom() : Promise.reject(new ToolError("NotFound", "no")))]);
        const executor = oneTool(guarded, tool);
        const model = { open: false, openedAt: 0, failures: [] as number[] };
        for (const s of steps) {
          now += s.wait;
          at(now);
          current = s.outcome;
          const before = tool.calls.length;
          const outcome = await executor.execute(request("getOrder"));
          const called = tool.calls.length > before;
          if (model.open && now - model.openedAt < breaker.cooldownMs) {
            expect(called).toBe(false);
            expect(failureOf(outcome).message).toBe("circuit open for getOrder");
            continue;
          }
          expect(called).toBe(true);
          const counts = s.outcome === "boom";
          if (model.open) {
            model.open = counts;
            model.openedAt = now;
            model.failures = [];
          } else if (counts) {
            model.failures = [...model.failures.filter((t) => now - t < breaker.windowMs), now];
            if (model.failures.length >= breaker.failures) Object.assign(model, { open: true, openedAt: now });
          }
        }
      }),
      { numRuns: 150 },
    );
  });
});
