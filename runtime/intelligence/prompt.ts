/** What a model request says: the rendered prompt, the instructions around it, the result's JSON Schema. */
import { toJSONSchema, type ZodType } from "zod";
import { renderTemplate, type PromptMetadata, type Schema, type Scope } from "../contract.ts";

/** The step's prompt with the scope's values in its placeholders (missing values render empty). */
export function renderPrompt(prompt: PromptMetadata, scope: Scope): string {
  return renderTemplate(prompt.parts, scope);
}

/**
 * The JSON Schema of a result schema, for the provider's structured output and the
 * instructions. Generated modules use zod v4; anything else (or a schema zod cannot
 * represent) gives undefined and the model is only told to answer JSON.
 */
export function resultJsonSchema(schema: Schema): Record<string, unknown> | undefined {
  if (typeof schema !== "object" || schema === null || !("_zod" in schema)) return undefined;
  try {
    const json = toJSONSchema(schema as unknown as ZodType, { target: "draft-7", unrepresentable: "any", io: "input" }) as Record<string, unknown>;
    const { $schema: _ignored, ...rest } = json;
    return rest;
  } catch {
    return undefined;
  }
}

/** The system instruction of an `ask`: answer one JSON object valid against the schema. */
export function askInstruction(schema: Record<string, unknown> | undefined): string {
  const shape = schema === undefined ? "" : `\nIt must be valid against this JSON Schema:\n${JSON.stringify(schema)}`;
  return `Answer with a single JSON object and nothing else (no prose, no code fence).${shape}`;
}

/** The system instruction of a `use tools` loop: work with the tools, finish through the answer tool. */
export function loopInstruction(answerTool: string): string {
  return `Use the tools you are given as needed. When you have the result, call the tool "${answerTool}" with it as its input; that ends the task. Do not answer in prose.`;
}

/** The user message of a repair request: what was wrong, never the offending values. */
export function repairInstruction(problem: string): string {
  return `Your previous answer was rejected: ${problem}. Answer again with only the corrected JSON object, valid against the schema.`;
}

/** The loop's nudge when the model answers in text that is not a valid result. */
export function answerToolReminder(answerTool: string, problem: string): string {
  return `That is not a valid result (${problem}). Call the tool "${answerTool}" with the result as its input, or call another tool.`;
}

/** The answer tool's name: `final_answer`, made unique against the agent's own tools. */
export function answerToolName(toolNames: readonly string[]): string {
  let name = "final_answer";
  while (toolNames.includes(name)) name = `${name}_`;
  return name;
}
