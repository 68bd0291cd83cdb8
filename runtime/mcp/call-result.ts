/** Reads an MCP `tools/call` result as an agent tool's output, or as the failure it reports. */
import { ToolError } from "../execution/tool-error.ts";

/** The parts of a `CallToolResult` that matter here. */
export interface McpCallResult {
  readonly isError?: boolean;
  readonly structuredContent?: unknown;
  readonly content?: readonly unknown[];
}

/**
 * The output: `structuredContent` when the server gives it, else the text content parsed as
 * JSON, else `{ text }` (a plain-text tool: declare `output { text: string }`). An `isError`
 * result throws: a `ToolError` when its text names one of `errorNames` (the contract's declared
 * errors, as a whole word), else an `Error` with the server's text.
 */
export function outputOf(result: McpCallResult, errorNames: readonly string[], label: string): unknown {
  const text = textOf(result.content);
  if (result.isError === true) {
    const named = declaredErrorIn(text, errorNames);
    if (named !== undefined) throw new ToolError(named, text);
    throw new Error(`${label} reported an error: ${text === "" ? "(no text)" : text}`);
  }
  if (result.structuredContent !== undefined) return result.structuredContent;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return { text };
  }
}

/** The declared error name that appears first in `text` as a whole word, if any. */
export function declaredErrorIn(text: string, errorNames: readonly string[]): string | undefined {
  let best: { name: string; at: number } | undefined;
  for (const name of errorNames) {
    const at = text.search(new RegExp(`(?<![A-Za-z0-9_])${escapeRegExp(name)}(?![A-Za-z0-9_])`));
    if (at >= 0 && (best === undefined || at < best.at)) best = { name, at };
  }
  return best?.name;
}

function textOf(content: readonly unknown[] | undefined): string {
  return (content ?? [])
    .flatMap((block) => (isTextBlock(block) ? [block.text] : []))
    .join("\n");
}

function isTextBlock(block: unknown): block is { type: "text"; text: string } {
  return typeof block === "object" && block !== null && (block as { type?: unknown }).type === "text" && typeof (block as { text?: unknown }).text === "string";
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
