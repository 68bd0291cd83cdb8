/** One `chat <model>` span per model request, a child of the step's span, with GenAI attributes and no prompt text or key. */
import { context, trace } from "@opentelemetry/api";
import { InMemorySpanExporter, SimpleSpanProcessor, TracerProvider } from "@opentelemetry/sdk-trace";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { startFakeLlmServer, type FakeLlmServer } from "../../support/fake-llm-server.ts";
import { API_KEY, askStep, goodAnswer, intelligenceFor, SECRET_MESSAGE } from "./support.ts";

let server: FakeLlmServer;
const exporter = new InMemorySpanExporter();
const provider = new TracerProvider({ spanProcessors: [new SimpleSpanProcessor({ exporter })] });

beforeAll(async () => {
  server = await startFakeLlmServer();
  trace.setGlobalTracerProvider(provider);
});
afterAll(async () => {
  trace.disable();
  await server.close();
});
beforeEach(() => {
  server.reset();
  exporter.reset();
});

describe("intelligence: chat spans", () => {
  it("creates a chat span per request under the step's span, with semconv attributes", async () => {
    const { intelligence } = intelligenceFor(server);
    server.enqueueFor("gpt-4.1-mini", { kind: "status", status: 500 });
    server.enqueueFor("claude-sonnet-4-5", { kind: "text", text: `not json ${SECRET_MESSAGE}` }, { kind: "answer", value: goodAnswer, usage: { input: 400, output: 20 } });
    const stepSpan = provider.getTracer("test").startSpan("step classify");
    const traceContext = trace.setSpan(context.active(), stepSpan);
    await intelligence.ask(askStep({ primary: "openai:gpt-4.1-mini", fallback: "anthropic:claude-sonnet-4-5" }, { traceContext }));
    stepSpan.end();

    const spans = exporter.getFinishedSpans().filter((s) => s.name.startsWith("chat "));
    expect(spans.map((s) => s.name)).toEqual(["chat gpt-4.1-mini", "chat claude-sonnet-4-5", "chat claude-sonnet-4-5"]);
    for (const span of spans) {
      expect(span.parentSpanContext?.spanId).toBe(stepSpan.spanContext().spanId);
      expect(span.spanContext().traceId).toBe(stepSpan.spanContext().traceId);
      expect(span.instrumentationScope.name).toBe("agentc");
    }
    expect(spans[0]!.attributes).toMatchObject({
      "gen_ai.operation.name": "chat",
      "gen_ai.provider.name": "openai",
      "gen_ai.request.model": "gpt-4.1-mini",
      "gen_ai.request.max_tokens": 500,
      "agentc.prompt.name": "classify",
      "agentc.prompt.version": 3,
      "agentc.prompt.hash": "sha256:0f00",
      "agentc.request.kind": "ask",
      "agentc.request.fallback": false,
      "error.type": "provider",
    });
    expect(spans[0]!.status.code).toBe(2); // ERROR
    expect(spans[1]!.attributes).toMatchObject({ "gen_ai.provider.name": "anthropic", "agentc.request.fallback": true, "error.type": "invalid_output" });
    expect(spans[2]!.attributes).toMatchObject({
      "agentc.request.kind": "repair",
      "agentc.request.fallback": true, // a step that fell back stays on the fallback
      "gen_ai.usage.input_tokens": 400,
      "gen_ai.usage.output_tokens": 20,
      "gen_ai.response.finish_reasons": ["stop"],
    });
    expect(spans[2]!.status.code).toBe(0); // UNSET
    const everything = JSON.stringify(spans.map((s) => [s.name, s.attributes, s.status, s.events]));
    expect(everything).not.toContain(SECRET_MESSAGE);
    expect(everything).not.toContain("Classify this message");
    expect(everything).not.toContain(API_KEY);
  });

  it("without a step context, parents on the active context", async () => {
    const { intelligence } = intelligenceFor(server);
    server.enqueue({ kind: "answer", value: goodAnswer });
    await intelligence.ask(askStep({ primary: "openai:gpt-4.1-mini" }));
    const [span] = exporter.getFinishedSpans();
    expect(span?.name).toBe("chat gpt-4.1-mini");
    expect(span?.parentSpanContext).toBeUndefined();
  });
});
