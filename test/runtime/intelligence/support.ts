/** Shared fixtures for the intelligence layer's tests: providers on the fake server, steps that record. */
import { createAnthropic } from "@ai-sdk/anthropic";
import { createOpenAI } from "@ai-sdk/openai";
import { createOpenAICompatible } from "@ai-sdk/openai-compatible";
import { z } from "zod";
import { createIntelligence, type IntelligenceOptions } from "../../../runtime/intelligence/index.ts";
import type { GuardDecision, IntelligenceEvent, LoopStep, LoopToolResult, ModelRequestEstimate, ModelRequestRecord, ModelStep } from "../../../runtime/intelligence/types.ts";
import { DEFAULT_PRICES, mergePriceTables } from "../../../runtime/prices.ts";
import type { FakeLlmServer } from "../../support/fake-llm-server.ts";

export const API_KEY = "sk-test-0123456789abcdefSECRET";

/**
 * `openai` (Responses API), `chat` (OpenAI chat completions), `anthropic` (Messages API),
 * `local` (an OpenAI-compatible server, as Ollama / vLLM / LM Studio are).
 */
export function providersFor(server: FakeLlmServer): IntelligenceOptions["providers"] {
  const openai = createOpenAI({ baseURL: server.baseURL, apiKey: API_KEY });
  return {
    openai,
    chat: { languageModel: (id: string) => openai.chat(id) },
    anthropic: createAnthropic({ baseURL: server.baseURL, apiKey: API_KEY }),
    local: createOpenAICompatible({ name: "local", baseURL: server.baseURL, apiKey: API_KEY, supportsStructuredOutputs: true }),
  };
}

/** The default prices plus the test-only providers' ids. */
export const TEST_PRICES = mergePriceTables(
  DEFAULT_PRICES,
  new Map([
    ["chat:gpt-4.1-mini", { inputPerMTok: 0.4, outputPerMTok: 1.6 }],
    ["local:llama3.1", { inputPerMTok: 0, outputPerMTok: 0 }],
  ]),
);

export function intelligenceFor(server: FakeLlmServer, over: Partial<IntelligenceOptions> = {}) {
  const events: IntelligenceEvent[] = [];
  const intelligence = createIntelligence({ providers: providersFor(server), prices: TEST_PRICES, requestTimeoutMs: 5_000, onEvent: (e) => void events.push(e), ...over });
  return { intelligence, events };
}

export const triageSchema = z.object({ category: z.enum(["refund", "shipping", "other"]), confidence: z.number().min(0).max(1), note: z.string().optional() });
export const goodAnswer = { category: "refund", confidence: 0.9 };

export const prompt = {
  name: "classify",
  version: 3,
  hash: "sha256:0f00",
  text: "Classify this message: {{input.message}}",
  parts: [
    { kind: "text", text: "Classify this message: " },
    { kind: "placeholder", path: ["input", "message"] },
  ],
} as const;

export const SECRET_MESSAGE = "my card 4111-1111 was charged twice";

export interface Recording {
  readonly estimates: ModelRequestEstimate[];
  readonly records: ModelRequestRecord[];
}

export function askStep(models: { primary: string; fallback?: string }, over: Partial<ModelStep> & { deny?: (e: ModelRequestEstimate) => GuardDecision | undefined } = {}): ModelStep & Recording {
  const estimates: ModelRequestEstimate[] = [];
  const records: ModelRequestRecord[] = [];
  const { deny, ...rest } = over;
  return {
    sessionId: "session-1",
    state: "classify",
    prompt,
    scope: { input: { message: SECRET_MESSAGE }, results: {} },
    schema: triageSchema,
    maxTokens: 500,
    temperature: 0,
    models: { primary: models.primary, fallback: models.fallback },
    signal: new AbortController().signal,
    guard: (e) => {
      estimates.push(e);
      return deny?.(e) ?? { allow: true };
    },
    onRequest: (r) => void records.push(r),
    estimates,
    records,
    ...rest,
  };
}

export const loopTools = [
  { name: "getOrder", description: "Look up an order", inputJsonSchema: { type: "object", properties: { orderId: { type: "string" } }, required: ["orderId"] } },
  { name: "issueRefund", description: "Refund an order", inputJsonSchema: { type: "object", properties: { orderId: { type: "string" } }, required: ["orderId"] } },
];

export function loopStep(models: { primary: string; fallback?: string }, callTool: (name: string, args: unknown) => Promise<LoopToolResult>, over: Partial<LoopStep> = {}): LoopStep & Recording & { calls: { name: string; args: unknown }[] } {
  const calls: { name: string; args: unknown }[] = [];
  return {
    ...askStep(models),
    state: "investigate",
    tools: loopTools,
    turnsLeft: 4,
    callTool: (name, args) => {
      calls.push({ name, args });
      return callTool(name, args);
    },
    calls,
    ...over,
  };
}
