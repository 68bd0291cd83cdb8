import { BrokenCircuitError } from "cockatiel";
import type { Schema, StepOutcome } from "../contract.ts";
import { runAttempt, type AttemptTool } from "./attempt.ts";
import { argsHash, createMemoryIdempotencyStore, idempotencyKey, type IdempotencyStore } from "./idempotency.ts";
import { breakerState, createBreaker, createPolicies, DEFAULT_TOOL_TIMEOUT_MS, isSavedBreaker, type AttemptResult, type ToolPolicies } from "./policies.ts";
import type { BreakerSnapshot, ExecuteRequest, ExecutionEvent, ToolExecutor, ToolExecutorOptions } from "./types.ts";
import { check, describeThrown } from "./validation.ts";

interface RegisteredTool extends AttemptTool {
  readonly input: Schema;
  readonly policies: ToolPolicies;
}

interface InFlight {
  readonly argsHash: string;
  readonly outcome: Promise<StepOutcome>;
}

const NEVER_ABORTED = new AbortController().signal;

/**
 * The execution layer: runs tool implementations behind their contracts. Validates input
 * and output, applies each tool's timeout, retry, rate limit and breaker, makes side effects
 * idempotent, and turns everything that can go wrong into a typed `StepOutcome`.
 * Knows nothing of models, prompts, budgets or the machine.
 */
export function createToolExecutor(options: ToolExecutorOptions): ToolExecutor {
  const now = options.clock ?? (() => Date.now());
  const store: IdempotencyStore = options.idempotencyStore ?? createMemoryIdempotencyStore();
  const emit = (event: ExecutionEvent): void => {
    try {
      options.onEvent?.(event);
    } catch {
      // An observer's bug must not change a tool call's outcome.
    }
  };
  const tools = registerTools(options, now, emit);
  const inFlight = new Map<string, InFlight>();

  async function execute(request: ExecuteRequest): Promise<StepOutcome> {
    try {
      return await executeChecked(request);
    } catch (thrown) {
      return failure(`internal error executing ${request.tool}: ${describeThrown(thrown)}`);
    }
  }

  async function executeChecked(request: ExecuteRequest): Promise<StepOutcome> {
    const tool = tools.get(request.tool);
    if (tool === undefined) return failure(`unknown tool ${request.tool}`);
    if (request.signal?.aborted === true) return failure(`${request.tool} call cancelled`);
    const input = check(tool.input, request.args);
    if (!input.ok) return failure(`input violates the contract of ${request.tool}: ${input.problem}`);
    if (!tool.contract.sideEffecting) return invoke(tool, input.data, request, undefined);

    const key = idempotencyKey({ sessionId: request.sessionId, state: request.state, tool: request.tool, input: input.data, paths: tool.contract.idempotencyKey });
    const hash = argsHash(input.data);
    const running = inFlight.get(key);
    if (running !== undefined) return running.argsHash === hash ? running.outcome : reusedKey(request.tool);
    // Registered before the first await, so a concurrent call with the same key joins it.
    const outcome = once(tool, input.data, request, key, hash);
    inFlight.set(key, { argsHash: hash, outcome });
    try {
      return await outcome;
    } finally {
      inFlight.delete(key);
    }
  }

  /** At most one completed call per key: the first success is stored and returned to every repeat. */
  async function once(tool: RegisteredTool, input: unknown, request: ExecuteRequest, key: string, hash: string): Promise<StepOutcome> {
    const stored = await store.get(key);
    if (stored !== undefined) {
      if (stored.argsHash !== hash) return reusedKey(request.tool);
      emit({ type: "idempotent-replay", tool: request.tool, idempotencyKey: key });
      return { ok: true, value: stored.value };
    }
    const outcome = await invoke(tool, input, request, key);
    if (outcome.ok) {
      try {
        await store.put(key, { tool: request.tool, argsHash: hash, value: outcome.value, storedAt: now() });
      } catch (thrown) {
        // The side effect happened: report it truthfully; the key still travels downstream.
        emit({ type: "idempotency-store-error", tool: request.tool, idempotencyKey: key, message: describeThrown(thrown) });
      }
    }
    return outcome;
  }

  /** retry → rate limit → breaker → timeout → implementation. */
  async function invoke(tool: RegisteredTool, input: unknown, request: ExecuteRequest, key: string | undefined): Promise<StepOutcome> {
    const { policies } = tool;
    const name = tool.contract.name;
    const attempt = async (index: number, signal: AbortSignal): Promise<AttemptResult> => {
      if (policies.bucket !== undefined && !policies.bucket.tryTake()) {
        emit({ type: "rate-limited", tool: name });
        return { ok: false, failure: { kind: "failure", message: `rate limited for ${name}` }, retryable: false, counts: false };
      }
      const call = { input, attempt: index + 1, idempotencyKey: key, traceContext: request.traceContext, callerSignal: request.signal };
      const observed = async (s: AbortSignal): Promise<AttemptResult> => {
        const started = performance.now();
        const result = await runAttempt(tool, call, s);
        emit({ type: "attempt", tool: name, attempt: call.attempt, durationMs: performance.now() - started, failure: result.ok ? undefined : result.failure });
        return result;
      };
      const breaker = policies.breaker;
      return breaker === undefined ? observed(signal) : breaker.execute(({ signal: s }) => observed(s), signal);
    };
    const signal = request.signal ?? NEVER_ABORTED;
    try {
      const result = policies.retry === undefined ? await attempt(0, signal) : await policies.retry.execute(({ attempt: n, signal: s }) => attempt(n, s), signal);
      return result.ok ? { ok: true, value: result.value } : { ok: false, failure: result.failure };
    } catch (thrown) {
      if (thrown instanceof BrokenCircuitError) return failure(`circuit open for ${name}`);
      throw thrown;
    }
  }

  function breakerStates(): Record<string, BreakerSnapshot> {
    const out: Record<string, BreakerSnapshot> = {};
    for (const [name, tool] of tools) {
      const breaker = tool.policies.breaker;
      if (breaker !== undefined) out[name] = { state: breakerState(breaker.state), saved: JSON.parse(JSON.stringify(breaker.toJSON())) };
    }
    return out;
  }

  function restoreBreakers(snapshots: Readonly<Record<string, BreakerSnapshot>>): { restored: string[]; ignored: string[] } {
    const restored: string[] = [];
    const ignored: string[] = [];
    for (const name of Object.keys(snapshots)) {
      const tool = tools.get(name);
      const clause = tool?.contract.breaker;
      const saved = snapshots[name]?.saved;
      if (tool === undefined || clause === undefined || !isSavedBreaker(saved)) {
        ignored.push(name);
        continue;
      }
      tool.policies.breaker = watchBreaker(name, createBreaker(clause, now, structuredClone(saved)), emit);
      restored.push(name);
    }
    return { restored, ignored };
  }

  function breakerStateOf(name: string): ReturnType<ToolExecutor["breakerState"]> {
    const breaker = tools.get(name)?.policies.breaker;
    return breaker === undefined ? undefined : breakerState(breaker.state);
  }

  return { execute, breakerStates, breakerState: breakerStateOf, restoreBreakers };
}

function registerTools(options: ToolExecutorOptions, now: () => number, emit: (event: ExecutionEvent) => void): Map<string, RegisteredTool> {
  const tools = new Map<string, RegisteredTool>();
  const policyOptions = { now, random: options.random ?? Math.random, defaultTimeoutMs: options.defaultTimeoutMs ?? DEFAULT_TOOL_TIMEOUT_MS };
  for (const name of Object.keys(options.contracts)) {
    const contract = options.contracts[name]!;
    const schemas = Object.hasOwn(options.schemas, name) ? options.schemas[name] : undefined;
    const implementation = Object.hasOwn(options.implementations, name) ? options.implementations[name] : undefined;
    if (schemas === undefined) throw new Error(`no schemas for tool ${name}`);
    if (typeof implementation !== "function") throw new Error(`no implementation for tool ${name}`);
    const policies = createPolicies(contract, policyOptions);
    if (policies.breaker !== undefined) policies.breaker = watchBreaker(name, policies.breaker, emit);
    tools.set(name, { contract, input: schemas.input, output: schemas.output, implementation, timeoutMs: policies.timeoutMs, timeout: policies.timeout, policies });
  }
  return tools;
}

function watchBreaker<B extends NonNullable<ToolPolicies["breaker"]>>(tool: string, breaker: B, emit: (event: ExecutionEvent) => void): B {
  breaker.onStateChange((state) => emit({ type: "breaker", tool, state: breakerState(state) }));
  return breaker;
}

function failure(message: string): StepOutcome {
  return { ok: false, failure: { kind: "failure", message } };
}

function reusedKey(tool: string): StepOutcome {
  return failure(`idempotency key reused with different arguments for ${tool}`);
}
