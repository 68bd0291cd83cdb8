/**
 * The scripted model's script: what the mock model answers, request by request. A JSON file,
 * either a list (answers in order, whatever the prompt) or an object of lists by prompt name
 * (`"*"`: prompts without a list of their own). Each entry is one model response:
 *
 *   { "eligible": true, "amount": 20 }      an answer (the structured output, or text if a string)
 *   { "tool": "getOrder", "args": {…} }      a tool call (args generated from its schema when left out)
 *   { "error": "500" }                       a provider error: an HTTP status ("429", "500"…),
 *                                            "timeout" (hangs until the request is aborted),
 *                                            "invalid-json" (an unparsable answer),
 *                                            "cut" (the answer stops half-way)
 *   { "value": … }                           an answer written out as is, for answers shaped like
 *                                            the two forms above (`{ "value": { "error": "x" } }`)
 *
 * When a prompt's list (or the ordered list) runs out, answers are generated.
 */
import type { PromptMetadata } from "../contract.ts";
import { MockConfigError } from "./errors.ts";

export type ScriptEntry =
  | { readonly kind: "answer"; readonly value: unknown }
  | { readonly kind: "tool"; readonly tool: string; readonly args: Readonly<Record<string, unknown>> | undefined }
  | { readonly kind: "error"; readonly error: ScriptedError };

/** `status` is an HTTP status code (100–599). */
export type ScriptedError = { readonly kind: "status"; readonly status: number } | { readonly kind: "timeout" } | { readonly kind: "invalid-json" } | { readonly kind: "cut" };

export interface ModelScript {
  /** Answers in order for any prompt (a list script). */
  readonly ordered: readonly ScriptEntry[];
  /** Answers by prompt name (an object script); `"*"` for prompts without their own list. */
  readonly byPrompt: ReadonlyMap<string, readonly ScriptEntry[]>;
}

export const ANY_PROMPT = "*";

/**
 * Parses a script file's text. With `prompts` (the module's `metadata.prompts`), a list for an
 * unknown prompt name is an error naming the prompts.
 */
export function parseModelScript(text: string, prompts?: Readonly<Record<string, PromptMetadata>>): ModelScript {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new MockConfigError(`model script: not JSON (${error instanceof Error ? error.message : String(error)})`);
  }
  return modelScript(json, prompts);
}

/** A script from its JSON value (see the file comment for the form). */
export function modelScript(json: unknown, prompts?: Readonly<Record<string, PromptMetadata>>): ModelScript {
  if (Array.isArray(json)) return { ordered: json.map((entry, i) => scriptEntry(entry, `[${i}]`)), byPrompt: new Map() };
  if (!isRecord(json)) throw new MockConfigError("model script: expected a list of answers, or an object of answer lists by prompt name");
  const byPrompt = new Map<string, readonly ScriptEntry[]>();
  for (const [name, list] of Object.entries(json)) {
    if (prompts !== undefined && name !== ANY_PROMPT && !Object.hasOwn(prompts, name)) {
      const known = Object.keys(prompts);
      throw new MockConfigError(`model script: unknown prompt "${name}"; ${known.length === 0 ? "the agent has no prompts" : `the agent's prompts are ${known.join(", ")}`} (or "${ANY_PROMPT}" for any other)`);
    }
    if (!Array.isArray(list)) throw new MockConfigError(`model script: "${name}" must be a list of answers`);
    byPrompt.set(name, list.map((entry, i) => scriptEntry(entry, `${name}[${i}]`)));
  }
  return { ordered: [], byPrompt };
}

function scriptEntry(entry: unknown, where: string): ScriptEntry {
  if (!isRecord(entry)) return { kind: "answer", value: entry };
  const keys = Object.keys(entry);
  if (keys.length === 1 && keys[0] === "value") return { kind: "answer", value: entry.value };
  if (keys.includes("tool") && keys.every((k) => k === "tool" || k === "args")) {
    if (typeof entry.tool !== "string" || entry.tool === "") throw new MockConfigError(`model script ${where}: "tool" must be a tool name`);
    if (entry.args !== undefined && !isRecord(entry.args)) throw new MockConfigError(`model script ${where}: "args" must be an object of arguments`);
    return { kind: "tool", tool: entry.tool, args: entry.args as Record<string, unknown> | undefined };
  }
  if (keys.length === 1 && keys[0] === "error") return { kind: "error", error: scriptedError(entry.error, where) };
  return { kind: "answer", value: entry };
}

function scriptedError(value: unknown, where: string): ScriptedError {
  const text = typeof value === "number" ? String(value) : value;
  if (typeof text === "string") {
    if (/^[1-5]\d\d$/.test(text)) return { kind: "status", status: Number(text) };
    if (text === "timeout" || text === "invalid-json" || text === "cut") return { kind: text };
  }
  throw new MockConfigError(
    `model script ${where}: error ${JSON.stringify(value)} is not an HTTP status ("429", "500"…), "timeout", "invalid-json" or "cut"; to answer this object, write { "value": … }`,
  );
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
