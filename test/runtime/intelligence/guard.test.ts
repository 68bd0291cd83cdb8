/** The guard before every request (an upper bound of its cost), and usage and cost after it. */
import fc from "fast-check";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { inputTokensUpperBound, TOKENS_FOR_DEFINITIONS, TOKENS_PER_MESSAGE, TOKENS_PER_REQUEST } from "../../../runtime/intelligence/index.ts";
import { callCostUsd, mergePriceTables } from "../../../runtime/prices.ts";
import { startFakeLlmServer, type FakeLlmServer } from "../../support/fake-llm-server.ts";
import { askStep, goodAnswer, intelligenceFor, SECRET_MESSAGE, TEST_PRICES } from "./support.ts";

let server: FakeLlmServer;
beforeAll(async () => void (server = await startFakeLlmServer()));
afterAll(() => server.close());
beforeEach(() => server.reset());

const model = "openai:gpt-4.1-mini";
const bytes = (s: string) => new TextEncoder().encode(s).length;

describe("intelligence: guard", () => {
  it("a denial stops the step before any HTTP request", async () => {
    const { intelligence } = intelligenceFor(server);
    server.enqueue({ kind: "answer", value: goodAnswer });
    const step = askStep({ primary: model, fallback: "anthropic:claude-sonnet-4-5" }, { deny: () => ({ allow: false, reason: "cost budget: $0.002 left" }) });
    expect(await intelligence.ask(step)).toEqual({ kind: "stopped", reason: "cost budget: $0.002 left" });
    expect(server.requests).toHaveLength(0);
    expect(step.records).toHaveLength(0);
    expect(step.estimates).toHaveLength(1); // the fallback is not tried either: the session escalates
  });

  it("is consulted before the repair request too", async () => {
    const { intelligence } = intelligenceFor(server);
    server.enqueue({ kind: "text", text: "nope" }, { kind: "answer", value: goodAnswer });
    const step = askStep({ primary: model }, { deny: (e) => (e.kind === "repair" ? { allow: false, reason: "token budget" } : undefined) });
    expect(await intelligence.ask(step)).toEqual({ kind: "stopped", reason: "token budget" });
    expect(server.requests).toHaveLength(1);
    expect(step.records).toHaveLength(1); // the first request was made and is charged
  });

  it("a guard that throws fails closed", async () => {
    const { intelligence } = intelligenceFor(server);
    const step = askStep({ primary: model }, { guard: () => { throw new Error("store down"); } });
    const result = await intelligence.ask(step);
    expect(result.kind).toBe("stopped");
    expect(server.requests).toHaveLength(0);
  });

  it("estimates an upper bound from the rendered prompt, the schema and max tokens, priced by the table", async () => {
    const { intelligence } = intelligenceFor(server);
    server.enqueue({ kind: "answer", value: goodAnswer });
    const step = askStep({ primary: model });
    await intelligence.ask(step);
    const [estimate] = step.estimates;
    expect(estimate).toMatchObject({ model, kind: "ask", maxOutputTokens: 500 });
    const sent = JSON.stringify(server.requests[0]!.body);
    expect(estimate!.inputTokens).toBeGreaterThanOrEqual(bytes(`Classify this message: ${SECRET_MESSAGE}`) + TOKENS_FOR_DEFINITIONS);
    // Everything the request carried (prompt, instruction, schema) is at most its JSON bytes.
    expect(estimate!.inputTokens).toBeGreaterThanOrEqual(bytes(sent) - 400);
    expect(estimate!.worstCaseCostUsd).toBeCloseTo(callCostUsd({ inputPerMTok: 0.4, outputPerMTok: 1.6 }, estimate!.inputTokens, 500), 12);
  });

  it("has no worst-case cost for a model without a price", async () => {
    const { intelligence } = intelligenceFor(server, { prices: new Map() });
    server.enqueue({ kind: "answer", value: goodAnswer });
    const step = askStep({ primary: model });
    await intelligence.ask(step);
    expect(step.estimates[0]?.worstCaseCostUsd).toBeUndefined();
    expect(step.records[0]?.costUsd).toBeUndefined();
  });

  it("the bound covers every byte of every message and definition, plus framing", () => {
    fc.assert(
      fc.property(fc.array(fc.string({ unit: "binary" })), fc.array(fc.jsonValue()), (messages, definitions) => {
        const bound = inputTokensUpperBound({ messages, definitions });
        const textBytes = messages.reduce((n, m) => n + bytes(m), 0) + definitions.reduce((n: number, d) => n + bytes(JSON.stringify(d) ?? ""), 0);
        expect(bound).toBeGreaterThanOrEqual(textBytes + TOKENS_PER_REQUEST + messages.length * TOKENS_PER_MESSAGE);
        if (definitions.length > 0) expect(bound).toBeGreaterThanOrEqual(textBytes + TOKENS_FOR_DEFINITIONS);
      }),
    );
  });
});

describe("intelligence: usage and cost", () => {
  it("records the provider's usage, priced by the table", async () => {
    const { intelligence } = intelligenceFor(server);
    server.enqueue({ kind: "answer", value: goodAnswer, usage: { input: 1_000, output: 200 } });
    const step = askStep({ primary: model });
    await intelligence.ask(step);
    expect(step.records[0]).toMatchObject({ provider: "openai", usage: { inputTokens: 1_000, outputTokens: 200 }, finishReason: "stop", responseText: JSON.stringify(goodAnswer) });
    expect(step.records[0]?.costUsd).toBeCloseTo((1_000 * 0.4 + 200 * 1.6) / 1e6, 12);
    expect(step.records[0]?.durationMs).toBeGreaterThanOrEqual(0);
  });

  it("uses the user's price table over the defaults", async () => {
    const prices = mergePriceTables(TEST_PRICES, new Map([[model, { inputPerMTok: 10, outputPerMTok: 100 }]]));
    const { intelligence } = intelligenceFor(server, { prices });
    server.enqueue({ kind: "answer", value: goodAnswer, usage: { input: 1_000, output: 200 } });
    const step = askStep({ primary: model });
    await intelligence.ask(step);
    expect(step.records[0]?.costUsd).toBeCloseTo((1_000 * 10 + 200 * 100) / 1e6, 12);
  });

  it("records the usage of an answer that failed validation", async () => {
    const { intelligence } = intelligenceFor(server);
    server.enqueue({ kind: "text", text: "nope", usage: { input: 50, output: 5 } }, { kind: "answer", value: goodAnswer, usage: { input: 70, output: 9 } });
    const step = askStep({ primary: model });
    await intelligence.ask(step);
    expect(step.records.map((r) => r.usage)).toEqual([
      { inputTokens: 50, outputTokens: 5 },
      { inputTokens: 70, outputTokens: 9 },
    ]);
  });

  it("an observer that throws changes nothing", async () => {
    const { intelligence } = intelligenceFor(server, { onEvent: () => { throw new Error("observer bug"); } });
    server.enqueue({ kind: "status", status: 500 }, { kind: "answer", value: goodAnswer });
    const step = askStep({ primary: model, fallback: "chat:gpt-4.1-mini" }, { onRequest: () => { throw new Error("recorder bug"); } });
    expect(await intelligence.ask(step)).toEqual({ kind: "outcome", outcome: { ok: true, value: goodAnswer } });
  });
});
