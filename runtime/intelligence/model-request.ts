/**
 * One request to one model through the AI SDK (`generateText`, or `streamText` when streaming),
 * under an aggressive timeout, with the SDK's retries off (fallback is ours). Never throws:
 * whatever happens becomes a `RequestResult`.
 */
import { TaskCancelledError, type TimeoutPolicy } from "cockatiel";
import { generateText, NoObjectGeneratedError, Output, streamText, jsonSchema, type JSONSchema7, type LanguageModel, type LanguageModelUsage, type ModelMessage, type ToolSet } from "ai";
import type { ModelUsage } from "./types.ts";
import { describeProviderError } from "./provider-error.ts";

export interface ModelToolCall {
  readonly id: string;
  readonly name: string;
  /** Parsed JSON input; the raw text when it was not JSON. */
  readonly input: unknown;
}

export interface ModelReply {
  readonly text: string;
  readonly toolCalls: readonly ModelToolCall[];
  readonly usage: ModelUsage;
  readonly finishReason: string;
}

export type RequestResult =
  | { readonly ok: true; readonly reply: ModelReply }
  | {
      readonly ok: false;
      /** `cancelled`: the step's signal aborted (the session stops); nothing to fall back to. */
      readonly kind: "provider" | "timeout" | "cancelled";
      readonly message: string;
      /** Counts for the provider's breaker. */
      readonly counts: boolean;
      readonly usage: ModelUsage;
    };

export interface ModelCall {
  readonly model: LanguageModel;
  readonly system: string;
  readonly messages: readonly ModelMessage[];
  /** A structured answer (`ask`): the provider's JSON mode, with this schema when known. */
  readonly answer?: { readonly schema: Record<string, unknown> | undefined };
  /** A loop turn: tools the model may call (none has `execute`: the loop is ours). */
  readonly tools?: ToolSet;
  readonly maxOutputTokens: number;
  readonly temperature: number | undefined;
  readonly stream: boolean;
}

const NO_USAGE: ModelUsage = { inputTokens: 0, outputTokens: 0 };

/** OpenAI's strict JSON Schema mode rejects optional fields, which agent results have. */
const PROVIDER_OPTIONS = { openai: { strictJsonSchema: false } };

export async function requestModel(call: ModelCall, timeout: TimeoutPolicy, signal: AbortSignal, timeoutMs: number): Promise<RequestResult> {
  try {
    const reply = await timeout.execute(({ signal: requestSignal }) => (call.stream ? streamRequest(call, requestSignal) : generateRequest(call, requestSignal)), signal);
    return reply;
  } catch (thrown) {
    if (signal.aborted) return { ok: false, kind: "cancelled", message: "request cancelled", counts: false, usage: NO_USAGE };
    if (thrown instanceof TaskCancelledError) return { ok: false, kind: "timeout", message: `timed out after ${timeoutMs}ms`, counts: true, usage: NO_USAGE };
    const failure = describeProviderError(thrown);
    return { ok: false, kind: "provider", message: failure.message, counts: failure.counts, usage: NO_USAGE };
  }
}

function settings(call: ModelCall, signal: AbortSignal) {
  return {
    model: call.model,
    system: call.system,
    messages: [...call.messages],
    maxOutputTokens: call.maxOutputTokens,
    ...(call.temperature === undefined ? {} : { temperature: call.temperature }),
    ...(call.tools === undefined ? {} : { tools: call.tools, toolChoice: "auto" as const }),
    ...(call.answer === undefined ? {} : { output: answerOutput(call.answer.schema) }),
    maxRetries: 0,
    abortSignal: signal,
    providerOptions: PROVIDER_OPTIONS,
  };
}

function answerOutput(schema: Record<string, unknown> | undefined) {
  // No `validate`: the SDK only checks that the text is JSON; the step's zod schema decides.
  return schema === undefined ? Output.json({ name: "answer" }) : Output.object({ schema: jsonSchema(schema as JSONSchema7), name: "answer" });
}

async function generateRequest(call: ModelCall, signal: AbortSignal): Promise<RequestResult> {
  try {
    const result = await generateText(settings(call, signal));
    const toolCalls = result.toolCalls.map((c) => ({ id: c.toolCallId, name: c.toolName, input: c.input as unknown }));
    return { ok: true, reply: { text: result.text, toolCalls, usage: usageOf(result.usage), finishReason: result.finishReason } };
  } catch (thrown) {
    // The provider answered, but not JSON: a reply for the caller to judge (and repair).
    if (NoObjectGeneratedError.isInstance(thrown)) return { ok: true, reply: { text: thrown.text ?? "", toolCalls: [], usage: usageOf(thrown.usage), finishReason: thrown.finishReason ?? "unknown" } };
    throw thrown;
  }
}

/** Reads the whole stream; an error part, or a stream that ends before `finish`, is a provider failure. */
async function streamRequest(call: ModelCall, signal: AbortSignal): Promise<RequestResult> {
  const result = streamText({ ...settings(call, signal), onError: () => {} });
  let text = "";
  const toolCalls: ModelToolCall[] = [];
  let usage: ModelUsage = NO_USAGE;
  let finishReason: string | undefined;
  for await (const part of result.fullStream) {
    switch (part.type) {
      case "text-delta":
        text += part.text;
        break;
      case "tool-call":
        toolCalls.push({ id: part.toolCallId, name: part.toolName, input: part.input as unknown });
        break;
      case "finish-step":
        usage = usageOf(part.usage);
        break;
      case "finish":
        finishReason = part.finishReason;
        break;
      case "error": {
        const failure = describeProviderError(part.error);
        return { ok: false, kind: "provider", message: failure.message, counts: failure.counts, usage };
      }
      case "abort":
        throw new TaskCancelledError();
      default:
        break;
    }
  }
  if (finishReason === undefined || finishReason === "error") return { ok: false, kind: "provider", message: "provider error: the stream ended before the response was complete", counts: true, usage };
  return { ok: true, reply: { text, toolCalls, usage, finishReason } };
}

function usageOf(usage: LanguageModelUsage | undefined): ModelUsage {
  return { inputTokens: usage?.inputTokens ?? 0, outputTokens: usage?.outputTokens ?? 0 };
}
