/**
 * Primary → fallback on provider errors (500, 429, network, a cut stream), timeouts and an open
 * provider breaker; without a fallback, a typed failure. Invalid output is not a reason to fall back.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { startFakeLlmServer, type Behaviour, type FakeLlmServer } from "../../support/fake-llm-server.ts";
import { createOpenAI } from "@ai-sdk/openai";
import { API_KEY, askStep, goodAnswer, intelligenceFor, providersFor } from "./support.ts";

let server: FakeLlmServer;
beforeAll(async () => void (server = await startFakeLlmServer()));
afterAll(() => server.close());
beforeEach(() => server.reset());

const primary = "openai:gpt-4.1-mini";
const fallback = "anthropic:claude-sonnet-4-5";
const both = { primary, fallback };
const answer: Behaviour = { kind: "answer", value: goodAnswer };

function failureOf(result: unknown) {
  const r = result as { kind: string; outcome?: { ok: boolean; failure?: { kind: string; message: string } } };
  expect(r.kind).toBe("outcome");
  expect(r.outcome?.ok).toBe(false);
  return r.outcome!.failure!;
}

describe("intelligence: fallback", () => {
  const providerErrors: [string, Behaviour, boolean][] = [
    ["HTTP 500", { kind: "status", status: 500 }, false],
    ["HTTP 429", { kind: "status", status: 429 }, false],
    ["a JSON body cut mid-way", { kind: "cut" }, false],
    ["a stream cut mid-way", { kind: "cut" }, true],
    ["HTTP 500 (streaming)", { kind: "status", status: 500 }, true],
  ];
  for (const [name, behaviour, stream] of providerErrors) {
    it(`falls back on ${name}`, async () => {
      const { intelligence, events } = intelligenceFor(server, { stream });
      server.enqueueFor("gpt-4.1-mini", behaviour);
      server.enqueueFor("claude-sonnet-4-5", answer);
      const step = askStep(both);
      expect(await intelligence.ask(step)).toEqual({ kind: "outcome", outcome: { ok: true, value: goodAnswer } });
      expect(server.requests.map((r) => r.model)).toEqual(["gpt-4.1-mini", "claude-sonnet-4-5"]);
      expect(step.records.map((r) => [r.model, r.ok])).toEqual([
        [primary, false],
        [fallback, true],
      ]);
      expect(step.estimates.map((e) => e.model)).toEqual([primary, fallback]); // the guard saw both
      expect(events).toContainEqual(expect.objectContaining({ type: "fallback", from: primary, to: fallback }));
    });

    it(`fails typed on ${name} without a fallback model`, async () => {
      const { intelligence } = intelligenceFor(server, { stream });
      server.enqueueFor("gpt-4.1-mini", behaviour);
      const failure = failureOf(await intelligence.ask(askStep({ primary })));
      expect(failure.kind).toBe("failure");
      expect(failure.message).toMatch(/^model unavailable: openai:gpt-4\.1-mini: .+ \(no fallback model\)$/u);
      expect(server.requests).toHaveLength(1);
    });
  }

  it("names the status in the failure and never the API key", async () => {
    const { intelligence } = intelligenceFor(server);
    server.enqueueFor("gpt-4.1-mini", { kind: "status", status: 401, message: `Incorrect API key provided: ${API_KEY}` });
    const step = askStep({ primary });
    const failure = failureOf(await intelligence.ask(step));
    expect(failure.message).toContain("HTTP 401");
    expect(failure.message).not.toContain(API_KEY);
    expect(JSON.stringify(step.records)).not.toContain(API_KEY);
  });

  it("falls back on a request timeout (a hanging server) and fails with `timeout` without a fallback", async () => {
    const { intelligence } = intelligenceFor(server, { requestTimeoutMs: 150 });
    server.enqueueFor("gpt-4.1-mini", { kind: "hang" });
    server.enqueueFor("claude-sonnet-4-5", answer);
    const step = askStep(both);
    expect(await intelligence.ask(step)).toEqual({ kind: "outcome", outcome: { ok: true, value: goodAnswer } });
    expect(step.records[0]).toMatchObject({ model: primary, ok: false, error: "timed out after 150ms" });

    server.enqueueFor("gpt-4.1-mini", { kind: "hang" });
    const failure = failureOf(await intelligence.ask(askStep({ primary })));
    expect(failure).toEqual({ kind: "timeout", message: "model request timed out: openai:gpt-4.1-mini: timed out after 150ms (no fallback model)" });
  });

  it("falls back when the primary's server cannot be reached (connection refused)", async () => {
    const gone = await startFakeLlmServer();
    const unreachable = gone.baseURL;
    await gone.close();
    const { intelligence } = intelligenceFor(server, { providers: { ...providersFor(server), down: createOpenAI({ baseURL: unreachable, apiKey: API_KEY }) } });
    server.enqueueFor("claude-sonnet-4-5", answer);
    const step = askStep({ primary: "down:gpt-4.1-mini", fallback });
    expect(await intelligence.ask(step)).toEqual({ kind: "outcome", outcome: { ok: true, value: goodAnswer } });
    expect(step.records[0]).toMatchObject({ model: "down:gpt-4.1-mini", ok: false });
    expect(step.records[0]?.error).toMatch(/^provider error: Cannot connect to API/u);
  });

  it("falls back when the primary's provider is not configured", async () => {
    const { intelligence } = intelligenceFor(server);
    server.enqueueFor("claude-sonnet-4-5", answer);
    const step = askStep({ primary: "mistral:large", fallback });
    expect(await intelligence.ask(step)).toEqual({ kind: "outcome", outcome: { ok: true, value: goodAnswer } });
    expect(server.requests).toHaveLength(1);
    expect(step.records.map((r) => r.model)).toEqual([fallback]); // no request, no record for the missing provider
  });

  it("does not fall back on invalid output (that is what the repair is for)", async () => {
    const { intelligence } = intelligenceFor(server);
    server.enqueueFor("gpt-4.1-mini", { kind: "text", text: "not json" }, { kind: "text", text: "still not json" });
    const failure = failureOf(await intelligence.ask(askStep(both)));
    expect(failure.message).toBe("invalid output from openai:gpt-4.1-mini after one repair: the answer is not valid JSON");
    expect(server.requests.map((r) => r.model)).toEqual(["gpt-4.1-mini", "gpt-4.1-mini"]);
  });

  it("stops at once when the session's signal aborts, without trying the fallback", async () => {
    const { intelligence } = intelligenceFor(server);
    const controller = new AbortController();
    server.enqueueFor("gpt-4.1-mini", { kind: "hang" });
    const pending = intelligence.ask(askStep(both, { signal: controller.signal }));
    while (server.requests.length === 0) await new Promise((r) => setTimeout(r, 5));
    controller.abort();
    expect(failureOf(await pending)).toEqual({ kind: "failure", message: "model request cancelled" });
    expect(server.requests).toHaveLength(1);
  });
});

describe("intelligence: provider breaker", () => {
  it("opens after N provider failures; then the primary is skipped without a request", async () => {
    const { intelligence, events } = intelligenceFor(server, { breaker: { failures: 2, cooldownMs: 600_000 } });
    for (let i = 0; i < 2; i++) {
      server.enqueueFor("gpt-4.1-mini", { kind: "status", status: 500 });
      server.enqueueFor("claude-sonnet-4-5", answer);
      expect((await intelligence.ask(askStep(both))).kind).toBe("outcome");
    }
    expect(intelligence.breakerStates()).toMatchObject({ openai: "open", anthropic: "closed" });
    expect(events).toContainEqual({ type: "breaker", provider: "openai", state: "open" });

    server.enqueueFor("claude-sonnet-4-5", answer);
    const before = server.requests.length;
    const step = askStep(both);
    expect(await intelligence.ask(step)).toEqual({ kind: "outcome", outcome: { ok: true, value: goodAnswer } });
    expect(server.requests.slice(before).map((r) => r.model)).toEqual(["claude-sonnet-4-5"]);
    expect(events).toContainEqual(expect.objectContaining({ type: "breaker-skip", provider: "openai", model: primary }));
    expect(step.records.map((r) => r.model)).toEqual([fallback]);

    const failure = failureOf(await intelligence.ask(askStep({ primary })));
    expect(failure.message).toBe("model unavailable: openai:gpt-4.1-mini: circuit open for provider openai (no fallback model)");
  });

  it("does not count client errors (401, 400) or invalid output", async () => {
    const { intelligence } = intelligenceFor(server, { breaker: { failures: 1 } });
    server.enqueueFor("gpt-4.1-mini", { kind: "status", status: 401 }, { kind: "status", status: 400 }, { kind: "text", text: "x" }, { kind: "text", text: "y" });
    await intelligence.ask(askStep({ primary }));
    await intelligence.ask(askStep({ primary }));
    await intelligence.ask(askStep({ primary }));
    expect(intelligence.breakerStates()).toEqual({ openai: "closed" });
  });
});
