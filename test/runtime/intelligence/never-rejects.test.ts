/**
 * Whatever the providers do (valid, invalid or garbage answers, tool calls, 4xx, 429, 500, cut
 * streams, hangs), `ask` and `loop` resolve with a typed result, an `ok` value is valid
 * against the schema, and the number of requests stays bounded.
 */
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startFakeLlmServer, type Behaviour, type FakeLlmServer } from "../../support/fake-llm-server.ts";
import { askStep, goodAnswer, intelligenceFor, loopStep, triageSchema } from "./support.ts";

let server: FakeLlmServer;
beforeAll(async () => void (server = await startFakeLlmServer()));
afterAll(() => server.close());

const behaviour: fc.Arbitrary<Behaviour> = fc.oneof(
  { arbitrary: fc.constant<Behaviour>({ kind: "answer", value: goodAnswer }), weight: 3 },
  { arbitrary: fc.jsonValue().map((value): Behaviour => ({ kind: "answer", value })), weight: 2 },
  { arbitrary: fc.string().map((text): Behaviour => ({ kind: "text", text })), weight: 2 },
  { arbitrary: fc.constantFrom<Behaviour>({ kind: "status", status: 500 }, { kind: "status", status: 429 }, { kind: "status", status: 400 }, { kind: "status", status: 503 }), weight: 2 },
  { arbitrary: fc.constant<Behaviour>({ kind: "cut" }), weight: 1 },
  { arbitrary: fc.constant<Behaviour>({ kind: "hang" }), weight: 1 },
  {
    arbitrary: fc
      .array(fc.record({ name: fc.constantFrom("getOrder", "issueRefund", "final_answer", "nope"), args: fc.oneof(fc.constant(goodAnswer), fc.dictionary(fc.string(), fc.jsonValue(), { maxKeys: 3 })) }), { minLength: 1, maxLength: 3 })
      .map((calls): Behaviour => ({ kind: "tool-calls", calls })),
    weight: 3,
  },
);

const models = fc.constantFrom("openai:gpt-4.1-mini", "chat:gpt-4.1-mini", "anthropic:claude-sonnet-4-5", "local:llama3.1");

const scenario = fc.record({
  behaviours: fc.array(behaviour, { maxLength: 8 }),
  stream: fc.boolean(),
  primary: models,
  fallback: fc.option(models, { nil: undefined }),
  loop: fc.boolean(),
  turnsLeft: fc.integer({ min: 0, max: 3 }),
});

describe("intelligence: never rejects", () => {
  it("resolves typed for any provider behaviour", { timeout: 120_000 }, async () => {
    await fc.assert(
      fc.asyncProperty(scenario, async (s) => {
        server.reset();
        server.enqueue(...s.behaviours);
        const { intelligence } = intelligenceFor(server, { stream: s.stream, requestTimeoutMs: 100, breaker: { failures: 1_000 } });
        const models = { primary: s.primary, ...(s.fallback === undefined ? {} : { fallback: s.fallback }) };
        const result = s.loop
          ? await intelligence.loop(loopStep(models, async (name) => (name === "getOrder" ? { ok: true, value: { total: 1 } } : { ok: false, message: "blocked" }), { turnsLeft: s.turnsLeft }))
          : await intelligence.ask(askStep(models));
        expect(result.kind).toBe("outcome");
        if (result.kind !== "outcome") return;
        if (result.outcome.ok) expect(triageSchema.safeParse(result.outcome.value).success).toBe(true);
        else expect(["failure", "timeout", "exhausted"]).toContain(result.outcome.failure.kind);
        const perRequest = s.fallback === undefined || s.fallback === s.primary ? 1 : 2;
        expect(server.requests.length).toBeLessThanOrEqual((s.loop ? s.turnsLeft : 2) * perRequest);
      }),
      { numRuns: 60 },
    );
  });
});
