/** `agentc test --fuzz --time 2s`: cases per second per agent, exit 0 with no failure; usage errors for a missing or bad duration. */
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { agentc, expectUsageError } from "./run-cli.ts";

const repo = join(import.meta.dirname, "..", "..", "..");
const refund = join(repo, "agents", "refund.agent");
const incident = join(repo, "agents", "incident-triage.agent");

describe("agentc test --fuzz", () => {
  it("--time 2s: fuzzes every agent, prints cases per second per agent, exits 0 with no failure", () => {
    const result = agentc(["test", refund, incident, "--fuzz", "--time", "2s", "--seed", "1", "--root", repo], { cwd: repo });
    expect(result.stderr).toBe("");
    expect(result.stdout).toMatch(/^IncidentTriage: \d+ cases in \d+\.\ds, \d+\.\d cases\/s, no failure$/m);
    expect(result.stdout).toMatch(/^RefundAgent: \d+ cases in \d+\.\ds, \d+\.\d cases\/s, no failure$/m);
    expect(result.stdout).toMatch(/^fuzz: no failure: \d+ cases in \d+\.\ds \(seed 1\)\n$/m);
    expect(result.status).toBe(0);
  }, 30_000);

  it("--reporter json prints one document with each agent's cases per second", () => {
    const result = agentc(["test", refund, "--fuzz", "--time", "500ms", "--seed", "2", "--reporter", "json", "--root", repo], { cwd: repo });
    const doc = JSON.parse(result.stdout) as { passed: boolean; agents: { agent: string; cases: number; casesPerSecond: number; failures: unknown[] }[] };
    expect(doc.passed).toBe(true);
    expect(doc.agents).toHaveLength(1);
    expect(doc.agents[0]).toMatchObject({ agent: "RefundAgent", failures: [] });
    expect(doc.agents[0]!.cases).toBeGreaterThan(0);
    expect(doc.agents[0]!.casesPerSecond).toBeGreaterThan(0);
    expect(result.status).toBe(0);
  }, 30_000);

  it("refuses --fuzz without --time, and a bad duration", () => {
    expectUsageError(agentc(["test", refund, "--fuzz", "--root", repo], { cwd: repo }), /--fuzz needs --time/);
    expectUsageError(agentc(["test", refund, "--fuzz", "--time", "soon", "--root", repo], { cwd: repo }), /--time soon: expected a duration/);
  }, 30_000);
});
