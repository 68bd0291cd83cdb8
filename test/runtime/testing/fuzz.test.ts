/** Fuzz mode: runs cases until the (test-controlled) clock says the time is up, counts cases per agent, and reports a hung case as a failure with its timeline. */
import { describe, expect, it } from "vitest";
import { createRuntime } from "../../../runtime/runtime.ts";
import { fuzz } from "../../../runtime/testing/index.ts";
import { exampleAgent } from "../support/agents.ts";

/** A clock that moves 10 ms each time it is read: the time limit is reached after a known number of reads, not of real time. */
function steppingClock(): () => number {
  let t = 0;
  return () => (t += 10);
}

describe("fuzz", () => {
  it("runs batches round-robin until the time is up, and reports cases per second per agent", async () => {
    const agents = [await exampleAgent("refund"), await exampleAgent("incident-triage")];
    const result = await fuzz(agents, { timeMs: 400, seed: 9, batch: 5, now: steppingClock() });
    expect(result.passed).toBe(true);
    expect(result.agents.map((a) => a.agent)).toEqual(["RefundAgent", "IncidentTriage"]);
    for (const a of result.agents) {
      expect(a.cases).toBeGreaterThanOrEqual(5);
      expect(a.failures).toEqual([]);
      expect(a.casesPerSecond).toBeCloseTo(a.cases / a.seconds, 6);
    }
    // With the stepping clock each case costs 3 reads (30 ms): 400 ms is spent after a bounded number of cases.
    expect(result.agents.reduce((n, a) => n + a.cases, 0)).toBeLessThan(20);
  });

  it("a hung case is a failure (session-ends) with its timeline and a replay file", async () => {
    const refund = await exampleAgent("refund");
    const hanging: typeof createRuntime = (options) => {
      const runtime = createRuntime(options);
      return { ...runtime, start: async (...args: Parameters<typeof runtime.start>) => ({ ...(await runtime.start(...args)), result: new Promise(() => undefined) }) } as typeof runtime;
    };
    const result = await fuzz([refund], { timeMs: 1, seed: 4, batch: 2, timeoutMs: 30, createRuntime: hanging, reference: refund });
    expect(result.passed).toBe(false);
    const failure = result.agents[0]!.failures.find((f) => f.property === "session-ends")!;
    expect(failure.counterexample.message).toMatch(/did not end/);
    expect(failure.counterexample.timeline[0]).toMatch(/^input /);
    expect(failure.counterexample.replay).toMatchObject({ format: "agentc-replay", formatVersion: 1 });
  });
});
