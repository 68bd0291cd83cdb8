/** `ask` on each API (JSON and streaming): render, call, validate, record usage and cost. */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { startFakeLlmServer, type FakeLlmServer } from "../../support/fake-llm-server.ts";
import { askStep, goodAnswer, intelligenceFor, SECRET_MESSAGE } from "./support.ts";

let server: FakeLlmServer;
beforeAll(async () => void (server = await startFakeLlmServer()));
afterAll(() => server.close());
beforeEach(() => server.reset());

const apis = [
  { model: "openai:gpt-4.1-mini", path: "/v1/responses" },
  { model: "chat:gpt-4.1-mini", path: "/v1/chat/completions" },
  { model: "anthropic:claude-sonnet-4-5", path: "/v1/messages" },
  // An older model without native structured output: the SDK forces its `json` tool instead.
  { model: "anthropic:claude-3-haiku-20240307", path: "/v1/messages" },
  { model: "local:llama3.1", path: "/v1/chat/completions" },
];

describe("intelligence: ask", () => {
  for (const stream of [false, true]) {
    for (const { model, path } of apis) {
      it(`answers through ${path} (${model}, ${stream ? "streaming" : "JSON"})`, async () => {
        const { intelligence } = intelligenceFor(server, { stream });
        server.enqueue({ kind: "answer", value: goodAnswer, usage: { input: 321, output: 12 } });
        const step = askStep({ primary: model });
        const result = await intelligence.ask(step);
        expect(result).toEqual({ kind: "outcome", outcome: { ok: true, value: goodAnswer } });
        expect(server.requests).toHaveLength(1);
        expect(server.requests[0]?.path).toBe(path);
        expect(server.requests[0]?.stream).toBe(stream);
        expect(JSON.stringify(server.requests[0]?.body)).toContain(SECRET_MESSAGE); // the rendered prompt was sent
        expect(step.records).toHaveLength(1);
        expect(step.records[0]).toMatchObject({ model, kind: "ask", ok: true, usage: { inputTokens: 321, outputTokens: 12 }, promptText: `Classify this message: ${SECRET_MESSAGE}` });
      });
    }
  }
});

describe("intelligence: structured output on the wire", () => {
  const schemaOf: Record<string, (body: Record<string, unknown>) => unknown> = {
    "openai:gpt-4.1-mini": (b) => (b["text"] as { format: { schema: unknown } }).format.schema,
    "chat:gpt-4.1-mini": (b) => (b["response_format"] as { json_schema: { schema: unknown } }).json_schema.schema,
    "local:llama3.1": (b) => (b["response_format"] as { json_schema: { schema: unknown } }).json_schema.schema,
    "anthropic:claude-sonnet-4-5": (b) => (b["output_config"] as { format: { schema: unknown } }).format.schema,
    "anthropic:claude-3-haiku-20240307": (b) => (b["tools"] as { name: string; input_schema: unknown }[]).find((t) => t.name === "json")?.input_schema,
  };
  for (const [model, read] of Object.entries(schemaOf)) {
    it(`sends the result's JSON Schema as ${model}'s structured output`, async () => {
      const { intelligence } = intelligenceFor(server);
      server.enqueue({ kind: "answer", value: goodAnswer });
      await intelligence.ask(askStep({ primary: model }));
      expect(read(server.requests[0]!.body)).toMatchObject({ type: "object", properties: { category: { enum: ["refund", "shipping", "other"] } }, required: ["category", "confidence"] });
    });
  }
});
