/**
 * A `use tools` loop, turn by turn: the model calls tools (each through orchestration's
 * guarded `callTool`) and finishes by calling the answer tool, whose input schema is the
 * result's. A turn is one model request (a fallback inside a turn is the same turn).
 */
import { jsonSchema, tool, type JSONSchema7, type ModelMessage, type ToolSet } from "ai";
import type { StepFailure } from "../contract.ts";
import { checkAnswerText, checkAnswerValue } from "./answer.ts";
import type { ModelReply, ModelToolCall } from "./model-request.ts";
import { answerToolName, answerToolReminder, loopInstruction, renderPrompt, resultJsonSchema } from "./prompt.ts";
import { requestWithFallback, type ChainContext } from "./request-chain.ts";
import type { LoopStep, LoopToolResult, ModelStepResult } from "./types.ts";

type ToolResultOutput = { readonly type: "json"; readonly value: JsonValue } | { readonly type: "error-text"; readonly value: string };
type JsonValue = null | string | number | boolean | JsonValue[] | { [key: string]: JsonValue };

export async function runLoop(ctx: ChainContext, step: LoopStep): Promise<ModelStepResult> {
  const turnsLeft = Math.max(0, Math.floor(Number.isFinite(step.turnsLeft) ? step.turnsLeft : 0));
  if (turnsLeft === 0) return outcomeFailure({ kind: "exhausted", message: "no turns left" }, 0);
  const prompt = renderPrompt(step.prompt, step.scope);
  const answerTool = answerToolName(step.tools.map((t) => t.name));
  const resultSchema = resultJsonSchema(step.schema) ?? { type: "object" };
  const { tools, definitions } = toolSet(step, answerTool, resultSchema);
  const system = loopInstruction(answerTool);
  const messages: ModelMessage[] = [{ role: "user", content: prompt }];

  let fromFallback = false;
  for (let turn = 1; turn <= turnsLeft; turn++) {
    const result = await requestWithFallback(ctx, { step, kind: "turn", system, messages, tools, definitions, promptText: prompt, judge: () => undefined, fromFallback });
    if (result.kind === "stopped") return result;
    if (result.kind === "failed") return outcomeFailure(result.failure, turn);
    fromFallback = result.fallback;
    const reply = result.reply;

    const answer = reply.toolCalls.find((c) => c.name === answerTool);
    const checked = answer !== undefined ? checkAnswerValue(step.schema, answer.input) : reply.toolCalls.length === 0 ? checkAnswerText(step.schema, reply.text) : undefined;
    // A valid answer ends the loop; other calls of the same turn are not executed.
    if (checked?.ok === true) return { kind: "outcome", outcome: { ok: true, value: checked.value, turns: turn } };

    if (reply.toolCalls.length === 0) {
      const problem = checked?.ok === false ? checked.problem : "no answer";
      messages.push({ role: "assistant", content: reply.text === "" ? "(empty answer)" : reply.text }, { role: "user", content: answerToolReminder(answerTool, problem) });
      continue;
    }
    messages.push(assistantMessage(reply));
    const results = [];
    for (const call of reply.toolCalls) {
      const output: ToolResultOutput =
        call.name === answerTool ? { type: "error-text", value: `answer rejected: ${checked?.ok === false ? checked.problem : "invalid"}` } : toOutput(await callTool(step, call));
      results.push({ type: "tool-result" as const, toolCallId: call.id, toolName: call.name, output });
    }
    messages.push({ role: "tool", content: results });
  }
  return outcomeFailure({ kind: "exhausted", message: `no valid answer after ${turnsLeft} turn${turnsLeft === 1 ? "" : "s"}` }, turnsLeft);
}

function toolSet(step: LoopStep, answerTool: string, resultSchema: Record<string, unknown>): { tools: ToolSet; definitions: unknown[] } {
  const tools: ToolSet = {};
  const definitions: unknown[] = [];
  for (const t of step.tools) {
    const schema = isObject(t.inputJsonSchema) ? t.inputJsonSchema : { type: "object" };
    tools[t.name] = tool({ description: t.description, inputSchema: jsonSchema(schema as JSONSchema7) });
    definitions.push({ name: t.name, description: t.description, schema });
  }
  const description = "Give the final result of the task. Its input is the result; calling it ends the task.";
  tools[answerTool] = tool({ description, inputSchema: jsonSchema(resultSchema as JSONSchema7) });
  definitions.push({ name: answerTool, description, schema: resultSchema });
  return { tools, definitions };
}

/** Orchestration's `callTool` never rejects by contract; a defect there is still only a failed call. */
async function callTool(step: LoopStep, call: ModelToolCall): Promise<LoopToolResult> {
  try {
    const result = await step.callTool(call.name, call.input);
    if (result !== null && typeof result === "object" && (result.ok === true || result.ok === false)) return result;
    return { ok: false, message: `${call.name} failed: no result` };
  } catch {
    return { ok: false, message: `${call.name} failed: internal error` };
  }
}

function toOutput(result: LoopToolResult): ToolResultOutput {
  if (!result.ok) return { type: "error-text", value: result.message };
  return { type: "json", value: toJson(result.value) };
}

/** Tool outputs go back as JSON; anything JSON cannot carry becomes null. */
function toJson(value: unknown): JsonValue {
  try {
    const text = JSON.stringify(value);
    return text === undefined ? null : (JSON.parse(text) as JsonValue);
  } catch {
    return null;
  }
}

/** The model's turn as history: its text and tool calls (an input that was not a JSON object is sent back as `{}`). */
function assistantMessage(reply: ModelReply): ModelMessage {
  const content = [
    ...(reply.text === "" ? [] : [{ type: "text" as const, text: reply.text }]),
    ...reply.toolCalls.map((c) => ({ type: "tool-call" as const, toolCallId: c.id, toolName: c.name, input: isObject(c.input) ? toJson(c.input) : {} })),
  ];
  return { role: "assistant", content };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function outcomeFailure(failure: StepFailure, turns: number): ModelStepResult {
  return { kind: "outcome", outcome: { ok: false, failure, turns } };
}
