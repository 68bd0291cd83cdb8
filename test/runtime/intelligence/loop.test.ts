/**
 * `use tools` loops: each tool call goes through orchestration's `callTool`; blocked or failed
 * calls are fed back; the `final_answer` tool (input schema = the result's) ends the loop;
 * `exhausted` when the turns run out.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { LoopToolResult } from "../../../runtime/intelligence/types.ts";
import { startFakeLlmServer, type FakeLlmServer, type RecordedRequest } from "../../support/fake-llm-server.ts";
import { goodAnswer, intelligenceFor, loopStep } from "./support.ts";

let server: FakeLlmServer;
beforeAll(async () => void (server = await startFakeLlmServer()));
afterAll(() => server.close());
beforeEach(() => server.reset());

const order = { orderId: "o-17", total: 120 };
const lookup = async (name: string): Promise<LoopToolResult> => (name === "getOrder" ? { ok: true, value: order } : { ok: false, message: `${name} is not allowed in state investigate` });

/** The tool results the model was sent, in the request's own wire format, as text. */
const sent = (request: RecordedRequest | undefined) => JSON.stringify(request?.body);

/** The tools offered in a request, by name, whatever the API. */
function toolNames(request: RecordedRequest | undefined): string[] {
  const tools = (request?.body["tools"] ?? []) as { name?: string; function?: { name: string } }[];
  return tools.map((t) => t.name ?? t.function?.name ?? "?");
}

describe("intelligence: loop", () => {
  for (const stream of [false, true]) {
    for (const model of ["openai:gpt-4.1-mini", "chat:gpt-4.1-mini", "anthropic:claude-sonnet-4-5"]) {
      it(`calls a tool, feeds its result back, and ends on final_answer (${model}, ${stream ? "streaming" : "JSON"})`, async () => {
        const { intelligence } = intelligenceFor(server, { stream });
        server.enqueue({ kind: "tool-calls", calls: [{ name: "getOrder", args: { orderId: "o-17" } }] }, { kind: "tool-calls", calls: [{ name: "final_answer", args: goodAnswer }] });
        const step = loopStep({ primary: model }, lookup);
        expect(await intelligence.loop(step)).toEqual({ kind: "outcome", outcome: { ok: true, value: goodAnswer, turns: 2 } });
        expect(step.calls).toEqual([{ name: "getOrder", args: { orderId: "o-17" } }]);
        expect(toolNames(server.requests[0])).toEqual(["getOrder", "issueRefund", "final_answer"]);
        expect(sent(server.requests[1])).toContain("o-17");
        expect(sent(server.requests[1])).toContain("120"); // the tool's output went back
        expect(step.records.map((r) => r.kind)).toEqual(["turn", "turn"]);
        expect(step.estimates.map((e) => e.kind)).toEqual(["turn", "turn"]);
      });
    }
  }

  it("feeds a blocked call's message back and goes on", async () => {
    const { intelligence } = intelligenceFor(server);
    server.enqueue({ kind: "tool-calls", calls: [{ name: "issueRefund", args: { orderId: "o-17" } }] }, { kind: "tool-calls", calls: [{ name: "final_answer", args: goodAnswer }] });
    const step = loopStep({ primary: "chat:gpt-4.1-mini" }, lookup);
    expect(await intelligence.loop(step)).toEqual({ kind: "outcome", outcome: { ok: true, value: goodAnswer, turns: 2 } });
    expect(sent(server.requests[1])).toContain("issueRefund is not allowed in state investigate");
  });

  it("hands a call of an unknown tool to orchestration (which blocks it) instead of dropping it", async () => {
    const { intelligence } = intelligenceFor(server);
    server.enqueue({ kind: "tool-calls", calls: [{ name: "deleteDatabase", args: {} }] }, { kind: "tool-calls", calls: [{ name: "final_answer", args: goodAnswer }] });
    const step = loopStep({ primary: "chat:gpt-4.1-mini" }, lookup);
    expect((await intelligence.loop(step)).kind).toBe("outcome");
    expect(step.calls).toEqual([{ name: "deleteDatabase", args: {} }]);
    expect(sent(server.requests[1])).toContain("deleteDatabase is not allowed");
  });

  it("rejects an invalid final answer back to the model, then accepts a valid one", async () => {
    const { intelligence } = intelligenceFor(server);
    server.enqueue({ kind: "tool-calls", calls: [{ name: "final_answer", args: { category: "refund", confidence: 3 } }] }, { kind: "tool-calls", calls: [{ name: "final_answer", args: goodAnswer }] });
    const step = loopStep({ primary: "chat:gpt-4.1-mini" }, lookup);
    expect(await intelligence.loop(step)).toEqual({ kind: "outcome", outcome: { ok: true, value: goodAnswer, turns: 2 } });
    expect(sent(server.requests[1])).toContain("answer rejected: confidence: Too big");
  });

  it("accepts a valid JSON answer given as text, and nudges a prose one towards final_answer", async () => {
    const { intelligence } = intelligenceFor(server);
    server.enqueue({ kind: "text", text: "I think it is a refund." }, { kind: "answer", value: goodAnswer });
    const step = loopStep({ primary: "chat:gpt-4.1-mini" }, lookup);
    expect(await intelligence.loop(step)).toEqual({ kind: "outcome", outcome: { ok: true, value: goodAnswer, turns: 2 } });
    expect(sent(server.requests[1])).toContain('Call the tool \\"final_answer\\"');
  });

  it("ends exhausted when the turns run out", async () => {
    const { intelligence } = intelligenceFor(server);
    const again = { kind: "tool-calls", calls: [{ name: "getOrder", args: { orderId: "o-17" } }] } as const;
    server.enqueue(again, again, again);
    const step = loopStep({ primary: "chat:gpt-4.1-mini" }, lookup, { turnsLeft: 2 });
    expect(await intelligence.loop(step)).toEqual({ kind: "outcome", outcome: { ok: false, failure: { kind: "exhausted", message: "no valid answer after 2 turns" }, turns: 2 } });
    expect(server.requests).toHaveLength(2);
    expect(step.calls).toHaveLength(2);
  });

  it("with no turns left, ends exhausted without a request", async () => {
    const { intelligence } = intelligenceFor(server);
    const step = loopStep({ primary: "chat:gpt-4.1-mini" }, lookup, { turnsLeft: 0 });
    expect(await intelligence.loop(step)).toEqual({ kind: "outcome", outcome: { ok: false, failure: { kind: "exhausted", message: "no turns left" }, turns: 0 } });
    expect(server.requests).toHaveLength(0);
  });

  it("a valid final answer ends the loop: other calls of that turn are not executed", async () => {
    const { intelligence } = intelligenceFor(server);
    server.enqueue({ kind: "tool-calls", calls: [{ name: "issueRefund", args: { orderId: "o-17" } }, { name: "final_answer", args: goodAnswer }] });
    const step = loopStep({ primary: "chat:gpt-4.1-mini" }, lookup);
    expect(await intelligence.loop(step)).toEqual({ kind: "outcome", outcome: { ok: true, value: goodAnswer, turns: 1 } });
    expect(step.calls).toEqual([]);
  });

  it("a guard denial mid-loop stops it; a provider failure fails it with the turns used", async () => {
    const { intelligence } = intelligenceFor(server);
    server.enqueue({ kind: "tool-calls", calls: [{ name: "getOrder", args: { orderId: "o-17" } }] });
    let n = 0;
    const stopped = loopStep({ primary: "chat:gpt-4.1-mini" }, lookup, { guard: () => (++n > 1 ? { allow: false, reason: "steps budget" } : { allow: true }) });
    expect(await intelligence.loop(stopped)).toEqual({ kind: "stopped", reason: "steps budget" });

    server.reset();
    server.enqueue({ kind: "tool-calls", calls: [{ name: "getOrder", args: { orderId: "o-17" } }] }, { kind: "status", status: 503 });
    const result = await intelligence.loop(loopStep({ primary: "chat:gpt-4.1-mini" }, lookup));
    expect(result).toMatchObject({ kind: "outcome", outcome: { ok: false, failure: { kind: "failure" }, turns: 2 } });
  });

  it("a callTool that rejects (an orchestration defect) is a failed call, not a crash", async () => {
    const { intelligence } = intelligenceFor(server);
    server.enqueue({ kind: "tool-calls", calls: [{ name: "getOrder", args: { orderId: "o-17" } }] }, { kind: "tool-calls", calls: [{ name: "final_answer", args: goodAnswer }] });
    const step = loopStep({ primary: "chat:gpt-4.1-mini" }, () => Promise.reject(new Error("boom")));
    expect(await intelligence.loop(step)).toEqual({ kind: "outcome", outcome: { ok: true, value: goodAnswer, turns: 2 } });
    expect(sent(server.requests[1])).toContain("getOrder failed: internal error");
  });
});

describe("intelligence: loop fallback", () => {
  it("once a turn fell back, later turns go to the fallback directly", async () => {
    const { intelligence } = intelligenceFor(server);
    server.enqueueFor("gpt-4.1-mini", { kind: "status", status: 500 }, { kind: "answer", value: goodAnswer });
    server.enqueueFor("claude-sonnet-4-5", { kind: "tool-calls", calls: [{ name: "getOrder", args: { orderId: "o-17" } }] }, { kind: "tool-calls", calls: [{ name: "final_answer", args: goodAnswer }] });
    const step = loopStep({ primary: "openai:gpt-4.1-mini", fallback: "anthropic:claude-sonnet-4-5" }, lookup);
    expect(await intelligence.loop(step)).toEqual({ kind: "outcome", outcome: { ok: true, value: goodAnswer, turns: 2 } });
    expect(server.requests.map((r) => r.model)).toEqual(["gpt-4.1-mini", "claude-sonnet-4-5", "claude-sonnet-4-5"]);
  });
});
