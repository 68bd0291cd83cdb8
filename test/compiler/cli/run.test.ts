/** `agentc run`: one session through the real runtime, printed as a timeline; mock mode end to end. */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { agentc, expectUsageError } from "./run-cli.ts";

const repo = join(import.meta.dirname, "..", "..", "..");
const refund = join(repo, "agents", "refund.agent");
const triage = join(repo, "agents", "incident-triage.agent");
const temp = mkdtempSync(join(tmpdir(), "agentc-run-"));
afterAll(() => rmSync(temp, { recursive: true, force: true }));
const run = (args: readonly string[]) => agentc(["run", ...args], { cwd: temp });
/** The timeline without what differs between runs: the session id and durations. */
const stable = (stdout: string) => stdout.replace(/^session \S+/m, "session <id>").replace(/\d+ ms\b/g, "<n> ms");

const input = JSON.stringify({ customerId: "c-1", orderId: "o12345", message: "The mug arrived broken." });

describe("agentc run", () => {
  it("with --mock and no input, generates one and prints a repeatable timeline ending in the outcome", () => {
    const first = run([refund, "--mock", "--seed", "7"]);
    expect(first.stderr).toBe("");
    expect(first.status).toBe(0);
    const lines = first.stdout.trimEnd().split("\n");
    expect(lines[0]).toMatch(/^session [0-9a-f-]{36} {2}RefundAgent v5$/);
    expect(lines[1]).toBe("  1  lookup  (call)");
    expect(lines.at(-1)).toMatch(/^(replied: \{.*\}|escalated to (support|finance): .+)$/);
    expect(lines.at(-2)).toMatch(/^\d+ steps, \d+ tokens, \$\d+\.\d{6}, \d+ ms$/);
    expect(stable(run([refund, "--mock", "--seed", "7"]).stdout)).toBe(stable(first.stdout));
    expect(stable(run([refund, "--mock", "--seed", "8"]).stdout)).not.toBe(stable(first.stdout));
  });

  it("follows a model script and injected tool failures through the agent's own transitions", () => {
    const script = join(temp, "script.json");
    writeFileSync(script, JSON.stringify({ judge: [{ eligible: true, amount: 40, reason: "broken" }] }));
    const r = run([refund, "--mock", "--input", input, "--script", script, "--fail", "issueRefund=Declined"]);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/tool issueRefund\(\{"orderId":"o12345","amount":40,"reason":"broken"\}\) → Declined: /);
    expect(r.stdout.trimEnd().split("\n").at(-1)).toBe("escalated to finance: payment declined for order o12345");
  });

  it("prints guard alerts: the kill switch of a tool sends the call down its failure path", () => {
    const flags = join(temp, "flags.json");
    writeFileSync(flags, JSON.stringify({ "tool.getOrder.disabled": true }));
    const r = run([refund, "--mock", "--input", input, "--flags", flags]);
    expect(r.stdout).toContain("guard tool-disabled blocked: tool getOrder is disabled (tool.getOrder.disabled)");
    expect(r.stdout.trimEnd().split("\n").at(-1)).toBe("escalated to support: orders service unavailable");
  });

  it("writes the spans as OTLP/HTTP JSON with --trace-out", () => {
    const out = join(temp, "trace.json");
    const r = run([triage, "--mock", "--seed", "3", "--trace-out", out]);
    expect(r.status).toBe(0);
    const doc = JSON.parse(readFileSync(out, "utf8")) as { resourceSpans: { scopeSpans: { spans: { name: string; spanId: string; parentSpanId?: string }[] }[] }[] };
    const spans = doc.resourceSpans.flatMap((rs) => rs.scopeSpans.flatMap((s) => s.spans));
    const names = spans.map((s) => s.name);
    expect(names).toContain("invoke_agent IncidentTriage");
    expect(names).toContain("step investigate");
    expect(names.some((n) => n.startsWith("chat anthropic:claude-haiku-4-5") || n === "chat claude-haiku-4-5")).toBe(true);
    const step = spans.find((s) => s.name === "step investigate")!;
    for (const span of spans.filter((s) => s.name.startsWith("chat ") || s.name.startsWith("execute_tool "))) {
      const parent = spans.find((s) => s.spanId === span.parentSpanId);
      expect(parent?.name.startsWith("step ")).toBe(true);
    }
    expect(step.parentSpanId).toBe(spans.find((s) => s.name === "invoke_agent IncidentTriage")!.spanId);
  });

  it("without --mock, runs the tools of a --tools module", () => {
    const module = join(temp, "tools.mjs");
    writeFileSync(module, `export const tools = {
  async getOrder({ orderId }) { return { orderId, total: 20, currency: "USD", status: "shipped", items: [] }; },
  async issueRefund() { throw new Error("not reached"); },
};\n`);
    const r = run([refund, "--tools", module, "--input", input]);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('tool getOrder({"orderId":"o12345"}) → {"orderId":"o12345","total":20,"currency":"USD","status":"shipped","items":[]}');
    expect(r.stdout.trimEnd().split("\n").at(-1)).toBe('replied: {"reply":"Order o12345 is shipped; refunds are for delivered orders."}');
    const partial = join(temp, "partial.mjs");
    writeFileSync(partial, "export const tools = { getOrder: async () => ({}) };\n");
    expectUsageError(run([refund, "--tools", partial, "--input", input]), /has no implementation for: issueRefund/);
  });

  it("exits 1 with one line naming the field on an invalid input", () => {
    const r = run([refund, "--mock", "--input", JSON.stringify({ customerId: "c", orderId: "12", message: "m" })]);
    expect(r.status).toBe(1);
    expect(r.stdout).toBe("");
    expect(r.stderr).toMatch(/^error: invalid input for RefundAgent: orderId: [^\n]*\n$/);
  });

  it("exits 2 on usage errors", () => {
    expectUsageError(run([refund, "--fail", "getOrder=0.5", "--input", input]), /--fail .* add --mock/);
    expectUsageError(run([refund, "--mock", "--fail", "nope=0.5"]), /nope/);
    expectUsageError(run([refund, "--mock", "--input", "{not json"]), /--input is not valid JSON/);
    expectUsageError(run([refund, "--input", input]), /--tools <module>/);
    expectUsageError(run([join(temp, "missing.agent"), "--mock"]), /cannot read .*missing\.agent/);
  });
});
