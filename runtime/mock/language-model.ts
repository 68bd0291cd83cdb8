/**
 * The mock model itself: an AI SDK `LanguageModelV3` answering from a script or from what the
 * request offers (see mock-model.ts for the behaviour), and the state its models share.
 * Internal: its AI SDK types stay out of `agentc/runtime`'s declarations.
 */
import type {
  JSONSchema7,
  LanguageModelV3,
  LanguageModelV3CallOptions,
  LanguageModelV3Content,
  LanguageModelV3FunctionTool,
  LanguageModelV3GenerateResult,
  LanguageModelV3StreamPart,
  LanguageModelV3StreamResult,
  LanguageModelV3Usage,
} from "@ai-sdk/provider";
import { APICallError, NoSuchModelError } from "@ai-sdk/provider";
import type { PromptMetadata } from "../contract.ts";
import { MockConfigError } from "./errors.ts";
import { stringForName } from "./field-values.ts";
import { generateJson } from "./generate-value.ts";
import type { JsonSchemaLike } from "./json-schema.ts";
import type { MockModelOptions, MockModelRequest } from "./mock-model.ts";
import { ANY_PROMPT, type ScriptEntry, type ScriptedError } from "./model-script.ts";
import { fnv1a, rngFor, type Rng, type Seed } from "./random.ts";
import { untilAborted } from "./waiting.ts";

/** Script cursors, request counts and the request log, shared by all models of a mock run. */
export class MockModelState {
  readonly options: MockModelOptions;
  readonly requests: MockModelRequest[] = [];
  readonly #cursors = new Map<string, number>();
  readonly #seen = new Map<number, number>();

  constructor(options: MockModelOptions) {
    const rate = options.toolCallRate ?? 0.5;
    if (!(rate >= 0 && rate <= 1)) throw new MockConfigError(`toolCallRate ${rate} is not between 0 and 1`);
    this.options = options;
  }

  noSuchModel(modelId: string, modelType: "embeddingModel" | "imageModel"): never {
    throw new NoSuchModelError({ modelId, modelType, message: `the mock provider has no ${modelType}s` });
  }

  /** Is this tool how a loop answers? */
  isAnswerTool(name: string): boolean {
    const names = this.options.answerTools;
    return names !== undefined ? names.includes(name) : name === "answer" || /^final_answer_*$/.test(name);
  }

  /** The next script entry for a prompt, if the script has one left. */
  nextEntry(prompt: string | undefined): ScriptEntry | undefined {
    const script = this.options.script;
    if (script === undefined) return undefined;
    const key = prompt !== undefined && script.byPrompt.has(prompt) ? prompt : script.byPrompt.has(ANY_PROMPT) ? ANY_PROMPT : undefined;
    const list = key === undefined ? script.ordered : script.byPrompt.get(key)!;
    const cursor = key ?? "\u0000ordered";
    const at = this.#cursors.get(cursor) ?? 0;
    if (at >= list.length) return undefined;
    this.#cursors.set(cursor, at + 1);
    return list[at];
  }

  /** The stream for this request: by its content and how often the same request came before. */
  rngFor(request: string): Rng {
    const hash = fnv1a(request);
    const n = this.#seen.get(hash) ?? 0;
    this.#seen.set(hash, n + 1);
    return rngFor(this.options.seed ?? 0, "model", hash, n);
  }
}

type Reply = Exclude<Response, { kind: "error" }>;
type ProviderFailure = Exclude<ScriptedError, { kind: "invalid-json" | "cut" }>;

type Response =
  | { readonly kind: "text"; readonly text: string; readonly cut?: boolean; readonly length?: boolean }
  | { readonly kind: "tool-call"; readonly toolName: string; readonly input: string; readonly length?: boolean }
  | { readonly kind: "error"; readonly error: ProviderFailure };

export class MockLanguageModel implements LanguageModelV3 {
  readonly specificationVersion = "v3";
  readonly provider: string;
  readonly modelId: string;
  readonly supportedUrls = {};
  readonly #state: MockModelState;

  constructor(state: MockModelState, provider: string, modelId: string) {
    this.#state = state;
    this.provider = provider;
    this.modelId = modelId;
  }

  async doGenerate(options: LanguageModelV3CallOptions): Promise<LanguageModelV3GenerateResult> {
    const { response, usage, id } = await this.#respond(options);
    const content: LanguageModelV3Content[] =
      response.kind === "text" ? [{ type: "text", text: response.text }] : [{ type: "tool-call", toolCallId: id, toolName: response.toolName, input: response.input }];
    return {
      content,
      finishReason: finish(response),
      usage,
      response: { id, modelId: this.modelId, timestamp: new Date(0) },
      warnings: [],
    };
  }

  async doStream(options: LanguageModelV3CallOptions): Promise<LanguageModelV3StreamResult> {
    const { response, usage, id } = await this.#respond(options);
    const parts: LanguageModelV3StreamPart[] = [{ type: "stream-start", warnings: [] }, { type: "response-metadata", id, modelId: this.modelId, timestamp: new Date(0) }];
    if (response.kind === "text") {
      parts.push({ type: "text-start", id: "t0" });
      for (const delta of chunks(response.text)) parts.push({ type: "text-delta", id: "t0", delta });
      if (response.cut === true) parts.push({ type: "error", error: cutError(this) });
      else parts.push({ type: "text-end", id: "t0" });
    } else if (response.kind === "tool-call") {
      parts.push({ type: "tool-input-start", id, toolName: response.toolName });
      for (const delta of chunks(response.input)) parts.push({ type: "tool-input-delta", id, delta });
      parts.push({ type: "tool-input-end", id }, { type: "tool-call", toolCallId: id, toolName: response.toolName, input: response.input });
    }
    if (response.kind !== "text" || response.cut !== true) parts.push({ type: "finish", usage, finishReason: finish(response) });
    return {
      stream: new ReadableStream<LanguageModelV3StreamPart>({
        start(controller) {
          for (const part of parts) controller.enqueue(part);
          controller.close();
        },
      }),
    };
  }

  /** Decides the response, logs it, and throws for scripted provider errors. */
  async #respond(options: LanguageModelV3CallOptions): Promise<{ response: Reply; usage: LanguageModelV3Usage; id: string }> {
    const state = this.#state;
    const requestText = describe(options);
    const rng = state.rngFor(`${this.modelId}\u0000${requestText}`);
    const prompt = promptName(options, state.options.prompts);
    const entry = state.nextEntry(prompt);
    const response = capOutput(respond(options, entry, rng, state), options.maxOutputTokens);
    state.requests.push({ provider: this.provider, modelId: this.modelId, prompt, scripted: entry !== undefined, response: response.kind === "text" ? "answer" : response.kind });
    if (response.kind === "error") return this.#fail(response.error, options.abortSignal, state.options.retryAfterMs);
    const output = response.kind === "text" ? response.text : response.kind === "tool-call" ? response.input : "";
    const id = `mock-${fnv1a(requestText).toString(16)}-${rng.int(0, 0xffff).toString(16)}`;
    return { response, usage: usage(requestText, output), id };
  }

  async #fail(error: ProviderFailure, signal: AbortSignal | undefined, retryAfterMs: number | undefined): Promise<never> {
    if (error.kind === "timeout") {
      if (signal === undefined) throw new DOMException(`mock ${this.provider}:${this.modelId} timed out (the request had no abortSignal to wait for)`, "TimeoutError");
      return untilAborted(signal);
    }
    throw new APICallError({
      message: `mock ${this.provider}:${this.modelId} answered HTTP ${error.status}`,
      url: `mock://${this.provider}/${this.modelId}`,
      requestBodyValues: {},
      statusCode: error.status,
      ...(retryAfterMs === undefined ? {} : { responseHeaders: { "retry-after-ms": String(retryAfterMs) } }),
      isRetryable: error.status === 408 || error.status === 409 || error.status === 429 || error.status >= 500,
    });
  }
}

/** The response to a request: the script's entry, or one generated from what the request offers. */
function respond(options: LanguageModelV3CallOptions, entry: ScriptEntry | undefined, rng: Rng, state: MockModelState): Response {
  const settings = state.options;
  const tools = functionTools(options);
  const choice = options.toolChoice ?? { type: "auto" };
  const answerTool = choice.type === "none" ? undefined : tools.find((t) => state.isAnswerTool(t.name) && (choice.type !== "tool" || choice.toolName === t.name));
  const json = options.responseFormat?.type === "json" ? options.responseFormat : undefined;
  const answer = (value: unknown): Response => {
    if (answerTool !== undefined) return { kind: "tool-call", toolName: answerTool.name, input: JSON.stringify(value ?? {}) };
    return { kind: "text", text: typeof value === "string" && json === undefined ? value : JSON.stringify(value) };
  };
  const callTool = (name: string, args: unknown): Response => {
    const offered = tools.find((t) => t.name === name);
    return { kind: "tool-call", toolName: name, input: JSON.stringify(args ?? (offered === undefined ? {} : generateJson(offered.inputSchema as JsonSchemaLike, offered.inputSchema as JsonSchemaLike, rng, `${name}.input`))) };
  };
  if (entry !== undefined) {
    switch (entry.kind) {
      case "tool":
        return callTool(entry.tool, entry.args);
      case "answer":
        return answer(entry.value);
      case "error":
        if (entry.error.kind === "invalid-json") return { kind: "text", text: '{"answer": "this is not' };
        if (entry.error.kind === "cut") {
          const full = JSON.stringify(generated(answerTool?.inputSchema ?? json?.schema, rng));
          return { kind: "text", text: full.slice(0, Math.max(1, Math.floor(full.length / 2))), cut: true };
        }
        return { kind: "error", error: entry.error };
    }
  }
  const actions = tools.filter((t) => !state.isAnswerTool(t.name));
  if (choice.type === "tool" && answerTool === undefined) return callTool(choice.toolName, undefined);
  const priorCalls = options.prompt.reduce((n, m) => n + (m.role === "assistant" ? m.content.filter((p) => p.type === "tool-call").length : 0), 0);
  const mustCall = choice.type === "required" && answerTool === undefined;
  const mayCall = choice.type !== "none" && choice.type !== "tool" && actions.length > 0;
  if (mayCall && (mustCall || (priorCalls < (settings.maxToolCalls ?? 3) && rng.bool(settings.toolCallRate ?? 0.5)))) return callTool(rng.pick(actions).name, undefined);
  if (answerTool !== undefined) return answer(generated(answerTool.inputSchema, rng));
  if (json !== undefined) return answer(generated(json.schema, rng));
  return { kind: "text", text: stringForName("answer", rng) };
}

function generated(schema: JSONSchema7 | undefined, rng: Rng): unknown {
  if (schema === undefined) return stringForName("answer", rng);
  return generateJson(schema as JsonSchemaLike, schema as JsonSchemaLike, rng, "answer");
}

function functionTools(options: LanguageModelV3CallOptions): LanguageModelV3FunctionTool[] {
  return (options.tools ?? []).filter((t): t is LanguageModelV3FunctionTool => t.type === "function");
}

/**
 * Which prompt the request renders: `providerOptions.agentc.prompt` when the caller says so,
 * else the prompt whose template text appears, in order, in the request's system and user
 * text (the most text matched wins).
 */
export function promptName(options: LanguageModelV3CallOptions, prompts: Readonly<Record<string, PromptMetadata>> | undefined): string | undefined {
  const told = options.providerOptions?.agentc?.prompt;
  if (typeof told === "string") return told;
  if (prompts === undefined) return undefined;
  const text = options.prompt
    .filter((m) => m.role === "system" || m.role === "user")
    .map((m) => (m.role === "system" ? m.content : m.content.map((p) => (p.type === "text" ? p.text : "")).join("")))
    .join("\n");
  let best: string | undefined;
  let bestScore = 0;
  for (const [name, prompt] of Object.entries(prompts)) {
    let at = 0;
    let score = 0;
    for (const part of prompt.parts) {
      if (part.kind !== "text" || part.text.trim() === "") continue;
      const found = text.indexOf(part.text.trim(), at);
      if (found < 0) {
        score = -1;
        break;
      }
      at = found + part.text.trim().length;
      score += part.text.trim().length;
    }
    if (score > bestScore) [best, bestScore] = [name, score];
  }
  return best;
}

/** The request as text: the hash input for its stream, and the prompt-token count. */
function describe(options: LanguageModelV3CallOptions): string {
  return JSON.stringify([options.prompt, functionTools(options).map((t) => [t.name, t.inputSchema]), options.responseFormat ?? null, options.toolChoice ?? null]);
}

function usage(request: string, output: string): LanguageModelV3Usage {
  const input = Math.max(1, Math.ceil(request.length / 4));
  const out = Math.max(1, Math.ceil(output.length / 4));
  return { inputTokens: { total: input, noCache: input, cacheRead: 0, cacheWrite: 0 }, outputTokens: { total: out, text: out, reasoning: 0 } };
}

/** Like a real provider, an answer stops at the request's output-token limit (a token per 4 characters). */
function capOutput(response: Response, maxOutputTokens: number | undefined): Response {
  if (maxOutputTokens === undefined || response.kind === "error") return response;
  const limit = Math.max(1, maxOutputTokens) * 4;
  if (response.kind === "text" && response.text.length > limit) return { ...response, text: response.text.slice(0, limit), length: true };
  if (response.kind === "tool-call" && response.input.length > limit) return { ...response, input: response.input.slice(0, limit), length: true };
  return response;
}

function finish(response: Reply): { unified: "stop" | "tool-calls" | "error" | "length"; raw: string } {
  if (response.length === true) return { unified: "length", raw: "length" };
  if (response.kind === "tool-call") return { unified: "tool-calls", raw: "tool_calls" };
  return response.kind === "text" && response.cut !== true ? { unified: "stop", raw: "stop" } : { unified: "error", raw: "error" };
}

function chunks(text: string): string[] {
  const out: string[] = [];
  for (let i = 0; i < text.length; i += 16) out.push(text.slice(i, i + 16));
  return out.length === 0 ? [""] : out;
}

function cutError(model: MockLanguageModel): APICallError {
  return new APICallError({ message: `mock ${model.provider}:${model.modelId}: the stream was cut off`, url: `mock://${model.provider}/${model.modelId}`, requestBodyValues: {}, isRetryable: true });
}
