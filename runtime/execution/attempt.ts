import { context, type Context } from "@opentelemetry/api";
import { TaskCancelledError, type TimeoutPolicy } from "cockatiel";
import type { Schema, StepFailure, ToolContract } from "../contract.ts";
import type { AttemptResult } from "./policies.ts";
import { ToolError } from "./tool-error.ts";
import type { ToolImplementation } from "./types.ts";
import { check, describeThrown } from "./validation.ts";

export interface AttemptTool {
  readonly contract: ToolContract;
  readonly output: Schema;
  readonly implementation: ToolImplementation;
  readonly timeoutMs: number;
  /** Aggressive: a tool that ignores its signal is abandoned at the deadline. */
  readonly timeout: TimeoutPolicy;
}

export interface AttemptCall {
  readonly input: unknown;
  readonly attempt: number;
  readonly idempotencyKey: string | undefined;
  readonly traceContext: Context | undefined;
  /** The caller's signal: its abort means "cancelled", not "timed out". */
  readonly callerSignal: AbortSignal | undefined;
}

/**
 * One call of the implementation under the timeout policy's signal, its output checked
 * against the contract, everything it can do turned into an `AttemptResult`. Never throws.
 */
export async function runAttempt(tool: AttemptTool, call: AttemptCall, signal: AbortSignal): Promise<AttemptResult> {
  let abortedWhilePending = false;
  try {
    const output = await tool.timeout.execute(async ({ signal: attemptSignal }) => {
      let settled = false;
      attemptSignal.addEventListener("abort", () => void (settled || (abortedWhilePending = true)), { once: true });
      try {
        const ctx = { signal: attemptSignal, idempotencyKey: call.idempotencyKey, attempt: call.attempt, traceContext: call.traceContext };
        const invoke = () => tool.implementation(call.input, ctx);
        return await (call.traceContext === undefined ? invoke() : context.with(call.traceContext, invoke));
      } finally {
        settled = true;
      }
    }, signal);
    const checked = check(tool.output, output);
    if (!checked.ok) return failed({ kind: "failure", message: `output violates the contract of ${tool.contract.name}: ${checked.problem}` }, false, true);
    return { ok: true, value: checked.data };
  } catch (thrown) {
    return classify(tool, thrown, abortedWhilePending || thrown instanceof TaskCancelledError, call.callerSignal?.aborted === true);
  }
}

/**
 * Retryable: timeouts and declared-retryable errors. Counted by the breaker: anything that
 * says the tool is unwell — timeouts, undeclared throws, retryable errors, garbage output; a
 * declared non-retryable error (`NotFound`) is a healthy answer and is not counted.
 */
function classify(tool: AttemptTool, thrown: unknown, aborted: boolean, cancelled: boolean): AttemptResult {
  const name = tool.contract.name;
  if (aborted && cancelled) return failed({ kind: "failure", message: `${name} call cancelled` }, false, false);
  if (aborted) return failed({ kind: "timeout", message: `${name} timed out after ${tool.timeoutMs}ms` }, true, true);
  if (thrown instanceof ToolError) {
    const declared = tool.contract.errors.find((e) => e.name === thrown.errorName);
    if (declared !== undefined) return failed({ kind: "error", name: declared.name, message: thrown.message }, declared.retryable, declared.retryable);
    return failed({ kind: "failure", message: `${name} raised undeclared error ${thrown.errorName}: ${thrown.message}` }, false, true);
  }
  return failed({ kind: "failure", message: `${name} failed: ${describeThrown(thrown)}` }, false, true);
}

function failed(failure: StepFailure, retryable: boolean, counts: boolean): AttemptResult {
  return { ok: false, failure, retryable, counts };
}
