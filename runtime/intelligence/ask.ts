/** A structured `ask`: render, request (with fallback), validate, one repair, then a typed failure. */
import type { ModelMessage } from "ai";
import type { StepFailure } from "../contract.ts";
import { checkAnswerText } from "./answer.ts";
import { askInstruction, renderPrompt, repairInstruction, resultJsonSchema } from "./prompt.ts";
import { requestWithFallback, type ChainContext } from "./request-chain.ts";
import type { ModelStep, ModelStepResult } from "./types.ts";

export async function runAsk(ctx: ChainContext, step: ModelStep): Promise<ModelStepResult> {
  const prompt = renderPrompt(step.prompt, step.scope);
  const schema = resultJsonSchema(step.schema);
  const system = askInstruction(schema);
  const definitions = schema === undefined ? [] : [schema];
  const judge = (reply: { readonly text: string }) => {
    const checked = checkAnswerText(step.schema, reply.text);
    return checked.ok ? undefined : `invalid output: ${checked.problem}`;
  };
  const messages: ModelMessage[] = [{ role: "user", content: prompt }];

  const first = await requestWithFallback(ctx, { step, kind: "ask", system, messages, answer: { schema }, definitions, promptText: prompt, judge });
  if (first.kind === "stopped") return first;
  if (first.kind === "failed") return failed(first.failure);
  const checked = checkAnswerText(step.schema, first.reply.text);
  if (checked.ok) return ok(checked.value);

  ctx.emit({ type: "repair", sessionId: step.sessionId, state: step.state, model: first.model, problem: checked.problem });
  const repair = repairInstruction(checked.problem);
  messages.push({ role: "assistant", content: first.reply.text === "" ? "(empty answer)" : first.reply.text }, { role: "user", content: repair });
  const second = await requestWithFallback(ctx, { step, kind: "repair", system, messages, answer: { schema }, definitions, promptText: `${prompt}\n\n${repair}`, judge, fromFallback: first.fallback });
  if (second.kind === "stopped") return second;
  if (second.kind === "failed") return failed(second.failure);
  const repaired = checkAnswerText(step.schema, second.reply.text);
  if (repaired.ok) return ok(repaired.value);
  return failed({ kind: "failure", message: `invalid output from ${second.model} after one repair: ${repaired.problem}` });
}

function ok(value: unknown): ModelStepResult {
  return { kind: "outcome", outcome: { ok: true, value } };
}

function failed(failure: StepFailure): ModelStepResult {
  return { kind: "outcome", outcome: { ok: false, failure } };
}
