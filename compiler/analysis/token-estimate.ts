/**
 * Static token estimates for model calls, before any input is known. Deliberately simple
 * and documented, because the runbook prints the numbers and people check them by hand:
 *
 * - prompt text: ceil(characters / CHARS_PER_TOKEN) — about 4 characters per token for
 *   English with current tokenizers;
 * - each `{{ placeholder }}`: PLACEHOLDER_TOKENS, the allowance for the value it renders
 *   (a value larger than that is what the runtime's per-call guard catches: it measures the
 *   rendered prompt before calling);
 * - each JSON schema sent with a call (the answer format of an `ask` or tool loop, and each
 *   tool definition in a loop): SCHEMA_TOKENS;
 * - each tool result fed back into a tool loop: TOOL_RESULT_TOKENS.
 */
import type { PromptIR } from "../ir/ir.ts";

export interface TokenAllowances {
  readonly charsPerToken: number;
  readonly placeholderTokens: number;
  readonly schemaTokens: number;
  readonly toolResultTokens: number;
}

export const DEFAULT_ALLOWANCES: TokenAllowances = {
  charsPerToken: 4,
  placeholderTokens: 256,
  schemaTokens: 200,
  toolResultTokens: 512,
};

export interface PromptEstimate {
  readonly textChars: number;
  readonly placeholders: number;
  /** ceil(textChars / charsPerToken) + placeholders × placeholderTokens */
  readonly tokens: number;
}

export function estimatePrompt(prompt: PromptIR | undefined, allowances: TokenAllowances = DEFAULT_ALLOWANCES): PromptEstimate {
  let textChars = 0;
  let placeholders = 0;
  for (const part of prompt?.parts ?? []) {
    if (part.kind === "text") textChars += part.text.length;
    else placeholders += 1;
  }
  return { textChars, placeholders, tokens: Math.ceil(textChars / allowances.charsPerToken) + placeholders * allowances.placeholderTokens };
}
