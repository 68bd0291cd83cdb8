/**
 * A model request with its safety net: for the primary, then the fallback model, ask the
 * guard, pass the provider's breaker, send under the timeout inside a `chat` span, and
 * record what it used. The first model that answers wins; invalid output is the caller's
 * business (repair), not a reason to fall back.
 */
import { BrokenCircuitError, type TimeoutPolicy } from "cockatiel";
import type { LanguageModel, ModelMessage, ToolSet } from "ai";
import type { StepFailure } from "../contract.ts";
import type { PriceTable } from "../prices.ts";
import { estimateRequest, usageCostUsd } from "./estimate.ts";
import { requestModel, type ModelReply, type RequestResult } from "./model-request.ts";
import { safeMessage } from "./provider-error.ts";
import type { ProviderBreakers } from "./provider-breakers.ts";
import { endChatSpan, startChatSpan } from "./telemetry.ts";
import type { IntelligenceEvent, ModelRequestKind, ModelRequestRecord, ModelStep } from "./types.ts";

export interface ChainContext {
  readonly resolve: (modelId: string) => LanguageModel;
  readonly prices: PriceTable;
  readonly timeout: TimeoutPolicy;
  readonly timeoutMs: number;
  readonly breakers: ProviderBreakers;
  readonly stream: boolean;
  readonly now: () => number;
  readonly emit: (event: IntelligenceEvent) => void;
}

export interface ChainRequest {
  readonly step: ModelStep;
  readonly kind: ModelRequestKind;
  readonly system: string;
  readonly messages: readonly ModelMessage[];
  readonly answer?: { readonly schema: Record<string, unknown> | undefined };
  readonly tools?: ToolSet;
  /** Tool definitions and the response schema as sent, for the token bound. */
  readonly definitions: readonly unknown[];
  /** What the record keeps as the prompt (the rendered prompt, plus a repair's instruction). */
  readonly promptText: string;
  /** Judges a reply for the record: a problem (invalid output) makes the record `ok: false`. */
  readonly judge: (reply: ModelReply) => string | undefined;
  /** Once a step has fallen back, its later requests (repair, next turns) start at the fallback. */
  readonly fromFallback?: boolean;
}

export type ChainResult =
  | { readonly kind: "reply"; readonly reply: ModelReply; readonly model: string; readonly fallback: boolean }
  | { readonly kind: "stopped"; readonly reason: string }
  | { readonly kind: "failed"; readonly failure: StepFailure };

interface Attempted {
  readonly model: string;
  readonly message: string;
  readonly timeout: boolean;
}

/** `openai:gpt-4.1-mini` → `["openai", "gpt-4.1-mini"]`; undefined without a provider prefix. */
export function splitModelId(id: string): readonly [string, string] | undefined {
  const at = id.indexOf(":");
  if (at <= 0 || at === id.length - 1) return undefined;
  return [id.slice(0, at), id.slice(at + 1)];
}

export async function requestWithFallback(ctx: ChainContext, request: ChainRequest): Promise<ChainResult> {
  const { step } = request;
  const models = step.models.fallback === undefined || step.models.fallback === step.models.primary ? [step.models.primary] : [step.models.primary, step.models.fallback];
  const attempted: Attempted[] = [];
  const first = request.fromFallback === true ? models.length - 1 : 0;
  for (let index = first; index < models.length; index++) {
    const model = models[index]!;
    if (step.signal.aborted) return cancelled();
    const outcome = await tryModel(ctx, request, model, index > 0);
    if (outcome.kind === "reply" || outcome.kind === "stopped") return outcome;
    if (outcome.kind === "cancelled") return cancelled();
    attempted.push({ model, message: outcome.message, timeout: outcome.timeout });
    const next = models[index + 1];
    if (next !== undefined) ctx.emit({ type: "fallback", sessionId: step.sessionId, state: step.state, from: model, to: next, reason: outcome.message });
  }
  return { kind: "failed", failure: exhaustedModels(attempted, models.length === 1) };
}

type ModelOutcome =
  | Extract<ChainResult, { kind: "reply" | "stopped" }>
  | { readonly kind: "cancelled" }
  | { readonly kind: "unavailable"; readonly message: string; readonly timeout: boolean };

async function tryModel(ctx: ChainContext, request: ChainRequest, model: string, fallback: boolean): Promise<ModelOutcome> {
  const { step } = request;
  const split = splitModelId(model);
  if (split === undefined) return { kind: "unavailable", message: `invalid model id "${model}" (expected provider:model)`, timeout: false };
  const [provider, modelName] = split;
  let languageModel: LanguageModel;
  try {
    languageModel = ctx.resolve(model);
  } catch (thrown) {
    return { kind: "unavailable", message: `no provider for ${model}: ${safeMessage(thrown instanceof Error ? thrown.message : thrown)}`, timeout: false };
  }

  const estimate = estimateRequest(model, request.kind, { messages: [request.system, ...request.messages], definitions: request.definitions }, step.maxTokens, ctx.prices);
  const decision = consultGuard(step, estimate);
  if (!decision.allow) return { kind: "stopped", reason: decision.reason };

  const send = async (): Promise<RequestResult> => {
    const span = startChatSpan({ step, kind: request.kind, provider, model: modelName, fallback, estimatedInputTokens: estimate.inputTokens });
    const started = ctx.now();
    const call = { model: languageModel, system: request.system, messages: request.messages, maxOutputTokens: step.maxTokens, temperature: step.temperature, stream: ctx.stream };
    const result = await requestModel({ ...call, ...(request.answer === undefined ? {} : { answer: request.answer }), ...(request.tools === undefined ? {} : { tools: request.tools }) }, ctx.timeout, step.signal, ctx.timeoutMs);
    const problem = result.ok ? request.judge(result.reply) : result.message;
    const usage = result.ok ? result.reply.usage : result.usage;
    const finishReason = result.ok ? result.reply.finishReason : undefined;
    endChatSpan(span, { usage, finishReason, ...(problem === undefined ? {} : { error: { type: result.ok ? "invalid_output" : result.kind, message: problem } }) });
    const record: ModelRequestRecord = {
      model,
      provider,
      kind: request.kind,
      usage,
      costUsd: usageCostUsd(model, usage.inputTokens, usage.outputTokens, ctx.prices),
      durationMs: Math.max(0, ctx.now() - started),
      ok: problem === undefined,
      ...(problem === undefined ? {} : { error: problem }),
      ...(finishReason === undefined ? {} : { finishReason }),
      promptText: request.promptText,
      ...(result.ok ? { responseText: responseText(result.reply) } : {}),
    };
    report(step, record);
    return result;
  };

  let result: RequestResult;
  try {
    result = await ctx.breakers.get(provider).execute(send);
  } catch (thrown) {
    if (thrown instanceof BrokenCircuitError) {
      ctx.emit({ type: "breaker-skip", sessionId: step.sessionId, state: step.state, provider, model });
      return { kind: "unavailable", message: `circuit open for provider ${provider}`, timeout: false };
    }
    throw thrown;
  }
  if (result.ok) return { kind: "reply", reply: result.reply, model, fallback };
  if (result.kind === "cancelled") return { kind: "cancelled" };
  return { kind: "unavailable", message: result.message, timeout: result.kind === "timeout" };
}

/** A guard that throws fails closed: the session stops rather than spend unchecked. */
function consultGuard(step: ModelStep, estimate: Parameters<ModelStep["guard"]>[0]): ReturnType<ModelStep["guard"]> {
  try {
    const decision = step.guard(estimate);
    if (decision.allow === true) return decision;
    return { allow: false, reason: typeof decision.reason === "string" ? decision.reason : "model request denied" };
  } catch {
    return { allow: false, reason: "the budget guard failed; stopping rather than spending unchecked" };
  }
}

function report(step: ModelStep, record: ModelRequestRecord): void {
  try {
    step.onRequest(record);
  } catch {
    // An observer's bug must not change the step's outcome.
  }
}

function responseText(reply: ModelReply): string {
  if (reply.toolCalls.length === 0) return reply.text;
  const calls = JSON.stringify(reply.toolCalls.map((c) => ({ name: c.name, input: c.input })));
  return reply.text === "" ? calls : `${reply.text}\n${calls}`;
}

function cancelled(): ChainResult {
  return { kind: "failed", failure: { kind: "failure", message: "model request cancelled" } };
}

/** Every model failed: a timeout when the last one timed out, else a failure naming each. */
function exhaustedModels(attempted: readonly Attempted[], noFallbackModel: boolean): StepFailure {
  const message = attempted.map((a) => `${a.model}: ${a.message}`).join("; ");
  const last = attempted.at(-1);
  const noFallback = noFallbackModel ? " (no fallback model)" : "";
  return last?.timeout === true ? { kind: "timeout", message: `model request timed out: ${message}${noFallback}` } : { kind: "failure", message: `model unavailable: ${message}${noFallback}` };
}
