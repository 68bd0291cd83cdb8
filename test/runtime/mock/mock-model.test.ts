/** The scripted model as an AI SDK provider, driven through `generateText` / `streamText` as the intelligence layer does. */
import { APICallError, createProviderRegistry, generateText, hasToolCall, NoObjectGeneratedError, Output, stepCountIs, streamText, tool } from "ai";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { renderTemplate } from "../../../runtime/contract.ts";
import { MockConfigError, modelScript, parseModelScript } from "../../../runtime/mock/index.ts";
import { exampleModule, typedMockProvider as mockModelProvider, typedMockProviders as mockModelProviders } from "./support.ts";

const verdict = z.object({ eligible: z.boolean(), amount: z.number().min(0), reason: z.string().max(300) });
const orderInput = z.object({ orderId: z.string().regex(new RegExp("^o[0-9]{4,12}$", "u")) });

/** A `getOrder` tool that records the arguments it was called with. */
function orderTool() {
  const calls: unknown[] = [];
  return { calls, getOrder: tool({ description: "Look up an order.", inputSchema: orderInput, execute: async (args) => (calls.push(args), { total: 42 }) }) };
}

describe("mockModelProvider without a script", () => {
  it("answers structured output with values valid against the schema, the same for the same seed", async () => {
    const ask = (seed: number) => generateText({ model: mockModelProvider({ seed }).languageModel("gpt-4.1-mini"), prompt: "Judge the refund.", output: Output.object({ schema: verdict }) });
    const outputs = await Promise.all(Array.from({ length: 20 }, (_, seed) => ask(seed)));
    for (const result of outputs) expect(verdict.safeParse(result.output).success).toBe(true);
    expect((await ask(3)).output).toEqual(outputs[3]!.output);
    expect(new Set(outputs.map((r) => JSON.stringify(r.output))).size).toBeGreaterThan(15);
  });

  it("reports usage from the text's length", async () => {
    const short = await generateText({ model: mockModelProvider().languageModel("m"), prompt: "hi", output: Output.object({ schema: verdict }) });
    const long = await generateText({ model: mockModelProvider().languageModel("m"), prompt: "hi ".repeat(400), output: Output.object({ schema: verdict }) });
    expect(short.usage.inputTokens).toBeGreaterThan(0);
    expect(short.usage.outputTokens).toBe(Math.ceil(short.text.length / 4));
    expect(long.usage.inputTokens! - short.usage.inputTokens!).toBeGreaterThanOrEqual(290);
  });

  it("in a tool loop, sometimes calls offered tools with valid generated arguments, then answers", async () => {
    let called = 0;
    for (let seed = 0; seed < 12; seed++) {
      const { calls, getOrder } = orderTool();
      const result = await generateText({
        model: mockModelProvider({ seed, maxToolCalls: 2 }).languageModel("m"),
        prompt: "Find the order, then judge.",
        tools: { getOrder },
        output: Output.object({ schema: verdict }),
        stopWhen: stepCountIs(10),
      });
      expect(verdict.safeParse(result.output).success).toBe(true);
      expect(calls.length).toBeLessThanOrEqual(2);
      for (const args of calls) expect(orderInput.safeParse(args).success).toBe(true);
      called += calls.length;
    }
    expect(called).toBeGreaterThan(0);
  });

  it("gives the loop's answer through an `answer` tool when one is offered", async () => {
    const { getOrder } = orderTool();
    const result = await generateText({
      model: mockModelProvider({ seed: 5 }).languageModel("m"),
      prompt: "Judge.",
      tools: { getOrder, answer: tool({ description: "Give the verdict.", inputSchema: verdict }) },
      toolChoice: "required",
      stopWhen: [hasToolCall("answer"), stepCountIs(10)],
    });
    const last = result.steps[result.steps.length - 1]!.toolCalls;
    expect(last.map((c) => c.toolName)).toEqual(["answer"]);
    expect(verdict.safeParse(last[0]!.input).success).toBe(true);
  });

  it("recognises the intelligence layer's final_answer tool by default", async () => {
    for (const name of ["final_answer", "final_answer__"]) {
      const { getOrder } = orderTool();
      const result = await generateText({
        model: mockModelProvider({ seed: 1, toolCallRate: 0 }).languageModel("m"),
        prompt: "Judge.",
        tools: { getOrder, [name]: tool({ description: "Give the verdict.", inputSchema: verdict }) },
        stopWhen: [hasToolCall(name), stepCountIs(5)],
      });
      expect(result.steps.flatMap((s) => s.toolCalls.map((c) => c.toolName))).toEqual([name]);
    }
  });

  it("streams the same kind of answer", async () => {
    const result = streamText({ model: mockModelProvider({ seed: 2 }).languageModel("m"), prompt: "Judge.", output: Output.object({ schema: verdict }) });
    expect(verdict.safeParse(await result.output).success).toBe(true);
    expect((await result.usage).outputTokens).toBeGreaterThan(0);
  });
});

describe("mockModelProvider with a script", () => {
  it("replays tool calls and answers in order; tool calls without args get generated ones", async () => {
    const { calls, getOrder } = orderTool();
    const script = modelScript([{ tool: "getOrder", args: { orderId: "o55555" } }, { tool: "getOrder" }, { eligible: true, amount: 12.5, reason: "late" }]);
    const provider = mockModelProvider({ seed: 1, script });
    const result = await generateText({ model: provider.languageModel("m"), prompt: "p", tools: { getOrder }, output: Output.object({ schema: verdict }), stopWhen: stepCountIs(10) });
    expect(calls[0]).toEqual({ orderId: "o55555" });
    expect(orderInput.safeParse(calls[1]).success).toBe(true);
    expect(result.output).toEqual({ eligible: true, amount: 12.5, reason: "late" });
    expect(provider.requests.map((r) => [r.scripted, r.response])).toEqual([
      [true, "tool-call"],
      [true, "tool-call"],
      [true, "answer"],
    ]);
  });

  it("keeps a list per prompt name, telling prompts apart by their rendered template", async () => {
    const module = await exampleModule("refund");
    const prompts = module.metadata.prompts;
    const script = parseModelScript(JSON.stringify({ judge: [{ eligible: false, amount: 0, reason: "not delivered" }], "*": ["other"] }), prompts);
    const provider = mockModelProvider({ seed: 1, script, prompts });
    const scope = { input: { customerId: "c1", orderId: "o12345", message: "It broke" }, results: { order: { total: 80, currency: "USD", status: "delivered" } } };
    const judged = await generateText({ model: provider.languageModel("m"), system: renderTemplate(prompts.judge!.parts, scope), prompt: "Answer.", output: Output.object({ schema: verdict }) });
    expect(judged.output).toEqual({ eligible: false, amount: 0, reason: "not delivered" });
    const other = await generateText({ model: provider.languageModel("m"), prompt: "Something else entirely." });
    expect(other.text).toBe("other");
    expect(provider.requests.map((r) => r.prompt)).toEqual(["judge", undefined]);
  });

  it("a scripted 500 is retried by the SDK and the next entry answers", async () => {
    const provider = mockModelProvider({ retryAfterMs: 0, script: modelScript([{ error: "500" }, { eligible: true, amount: 1, reason: "ok" }]) });
    const result = await generateText({ model: provider.languageModel("m"), prompt: "p", output: Output.object({ schema: verdict }) });
    expect(result.output).toEqual({ eligible: true, amount: 1, reason: "ok" });
    expect(provider.requests.map((r) => r.response)).toEqual(["error", "answer"]);
  });

  it("scripted 429s past the retries reject with the provider error", async () => {
    const provider = mockModelProvider({ retryAfterMs: 0, script: modelScript([{ error: "429" }, { error: 429 }]) });
    const error = await generateText({ model: provider.languageModel("m"), prompt: "p", maxRetries: 1 }).catch((e: unknown) => e);
    expect(JSON.stringify(error)).toContain("429");
    const lastError = (error as { lastError?: unknown }).lastError ?? error;
    expect(APICallError.isInstance(lastError) && lastError.statusCode === 429).toBe(true);
  });

  it("invalid JSON fails structured output; a cut stream errors; a timeout waits for the abort", async () => {
    const invalid = mockModelProvider({ script: modelScript([{ error: "invalid-json" }]) });
    await expect(generateText({ model: invalid.languageModel("m"), prompt: "p", output: Output.object({ schema: verdict }) })).rejects.toSatisfy(NoObjectGeneratedError.isInstance);

    const cut = mockModelProvider({ script: modelScript([{ error: "cut" }]) });
    const errors: unknown[] = [];
    const stream = streamText({ model: cut.languageModel("m"), prompt: "p", onError: ({ error }) => void errors.push(error) });
    await stream.text;
    expect(errors.map(String)).toEqual(["AI_APICallError: mock mock:m: the stream was cut off"]);
    const cutGenerate = mockModelProvider({ script: modelScript([{ error: "cut" }]) });
    expect((await generateText({ model: cutGenerate.languageModel("m"), prompt: "p" })).finishReason).toBe("error");

    const hung = mockModelProvider({ script: modelScript([{ error: "timeout" }]) });
    const controller = new AbortController();
    let settled = false;
    const call = generateText({ model: hung.languageModel("m"), prompt: "p", abortSignal: controller.signal, maxRetries: 0 }).finally(() => (settled = true));
    await new Promise((resolve) => setImmediate(resolve));
    expect(settled).toBe(false);
    controller.abort(new Error("deadline"));
    await expect(call).rejects.toThrow("deadline");
  });

  it("falls back to generated answers when the script runs out", async () => {
    const provider = mockModelProvider({ script: modelScript([{ eligible: true, amount: 1, reason: "ok" }]) });
    await generateText({ model: provider.languageModel("m"), prompt: "p", output: Output.object({ schema: verdict }) });
    const second = await generateText({ model: provider.languageModel("m"), prompt: "p", output: Output.object({ schema: verdict }) });
    expect(verdict.safeParse(second.output).success).toBe(true);
    expect(provider.requests.map((r) => r.scripted)).toEqual([true, false]);
  });
});

describe("mockModelProviders", () => {
  it("gives one provider per provider name, usable in an AI SDK registry", async () => {
    const providers = mockModelProviders(["openai:gpt-4.1-mini", "anthropic:claude-haiku-4-5", undefined, "openai:gpt-4.1"], { seed: 1 });
    expect(Object.keys(providers)).toEqual(["openai", "anthropic"]);
    const registry = createProviderRegistry(providers);
    const result = await generateText({ model: registry.languageModel("anthropic:claude-haiku-4-5"), prompt: "p", output: Output.object({ schema: verdict }) });
    expect(verdict.safeParse(result.output).success).toBe(true);
    expect(providers.openai!.requests).toEqual([{ provider: "anthropic", modelId: "claude-haiku-4-5", prompt: undefined, scripted: false, response: "answer" }]);
  });
});

describe("model scripts", () => {
  it.each([
    ["{", /model script: not JSON/],
    ["42", /expected a list of answers, or an object of answer lists by prompt name/],
    ['{"judge": {"a": 1}}', /"judge" must be a list of answers/],
    ['[{"tool": 3}]', /model script \[0\]: "tool" must be a tool name/],
    ['[{"tool": "getOrder", "args": [1]}]', /"args" must be an object/],
    ['[{"error": "boom"}]', /error "boom" is not an HTTP status.*write \{ "value": … \}/],
  ])("%s is a MockConfigError", (text, message) => {
    expect(() => parseModelScript(text)).toThrow(MockConfigError);
    expect(() => parseModelScript(text)).toThrow(message);
  });

  it("names the agent's prompts for an unknown prompt", async () => {
    const module = await exampleModule("refund");
    expect(() => parseModelScript('{"judgment": []}', module.metadata.prompts)).toThrow(/unknown prompt "judgment"; the agent's prompts are judge \(or "\*" for any other\)/);
  });

  it("reads the forms of an entry", () => {
    const script = parseModelScript('[1, "text", {"tool": "t"}, {"error": "503"}, {"value": {"error": "x"}}, {"error": "x", "other": 1}]');
    expect(script.ordered).toEqual([
      { kind: "answer", value: 1 },
      { kind: "answer", value: "text" },
      { kind: "tool", tool: "t", args: undefined },
      { kind: "error", error: { kind: "status", status: 503 } },
      { kind: "answer", value: { error: "x" } },
      { kind: "answer", value: { error: "x", other: 1 } },
    ]);
  });
});
