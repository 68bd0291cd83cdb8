/**
 * The worst case of a model request before it is sent: an upper bound of its input tokens
 * from the bytes of everything the request carries, and its cost at max output tokens.
 */
import { callCostUsd, priceFor, type PriceTable } from "../prices.ts";
import type { ModelRequestEstimate, ModelRequestKind } from "./types.ts";

/** Framing tokens a provider adds per message (role markers, separators); OpenAI documents 3–4. */
export const TOKENS_PER_MESSAGE = 16;
/** Fixed framing per request (reply priming, BOS/EOS…). */
export const TOKENS_PER_REQUEST = 64;
/**
 * Hidden instructions a provider adds when tools or a response schema are sent (Anthropic
 * documents a tool-use system prompt of up to ~350 tokens; structured output adds its own).
 */
export const TOKENS_FOR_DEFINITIONS = 1024;

export interface RequestSize {
  /** Every message as it is sent (system, user, assistant, tool results), JSON-encoded. */
  readonly messages: readonly unknown[];
  /** Tool definitions and the response schema, as sent. */
  readonly definitions: readonly unknown[];
}

const encoder = new TextEncoder();

function bytes(value: unknown): number {
  const text = typeof value === "string" ? value : (JSON.stringify(value) ?? "");
  return encoder.encode(text).length;
}

/**
 * An upper bound of a request's input tokens. Byte-level BPE tokenizers (OpenAI's, Anthropic's,
 * Llama 3's, Mistral's, Qwen's) never produce more tokens than the UTF-8 bytes they encode,
 * since every token covers at least one byte; JSON encoding only adds bytes. The framing
 * constants above cover what providers add around the text. Typically 3–5× the real count
 * for English: a bound, not a guess.
 */
export function inputTokensUpperBound(size: RequestSize): number {
  let total = TOKENS_PER_REQUEST;
  for (const message of size.messages) total += bytes(message) + TOKENS_PER_MESSAGE;
  if (size.definitions.length > 0) total += TOKENS_FOR_DEFINITIONS;
  for (const definition of size.definitions) total += bytes(definition);
  return total;
}

export function estimateRequest(model: string, kind: ModelRequestKind, size: RequestSize, maxOutputTokens: number, prices: PriceTable): ModelRequestEstimate {
  const inputTokens = inputTokensUpperBound(size);
  const price = priceFor(model, prices);
  return { model, kind, inputTokens, maxOutputTokens, worstCaseCostUsd: price === undefined ? undefined : callCostUsd(price, inputTokens, maxOutputTokens) };
}

/** The recorded cost of a request's real usage; undefined when the model has no price. */
export function usageCostUsd(model: string, inputTokens: number, outputTokens: number, prices: PriceTable): number | undefined {
  const price = priceFor(model, prices);
  return price === undefined ? undefined : callCostUsd(price, inputTokens, outputTokens);
}
