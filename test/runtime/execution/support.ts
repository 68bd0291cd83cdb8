/** Builders for execution-layer tests: one tool, its zod schemas and a fake implementation. */
import { z } from "zod";
import type { StepOutcome, ToolContract } from "../../../runtime/contract.ts";
import { createToolExecutor, type ExecuteRequest, type ToolExecutor, type ToolExecutorOptions, type ToolImplementation } from "../../../runtime/execution/index.ts";

export const orderInput = z.object({ orderId: z.string(), amount: z.number().optional() });
export const orderOutput = z.object({ total: z.number() });

export function contract(name: string, over: Partial<ToolContract> = {}): ToolContract {
  return {
    name,
    description: `${name} (test tool)`,
    effects: "read",
    sideEffecting: false,
    idempotencyKey: [],
    errors: [],
    timeoutMs: undefined,
    retry: undefined,
    breaker: undefined,
    rate: undefined,
    callsPerSession: 5,
    costUsd: undefined,
    allowedIn: ["lookup"],
    piiPaths: { input: [], output: [] },
    ...over,
  };
}

/** A side-effecting tool keyed by `orderId`, like `issueRefund`. */
export function paymentContract(name: string, over: Partial<ToolContract> = {}): ToolContract {
  return contract(name, { effects: "payment", sideEffecting: true, idempotencyKey: [["orderId"]], ...over });
}

export type Extra = Partial<Omit<ToolExecutorOptions, "contracts" | "schemas" | "implementations">>;

/** An executor with one tool `name` (input `{ orderId, amount? }`, output `{ total }`). */
export function oneTool(toolContract: ToolContract, implementation: ToolImplementation, extra: Extra = {}): ToolExecutor {
  return createToolExecutor({
    contracts: { [toolContract.name]: toolContract },
    schemas: { [toolContract.name]: { input: orderInput, output: orderOutput } },
    implementations: { [toolContract.name]: implementation },
    ...extra,
  });
}

export function request(tool: string, args: Record<string, unknown> = { orderId: "o9" }, over: Partial<ExecuteRequest> = {}): ExecuteRequest {
  return { sessionId: "session-1", state: "lookup", tool, args, ...over };
}

/** A fake tool that answers from a script, one entry per call, and records its calls. */
export function scripted(script: readonly (() => unknown)[]): ToolImplementation & { calls: { input: unknown; attempt: number; key: string | undefined }[] } {
  const calls: { input: unknown; attempt: number; key: string | undefined }[] = [];
  const fn = async (input: unknown, ctx: { attempt: number; idempotencyKey: string | undefined }) => {
    calls.push({ input, attempt: ctx.attempt, key: ctx.idempotencyKey });
    const step = script[Math.min(calls.length - 1, script.length - 1)];
    if (step === undefined) throw new Error("empty script");
    return step();
  };
  return Object.assign(fn, { calls });
}

export function failureOf(outcome: StepOutcome) {
  if (outcome.ok) throw new Error(`expected a failure, got ${JSON.stringify(outcome.value)}`);
  return outcome.failure;
}

/** A promise that never settles and ignores every signal. */
export const hang = (): Promise<never> => new Promise<never>(() => {});
