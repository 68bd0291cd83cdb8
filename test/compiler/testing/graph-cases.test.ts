/** Model-based cases: @xstate/graph's simple paths become case plans that real sessions follow, and reach every state and transition of the example agents. */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import fc from "fast-check";
import { afterAll, describe, expect, it } from "vitest";
import { loadAgents } from "../../../compiler/load-agent.ts";
import { computeCoverage } from "../../../compiler/testing/coverage.ts";
import { planCase, runGraphCases } from "../../../compiler/testing/graph-cases.ts";
import { agentSource } from "../../generators/agent-arbitrary.ts";

const repo = join(import.meta.dirname, "..", "..", "..");
const temp = mkdtempSync(join(tmpdir(), "agentc-graph-gen-"));
afterAll(() => rmSync(temp, { recursive: true, force: true }));

async function load(name: string) {
  const loaded = await loadAgents([join(repo, "agents", `${name}.agent`)], { root: repo });
  return loaded.agents[0]!;
}

describe("graph cases", () => {
  it("a path's slot outcomes become the plan: tool results and errors (repeated over retries), model answers by prompt, human answers and timeouts", async () => {
    const { ir, module } = await load("refund");
    const state = (name: string) => ir.states.find((s) => s.name === name)!;
    const order = { orderId: "o1", total: 50, currency: "USD", status: "delivered", items: [] };
    const plan = planCase(ir, module, { customerId: "c", orderId: "o12345", message: "m" }, [
      { state: state("lookup"), outcome: { ok: true, value: order, turns: 1 } },
      { state: state("judge"), outcome: { ok: true, value: { eligible: true, amount: 300, reason: "r" }, turns: 1 } },
      { state: state("approve"), outcome: { ok: false, failure: { kind: "timeout", message: "t" }, turns: 1 } },
      { state: state("refund"), outcome: { ok: false, failure: { kind: "error", name: "Declined", message: "d" }, turns: 1 } },
    ], 7);
    expect(plan.tools["getOrder"]).toEqual([{ kind: "value", value: order }]);
    expect(plan.model.script).toEqual({ judge: [{ eligible: true, amount: 300, reason: "r" }] });
    expect(plan.humans).toEqual([{ kind: "timeout" }]);
    const declined = module.metadata.tools["issueRefund"]!.errors.find((e) => e.name === "Declined")!;
    const retry = module.metadata.tools["issueRefund"]!.retry;
    expect(plan.tools["issueRefund"]).toHaveLength(declined.retryable && retry !== undefined ? retry.attempts + 1 : 1);
    expect(plan.tools["issueRefund"]![0]).toEqual({ kind: "error", name: "Declined" });
  });

  it.each(["refund", "incident-triage", "customer-support-triage"])("%s: the sessions follow the graph's paths and reach every state (and nearly every transition) on their own", async (name) => {
    const { ir, module } = await load(name);
    const result = await runGraphCases(ir, module);
    expect(result.paths).toBeGreaterThan(0);
    expect(result.sessions.length).toBe(Math.min(result.paths, 300));
    expect(result.followed).toBe(result.sessions.length);
    expect([...result.failures.values()].map((f) => f.message)).toEqual([]);
    const coverage = computeCoverage(ir, result.sessions);
    expect(coverage.states.missing).toEqual([]);
    expect(coverage.tools.missing).toEqual([]);
    // refund's `verdict.amount > order.total` compares two results: no literal to sample, left to the fast-check suite
    expect(coverage.transitions.missing).toEqual(name === "refund" ? ["judge: when verdict.amount > order.total → escalate finance"] : []);
  }, 30_000);

  it("on random valid agents: paths are found, their sessions run, and every property holds on them", async () => {
    let n = 0;
    await fc.assert(
      fc.asyncProperty(agentSource({ maxStates: 4, exoticNames: true }), async (text) => {
        const file = join(temp, `g${n++}.agent`);
        writeFileSync(file, text);
        const loaded = await loadAgents([file], { root: temp });
        for (const { ir, module } of loaded.agents) {
          const result = await runGraphCases(ir, module, { maxCases: 10, timeoutMs: 5_000 });
          expect(result.paths).toBeGreaterThan(0);
          expect(result.sessions.length).toBe(Math.min(result.paths, 10));
          expect([...result.failures.entries()].map(([p, f]) => `${p}: ${f.message}\n${f.timeline.join("\n")}`)).toEqual([]);
        }
      }),
      { numRuns: 10, seed: 20261126 },
    );
  }, 60_000);
});
