/** The runner of `test` blocks: each plays one session of the real runtime and can fail on path, outcome and script. */
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { loadAgents, type LoadedAgent } from "../../../compiler/load-agent.ts";
import { computeCoverage } from "../../../compiler/testing/coverage.ts";
import { caseOf, runDslTest, runDslTests, type DslTest } from "../../../compiler/testing/dsl-tests.ts";

const repo = join(import.meta.dirname, "..", "..", "..");
let refund: LoadedAgent;
let small: DslTest;

beforeAll(async () => {
  const loaded = await loadAgents([join(repo, "agents", "refund.agent")], { root: repo });
  refund = loaded.agents[0]!;
  small = refund.tests.find((t) => t.name === "small refunds are paid at once")!;
});

describe("DSL tests", () => {
  it("reads the test blocks of agents/refund.agent as plain data", () => {
    expect(refund.tests.map((t) => t.name)).toContain("small refunds are paid at once");
    expect(small.input).toEqual({ customerId: "c-1", orderId: "o12345", message: "The blender arrived broken." });
    expect(small.tools.map((t) => t.item.kind)).toEqual(["value", "value"]);
    expect(small.expectPath).toEqual(["lookup", "judge", "refund"]);
    expect(caseOf(small).model.script).toEqual({ judge: [{ value: { eligible: true, amount: 40, reason: "arrived broken" } }] });
  });

  it("passes every test block of agents/refund.agent", async () => {
    const results = await runDslTests(refund.module, refund.tests);
    expect(results.filter((r) => !r.passed).map((r) => `${r.test}: ${r.message}`)).toEqual([]);
    expect(results.length).toBeGreaterThanOrEqual(4);
  });

  it("gives coverage the sessions it ran", async () => {
    const results = await runDslTests(refund.module, refund.tests);
    const none = computeCoverage(refund.ir, []);
    expect(none.transitions.missing).toEqual(expect.arrayContaining(["approve: on timeout → escalate finance", "refund: on Declined → escalate finance"]));
    const coverage = computeCoverage(refund.ir, results.map((r) => r.session));
    expect(coverage.states.missing).toEqual([]);
    expect(coverage.transitions.missing).not.toContain("approve: on timeout → escalate finance");
    expect(coverage.transitions.missing).not.toContain("refund: on Declined → escalate finance");
  });

  it("fails on a wrong path", async () => {
    const result = await runDslTest(refund.module, { ...small, expectPath: ["lookup", "refund"] });
    expect(result.passed).toBe(false);
    expect(result.message).toBe("path: expected [lookup, refund], got [lookup, judge, refund]");
  });

  it("fails on a wrong reply field, and on an escalation expected instead", async () => {
    const wrong = await runDslTest(refund.module, { ...small, expectOutcome: { kind: "reply", fields: { refundId: "re_9" } } });
    expect(wrong.message).toBe('reply.refundId: expected "re_9", got "re_1"');
    const escalation = await runDslTest(refund.module, { ...small, expectOutcome: { kind: "escalation", target: "finance", reason: undefined } });
    expect(escalation.passed).toBe(false);
    expect(escalation.message).toMatch(/^expected an escalation to finance, got the reply \{"reply":"Refund re_1 of 40/);
  });

  it("fails on a call the test does not script", async () => {
    const result = await runDslTest(refund.module, { ...small, models: [] });
    expect(result.passed).toBe(false);
    expect(result.message).toContain('unscripted model call for prompt "judge": the session made 1, the test scripts 0; add `model judge { … }`');
  });

  it("fails on a scripted line the session never uses", async () => {
    const result = await runDslTest(refund.module, { ...small, humans: [{ state: "approve", item: { kind: "value", value: { approved: true } } }] });
    expect(result.passed).toBe(false);
    expect(result.message).toBe("1 scripted human response(s) never used");
  });

  it("fails when a human response is scripted for another state", async () => {
    const large = refund.tests.find((t) => t.name === "large refunds wait for a finance lead")!;
    const result = await runDslTest(refund.module, { ...large, humans: [{ state: "refund", item: { kind: "value", value: { approved: true } } }] });
    expect(result.message).toBe('human response 1 is scripted for state "refund" but the session waited in "approve"');
  });

  it("scripts a tool loop: the model asks for a tool, gets the scripted result, then answers", async () => {
    const loaded = await loadAgents([join(repo, "agents", "incident-triage.agent")], { root: repo });
    const triage = loaded.agents[0]!;
    const deploy = triage.tests.find((t) => t.name === "a bad deploy is reported with its cause")!;
    expect(deploy.models[0]).toEqual({ prompt: "diagnose", call: "recentDeploys", value: { service: "checkout-api", hours: 2 } });
    const results = await runDslTests(triage.module, triage.tests);
    expect(results.filter((r) => !r.passed).map((r) => `${r.test}: ${r.message}`)).toEqual([]);
    const withoutCall = await runDslTest(triage.module, { ...deploy, models: deploy.models.slice(1) });
    expect(withoutCall.passed).toBe(false);
    expect(withoutCall.message).toContain('1 scripted call of tool "recentDeploys" never used (the session made 0 of 1)');
  });

  it("runs a scripted tool error through the state's `on` transition", async () => {
    const result = await runDslTest(refund.module, { ...small, tools: [small.tools[0]!, { tool: "issueRefund", item: { kind: "error", name: "AlreadyRefunded" } }], expectOutcome: { kind: "reply", fields: { reply: "Order o12345 has already been refunded." } } });
    expect(result).toMatchObject({ passed: true, path: ["lookup", "judge", "refund"], outcome: { kind: "reply" } });
  });
});
