/** Invalid JSON or a schema mismatch: one repair request telling the model what was wrong, then a typed failure. */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { startFakeLlmServer, type FakeLlmServer } from "../../support/fake-llm-server.ts";
import { askStep, goodAnswer, intelligenceFor } from "./support.ts";

let server: FakeLlmServer;
beforeAll(async () => void (server = await startFakeLlmServer()));
afterAll(() => server.close());
beforeEach(() => server.reset());

const model = "chat:gpt-4.1-mini";

/** The text of the last user message the server received. */
function lastUserText(body: Record<string, unknown>): string {
  const messages = body["messages"] as { role: string; content: unknown }[];
  const last = messages.filter((m) => m.role === "user").at(-1);
  return typeof last?.content === "string" ? last.content : JSON.stringify(last?.content);
}

describe("intelligence: repair", () => {
  it("repairs invalid JSON once, telling the model what was wrong, then succeeds", async () => {
    const { intelligence, events } = intelligenceFor(server);
    server.enqueue({ kind: "text", text: "Sure! The category is refund." }, { kind: "answer", value: goodAnswer });
    const step = askStep({ primary: model });
    expect(await intelligence.ask(step)).toEqual({ kind: "outcome", outcome: { ok: true, value: goodAnswer } });
    expect(server.requests).toHaveLength(2);
    expect(lastUserText(server.requests[1]!.body)).toContain("Your previous answer was rejected: the answer is not valid JSON");
    const history = server.requests[1]!.body["messages"] as { role: string; content: unknown }[];
    expect(history.map((m) => m.role)).toEqual(["system", "user", "assistant", "user"]);
    expect(step.records.map((r) => [r.kind, r.ok, r.error])).toEqual([
      ["ask", false, "invalid output: the answer is not valid JSON"],
      ["repair", true, undefined],
    ]);
    expect(step.estimates.map((e) => e.kind)).toEqual(["ask", "repair"]);
    expect(events).toContainEqual({ type: "repair", sessionId: "session-1", state: "classify", model, problem: "the answer is not valid JSON" });
  });

  it("repairs a schema mismatch, naming the path and the issue", async () => {
    const { intelligence } = intelligenceFor(server);
    server.enqueue({ kind: "answer", value: { category: "refund", confidence: 7 } }, { kind: "answer", value: { category: "refund", confidence: 0.7 } });
    const result = await intelligence.ask(askStep({ primary: model }));
    expect(result).toEqual({ kind: "outcome", outcome: { ok: true, value: { category: "refund", confidence: 0.7 } } });
    expect(lastUserText(server.requests[1]!.body)).toMatch(/rejected: confidence: Too big/u);
  });

  it("fails typed when the repair is invalid too, and sends no third request", async () => {
    const { intelligence } = intelligenceFor(server);
    server.enqueue({ kind: "answer", value: { category: "SECRET-VALUE", confidence: 0.5 } }, { kind: "answer", value: { category: "SECRET-VALUE", confidence: 0.5 } }, { kind: "answer", value: goodAnswer });
    const step = askStep({ primary: model });
    const result = await intelligence.ask(step);
    expect(result.kind === "outcome" && !result.outcome.ok && result.outcome.failure.kind).toBe("failure");
    const message = result.kind === "outcome" && !result.outcome.ok ? result.outcome.failure.message : "";
    expect(message).toMatch(/^invalid output from chat:gpt-4\.1-mini after one repair: category: /u);
    expect(message).not.toContain("SECRET-VALUE"); // problems name paths and issues, never values
    expect(server.requests).toHaveLength(2);
    expect(server.pending()).toBe(1);
    expect(step.records.map((r) => r.ok)).toEqual([false, false]);
  });

  it("accepts an answer in a ```json fence", async () => {
    const { intelligence } = intelligenceFor(server);
    server.enqueue({ kind: "text", text: "```json\n" + JSON.stringify(goodAnswer) + "\n```" });
    expect(await intelligence.ask(askStep({ primary: model }))).toEqual({ kind: "outcome", outcome: { ok: true, value: goodAnswer } });
  });

  it("strips undeclared fields: the value is the schema's parse", async () => {
    const { intelligence } = intelligenceFor(server);
    server.enqueue({ kind: "answer", value: { ...goodAnswer, extra: "dropped" } });
    expect(await intelligence.ask(askStep({ primary: model }))).toEqual({ kind: "outcome", outcome: { ok: true, value: goodAnswer } });
  });
});
