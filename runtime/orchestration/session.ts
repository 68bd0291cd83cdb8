/**
 * One running session of a compiled agent: the orchestration layer. It provides the machine's
 * actor slots, checks the guards before every step, model request and tool call, charges the
 * ledger, hands model work to the intelligence port and tool work to the execution port, and
 * reports what happens as events, spans (from XState's inspect stream) and metrics. It never
 * names a model, a provider or a tool implementation.
 */
import { createHash, randomUUID } from "node:crypto";
import type { Context } from "@opentelemetry/api";
import { createActor, fromPromise, type AnyActorRef, type AnyStateMachine, type InspectionEvent } from "xstate";
import {
  FORCE_ESCALATE,
  INTERNAL_ERROR_REASON,
  type AgentModule,
  type AskRequest,
  type HumanRequest,
  type LoopRequest,
  type Outcome,
  type StateMetadata,
  type StepOutcome,
  type ToolRequest,
} from "../contract.ts";
import { idempotencyKey } from "../execution/idempotency.ts";
import type { ToolExecutor } from "../execution/types.ts";
import type { Intelligence, LoopTool, LoopToolResult, ModelRequestEstimate, ModelRequestRecord, ModelStep, ModelStepResult } from "../intelligence/types.ts";
import { AGENTC } from "../telemetry/attributes.ts";
import type { RuntimeMetrics } from "../telemetry/metrics.ts";
import { Redactor } from "../telemetry/redact.ts";
import { SessionTrace } from "../telemetry/session-trace.ts";
import type { Tracer } from "@opentelemetry/api";
import type { GuardName, SessionEvent, SessionEventListener } from "./events.ts";
import type { Flags, FlagsSource } from "./flags.ts";
import { beforeDailyCap, beforeModelRequest, beforeStep, beforeToolCall, wallClock, type DailyCaps, type SpentToday, type Verdict } from "./guards.ts";
import { newLedger, toolCalls, type Ledger } from "./ledger.ts";
import type { SlotKind, SlotRequestSummary, TapeEntry } from "./tape.ts";

/** Answers a human wait; resolves with the response (validated by the runtime) or never. */
export type HumanHandler = (request: HumanRequest & { readonly sessionId: string; readonly agent: string; readonly signal: AbortSignal }) => Promise<unknown>;

/** Where a session's state goes after every step (see runtime/stores). */
export interface SessionCheckpointSink {
  checkpoint(checkpoint: SessionCheckpoint): void | Promise<void>;
}

export interface SessionCheckpoint {
  readonly sessionId: string;
  readonly agent: string;
  readonly version: number;
  /** `waiting`: parked at a human wait (the process holds nothing for it). */
  readonly status: "running" | "waiting" | "done";
  /** Set with `waiting`. */
  readonly waiting?: ParkedWait;
  /** XState's persisted snapshot of the machine. */
  readonly snapshot: unknown;
  readonly ledger: Ledger;
  readonly outcome: Outcome | undefined;
  /** Tape entries recorded since the previous checkpoint (raw values: keep them local). */
  readonly tape: readonly TapeEntry[];
}

/** A human wait the session is parked at. */
export interface ParkedWait {
  readonly state: string;
  readonly target: string;
  readonly result: string;
  /** Epoch ms the wait times out. */
  readonly dueAt: number;
}

/** How a session stands when this process is done with it: ended, or parked at a human wait. */
export type SessionSettled<Output = unknown> = Outcome<Output> | { readonly kind: "waiting"; readonly wait: ParkedWait };

/** Resuming a parked wait: the person's (already validated) response, or its timeout. */
export type HumanAnswer = { readonly state: string; readonly response: unknown } | { readonly state: string; readonly timedOut: true };

/** Where a resumed session picks up: its last checkpoint. */
export interface SessionRestore {
  readonly snapshot: unknown;
  readonly ledger: Ledger;
  /** The session's recording so far: `@pii` values seen before the restore stay masked. */
  readonly tape?: readonly TapeEntry[];
}

/** Everything a session needs, supplied by the runtime API (runtime/runtime.ts). */
export interface SessionDeps {
  readonly module: AgentModule<AnyStateMachine>;
  readonly intelligence: Intelligence;
  readonly executor: ToolExecutor;
  readonly humans: HumanHandler | undefined;
  /** Park at human waits instead of waiting in process (a durable store and no handler). */
  readonly parkHumanWaits?: boolean;
  readonly flags: FlagsSource;
  readonly tracer: Tracer;
  readonly metrics: RuntimeMetrics;
  readonly clock: () => number;
  /** The loop tools of a state, with their input JSON Schemas. */
  readonly loopTools: (state: StateMetadata) => readonly LoopTool[];
  readonly checkpoints?: SessionCheckpointSink;
  /** The agent's daily caps and where today's spend is read (the session store). */
  readonly dailyCaps?: DailyCaps;
  readonly spentToday?: () => Promise<SpentToday>;
  /** The caller's trace context: the session span becomes its child. */
  readonly parentContext?: Context;
}

export interface SessionStartOptions {
  /** Defaults to a random UUID. */
  readonly sessionId?: string;
  /** Resume from a checkpoint instead of starting at the agent's first state. */
  readonly restore?: SessionRestore;
  /** With `restore` at a parked human wait: what the person answered (or that the wait timed out). */
  readonly humanAnswer?: HumanAnswer;
  /** Called for every event from the first (`session.started`) on. */
  readonly onEvent?: SessionEventListener;
  /** The caller's trace context. */
  readonly traceContext?: Context;
}

/** A session in flight. `result` settles once, with a reply or an escalation; it never rejects. */
export interface Session<Output = unknown> {
  readonly id: string;
  readonly agent: string;
  readonly result: Promise<Outcome<Output>>;
  /**
   * Settles when this process is done with the session: its outcome, or `waiting` when it
   * parked at a human wait (`runtime.respond` continues it). Never rejects.
   */
  readonly settled: Promise<SessionSettled<Output>>;
  /** Events so far (redacted). */
  readonly events: readonly SessionEvent[];
  /** Observe events from now on; returns the unsubscribe function. */
  subscribe(listener: SessionEventListener): () => void;
  /** Ends the session now with an escalation to the default target. */
  escalate(reason: string): void;
  /** What the session has spent so far. */
  ledger(): Readonly<Ledger>;
  /** The session's recording so far (raw values). */
  tape(): readonly TapeEntry[];
}

/** A slot's work for one session: the step's request and the signal XState aborts when the step is left. */
type Slot = (args: { input: never; signal: AbortSignal }) => Promise<StepOutcome>;
type Slots = Readonly<Record<"ask" | "tool" | "loop" | "human", Slot>>;

/** Each session's slots, found from the actor system its steps run in. */
const slotsBySystem = new WeakMap<object, Slots>();
const providedMachines = new WeakMap<AnyStateMachine, AnyStateMachine>();

/**
 * The module's machine with the runtime's slots, built once per module (providing builds a
 * whole new machine): each slot hands the step to the session that owns the actor system.
 */
function providedMachine(machine: AnyStateMachine): AnyStateMachine {
  let provided = providedMachines.get(machine);
  if (provided === undefined) {
    const slot = (name: keyof Slots) =>
      fromPromise(({ input, signal, system }: { input: never; signal: AbortSignal; system: object }): Promise<StepOutcome> => {
        const slots = slotsBySystem.get(system);
        if (slots === undefined) throw new Error(`agentc: the ${name} slot ran outside a session`);
        return slots[name]({ input, signal });
      });
    provided = machine.provide({ actors: { ask: slot("ask"), tool: slot("tool"), loop: slot("loop"), human: slot("human") } } as never) as AnyStateMachine;
    providedMachines.set(machine, provided);
  }
  return provided;
}

/** Starts the machine. Input must already be valid (the runtime API validates it). */
export function startSession<Output>(deps: SessionDeps, input: unknown, options: SessionStartOptions = {}): Session<Output> {
  const { module, clock } = deps;
  const meta = module.metadata;
  const sessionId = options.sessionId ?? randomUUID();
  const ledger: Ledger = options.restore !== undefined ? { ...options.restore.ledger, toolCalls: { ...options.restore.ledger.toolCalls }, breakers: undefined } : newLedger(clock());
  const tape: TapeEntry[] = [];
  let tapeCommitted = 0;
  /** Today's spend as read at the step's start, and this session's ledger at that moment. */
  let today: { spent: SpentToday; tokensAt: number; costAt: number } | undefined;
  const spentToday = (): SpentToday | undefined =>
    today === undefined ? undefined : { tokens: today.spent.tokens + ledger.tokens - today.tokensAt, costUsd: today.spent.costUsd + ledger.costUsd - today.costAt };
  /** Set once a guard or the caller stopped the session: later slot outcomes are not recorded. */
  let stopped = false;
  const redactor = new Redactor();
  redactor.addPaths({ input }, meta.piiPaths.filter((p) => p.startsWith("input.")));
  const statesById = new Map(Object.values(meta.states).map((s) => [s.id, s]));
  const events: SessionEvent[] = [];
  const listeners = new Set<SessionEventListener>();
  if (options.onEvent !== undefined) listeners.add(options.onEvent);
  const trace = new SessionTrace({
    tracer: deps.tracer,
    redactor,
    agent: meta.name,
    description: meta.description,
    version: meta.version,
    sessionId,
    ...(options.traceContext !== undefined || deps.parentContext !== undefined ? { parent: options.traceContext ?? deps.parentContext } : {}),
  });
  let finished = false;
  let stepIndex = 0;
  let currentValue: unknown;

  // Events are kept as they happened and redacted when they leave the session (to a listener,
  // or through `events`): nobody listening costs no copies, and a value learned later as
  // `@pii` is masked in earlier events too.
  const emit = (event: SessionEvent): void => {
    events.push(event);
    if (listeners.size === 0) return;
    const clean = redactor.redactValue(event);
    for (const listener of listeners) {
      try {
        listener(clean);
      } catch {
        // An observer's bug must not change the session.
      }
    }
  };

  const budgetAttributes = () => ({
    [AGENTC.tokensUsed]: ledger.tokens,
    [AGENTC.costUsed]: ledger.costUsd,
    ...(meta.budget.tokens !== undefined ? { [AGENTC.tokensLeft]: Math.max(0, meta.budget.tokens - ledger.tokens) } : {}),
    ...(meta.budget.costUsd !== undefined ? { [AGENTC.costLeft]: Math.max(0, meta.budget.costUsd - ledger.costUsd) } : {}),
    ...(meta.budget.steps !== undefined ? { [AGENTC.stepsLeft]: Math.max(0, meta.budget.steps - ledger.steps) } : {}),
  });

  const alert = (guard: GuardName, effect: "stopped" | "blocked", state: string | undefined, message: string): void => {
    emit({ type: "guard", guard, state, message, effect, at: clock() });
    trace.guard(guard, effect, message, budgetAttributes());
    deps.metrics.guardFired(meta.name, guard, effect);
  };

  // ── Stopping ────────────────────────────────────────────────────────────────
  let actor: ReturnType<typeof createActor<AnyStateMachine>> | undefined;
  const stop = (guard: GuardName | undefined, state: string | undefined, reason: string): StepOutcome => {
    if (!stopped && !finished) tape.push({ t: "stop", step: ledger.steps, state, guard, reason });
    stopped = true;
    if (guard !== undefined) alert(guard, "stopped", state, reason);
    // FORCE_ESCALATE leaves the step's state: XState stops its slot actor and aborts its signal.
    actor?.send({ type: FORCE_ESCALATE, target: meta.defaultEscalation, reason });
    return { ok: false, failure: { kind: "failure", message: `session stopped: ${reason}` } };
  };

  const readFlags = async (): Promise<Flags | Error> => {
    try {
      const flags = await deps.flags.read();
      if (flags === null || typeof flags !== "object") return new Error(`${deps.flags.description} returned no flags`);
      return flags;
    } catch (error) {
      return error instanceof Error ? error : new Error(String(error));
    }
  };

  /** Every slot runs through here: the step guards, the step count, then the step's work. */
  const step = async (
    state: string,
    slot: SlotKind,
    request: SlotRequestSummary,
    signal: AbortSignal,
    work: (flags: Flags, stepSignal: AbortSignal) => Promise<StepOutcome>,
  ): Promise<StepOutcome> => {
    const flags = await readFlags();
    const now = clock();
    const verdict = beforeStep(meta, ledger, flags, now);
    if (verdict.kind !== "go") return stop(verdict.guard, state, verdict.message);
    if (deps.dailyCaps !== undefined && deps.spentToday !== undefined) {
      try {
        today = { spent: await deps.spentToday(), tokensAt: ledger.tokens, costAt: ledger.costUsd };
      } catch (error) {
        return stop("daily-cap", state, `today's spend cannot be read, failing closed: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
    ledger.steps += 1;
    const stepNumber = ledger.steps;
    tape.push({ t: "clock", step: stepNumber, state, at: now });
    const stepSignal = signal;
    let outcome: StepOutcome;
    try {
      outcome = await work(flags as Flags, stepSignal);
    } catch (error) {
      // A port broke its never-reject promise: a runtime defect, handled like one.
      outcome = { ok: false, failure: { kind: "failure", message: `${INTERNAL_ERROR_REASON}: ${error instanceof Error ? error.message : String(error)}` } };
    }
    if (!stopped && !finished && !signal.aborted) tape.push({ t: "slot", step: stepNumber, state, slot, request, outcome });
    return outcome;
  };

  const stateMeta = (state: string): StateMetadata | undefined => (Object.hasOwn(meta.states, state) ? meta.states[state] : undefined);

  /** Remember the `@pii` values of a result that is about to enter the context. */
  const notePii = (result: string | undefined, value: unknown): void => {
    if (result === undefined) return;
    const paths = meta.piiPaths.filter((p) => p.startsWith(`${result}.`) || p.startsWith(`${result}[]`));
    if (paths.length > 0) redactor.addPaths({ [result]: value }, paths);
  };

  /** Remember the `@pii` values of a tool's arguments and result. */
  const noteToolPii = (tool: string, args: unknown, outcome: StepOutcome | undefined): void => {
    const contract = Object.hasOwn(meta.tools, tool) ? meta.tools[tool] : undefined;
    if (contract === undefined) return;
    if (args !== null && typeof args === "object") redactor.addPaths({ args: args as Record<string, unknown> }, contract.piiPaths.input.map((p) => `args.${p}`));
    if (outcome?.ok === true && outcome.value !== null && typeof outcome.value === "object")
      redactor.addPaths({ out: outcome.value as Record<string, unknown> }, contract.piiPaths.output.map((p) => `out.${p}`));
  };

  // A restored session masks what it had learned before: results in the snapshot, tool values on the tape.
  if (options.restore !== undefined) {
    const results = (options.restore.snapshot as { context?: { results?: Record<string, unknown> } } | undefined)?.context?.results ?? {};
    for (const [name, value] of Object.entries(results)) notePii(name, value);
    for (const entry of options.restore.tape ?? []) if (entry.t === "tool") noteToolPii(entry.tool, entry.args, entry.outcome);
  }

  // ── Model steps ───────────────────────────────────────────────────────────────
  const modelGuard = (state: string) => (estimate: ModelRequestEstimate) => {
    const clockVerdict = wallClock(meta, ledger, clock());
    const budgetVerdict: Verdict = clockVerdict.kind !== "go" ? clockVerdict : beforeModelRequest(meta, ledger, estimate);
    const verdict: Verdict =
      budgetVerdict.kind !== "go" ? budgetVerdict : beforeDailyCap(meta.name, deps.dailyCaps, spentToday(), { tokens: estimate.inputTokens + estimate.maxOutputTokens, costUsd: estimate.worstCaseCostUsd });
    if (verdict.kind === "go") return { allow: true } as const;
    alert(verdict.guard, "stopped", state, verdict.message);
    return { allow: false, reason: verdict.message } as const;
  };

  const onModelRequest = (state: string, prompt: ModelStep["prompt"]) => (record: ModelRequestRecord) => {
    ledger.tokens += record.usage.inputTokens + record.usage.outputTokens;
    ledger.costUsd += record.costUsd ?? 0;
    tape.push({
      t: "model",
      step: ledger.steps,
      state,
      prompt: { name: prompt.name, version: prompt.version, hash: prompt.hash },
      model: record.model,
      kind: record.kind,
      promptText: record.promptText,
      responseText: record.responseText,
      inputTokens: record.usage.inputTokens,
      outputTokens: record.usage.outputTokens,
      costUsd: record.costUsd,
      ok: record.ok,
      error: record.error,
    });
    emit({
      type: "model.request",
      state,
      model: record.model,
      kind: record.kind,
      inputTokens: record.usage.inputTokens,
      outputTokens: record.usage.outputTokens,
      costUsd: record.costUsd,
      ok: record.ok,
      ...(record.error !== undefined ? { error: record.error } : {}),
      durationMs: record.durationMs,
      at: clock(),
    });
    deps.metrics.modelRequest(meta.name, record.model, record.usage.inputTokens, record.usage.outputTokens, record.durationMs, record.ok);
  };

  const modelOutcome = (state: string, result: string, answer: ModelStepResult): StepOutcome => {
    if (answer.kind === "stopped") return stop(undefined, state, answer.reason);
    if (answer.outcome.ok) notePii(result, answer.outcome.value);
    return answer.outcome;
  };

  const modelStep = (state: string, promptName: string, result: string, maxTokens: number, scope: AskRequest["scope"], signal: AbortSignal) => {
    const prompt = Object.hasOwn(meta.prompts, promptName) ? meta.prompts[promptName] : undefined;
    const schema = Object.hasOwn(module.schemas.results, result) ? module.schemas.results[result] : undefined;
    if (prompt === undefined || schema === undefined) throw new Error(`the module has no prompt ${promptName} or no schema for ${result}`);
    return {
      sessionId,
      state,
      prompt,
      scope,
      schema,
      maxTokens,
      temperature: meta.model.temperature,
      models: { primary: meta.model.primary, fallback: meta.model.fallback },
      signal,
      traceContext: trace.stepContext(),
      tracer: deps.tracer,
      guard: modelGuard(state),
      onRequest: onModelRequest(state, prompt),
    };
  };

  const ask = async ({ input: request, signal }: { input: AskRequest; signal: AbortSignal }): Promise<StepOutcome> =>
    step(request.state, "ask", { slot: "ask", prompt: request.prompt, result: request.result }, signal, async (_flags, stepSignal) => {
      const answer = await deps.intelligence.ask(modelStep(request.state, request.prompt, request.result, request.maxTokens, request.scope, stepSignal));
      return modelOutcome(request.state, request.result, answer);
    });

  const loop = async ({ input: request, signal }: { input: LoopRequest; signal: AbortSignal }): Promise<StepOutcome> =>
    step(request.state, "loop", { slot: "loop", prompt: request.prompt, result: request.result, tools: request.tools }, signal, async (_flags, stepSignal) => {
      if (request.turnsLeft <= 0) return { ok: false, failure: { kind: "exhausted", message: "no turns left this session" }, turns: 0 };
      const state = stateMeta(request.state);
      if (state === undefined) throw new Error(`no state ${request.state}`);
      const callTool = async (name: string, args: unknown): Promise<LoopToolResult> => {
        const outcome = await runTool(request.state, name, args, stepSignal);
        if (outcome.ok) return { ok: true, value: outcome.value };
        return { ok: false, message: outcome.failure.kind === "error" ? `${outcome.failure.name}: ${outcome.failure.message}` : outcome.failure.message };
      };
      const answer = await deps.intelligence.loop({
        ...modelStep(request.state, request.prompt, request.result, request.maxTokens, request.scope, stepSignal),
        tools: deps.loopTools(state),
        turnsLeft: request.turnsLeft,
        callTool,
      });
      return modelOutcome(request.state, request.result, answer);
    });

  // ── Tool steps ────────────────────────────────────────────────────────────────
  /** The one guarded path to the execution layer, for `call` steps and for loop tool calls. */
  const runTool = async (state: string, tool: string, args: unknown, signal: AbortSignal): Promise<StepOutcome> => {
    const flags = await readFlags();
    if (flags instanceof Error) return stop("flags-unavailable", state, `flags unavailable, failing closed: ${flags.message}`);
    const toolVerdict = beforeToolCall(meta, ledger, flags, state, tool);
    const toolCost = Object.hasOwn(meta.tools, tool) ? meta.tools[tool]!.costUsd : undefined;
    const verdict: Verdict = toolVerdict.kind !== "go" || toolCost === undefined ? toolVerdict : beforeDailyCap(meta.name, deps.dailyCaps, spentToday(), { tokens: 0, costUsd: toolCost });
    if (verdict.kind === "stop") return stop(verdict.guard, state, verdict.message);
    if (verdict.kind === "block") {
      alert(verdict.guard, "blocked", state, verdict.message);
      return { ok: false, failure: { kind: "failure", message: verdict.message } };
    }
    const contract = meta.tools[tool]!;
    ledger.toolCalls[tool] = toolCalls(ledger, tool) + 1;
    ledger.costUsd += contract.costUsd ?? 0;
    const record = args !== null && typeof args === "object" && !Array.isArray(args) ? (args as Record<string, unknown>) : {};
    noteToolPii(tool, record, undefined);
    const span = trace.toolSpan(contract, state);
    const started = performance.now();
    const keyHash = contract.sideEffecting
      ? createHash("sha256").update(idempotencyKey({ sessionId, state, tool, input: record, paths: contract.idempotencyKey })).digest("hex").slice(0, 16)
      : undefined;
    const outcome = await deps.executor.execute({ state, tool, args: record, sessionId, signal, traceContext: span.context });
    const durationMs = performance.now() - started;
    noteToolPii(tool, record, outcome);
    const breaker = deps.executor.breakerState(tool);
    span.end(outcome.ok ? undefined : outcome.failure, {
      [AGENTC.toolCallsUsed]: toolCalls(ledger, tool),
      ...(breaker !== undefined ? { [AGENTC.breakerState]: breaker } : {}),
      ...(keyHash !== undefined ? { [AGENTC.idempotencyKeyHash]: keyHash } : {}),
      ...budgetAttributes(),
    });
    emit({
      type: "tool.call",
      state,
      tool,
      args: record,
      ok: outcome.ok,
      ...(outcome.ok ? { result: outcome.value } : { failure: outcome.failure }),
      durationMs,
      ...(keyHash !== undefined ? { idempotencyKeyHash: keyHash } : {}),
      at: clock(),
    });
    deps.metrics.toolCall(meta.name, tool, outcome.ok, durationMs);
    tape.push({ t: "tool", step: ledger.steps, state, tool, args: record, outcome });
    return outcome;
  };

  const tool = async ({ input: request, signal }: { input: ToolRequest; signal: AbortSignal }): Promise<StepOutcome> =>
    step(request.state, "tool", { slot: "tool", tool: request.tool, args: request.args }, signal, async (_flags, stepSignal) => {
      const outcome = await runTool(request.state, request.tool, request.args, stepSignal);
      if (outcome.ok) notePii(stateMeta(request.state)?.result, outcome.value);
      return outcome;
    });

  // ── Human waits ───────────────────────────────────────────────────────────────
  let pendingAnswer = options.humanAnswer;
  const human = async ({ input: request, signal }: { input: HumanRequest; signal: AbortSignal }): Promise<StepOutcome> => {
    const answer = pendingAnswer !== undefined && pendingAnswer.state === request.state ? pendingAnswer : undefined;
    if (answer === undefined && deps.parkHumanWaits === true) return park(request);
    pendingAnswer = undefined;
    // A parked wait answered now continues the step it started (already counted and guarded).
    const run = answer !== undefined ? (work: (flags: Flags, stepSignal: AbortSignal) => Promise<StepOutcome>) => work({}, signal) : (work: (flags: Flags, stepSignal: AbortSignal) => Promise<StepOutcome>) => step(request.state, "human", { slot: "human", target: request.target, result: request.result }, signal, work);
    const outcome = await run(async (_flags, stepSignal) => {
      const outcome: StepOutcome =
        answer === undefined
          ? await waitForHuman(request, stepSignal)
          : "timedOut" in answer
            ? { ok: false, failure: { kind: "timeout", message: `no response from ${request.target} by the deadline` } }
            : { ok: true, value: answer.response };
      tape.push({ t: "human", step: ledger.steps, state: request.state, response: outcome.ok ? outcome.value : undefined, ok: outcome.ok });
      emit({ type: "human.response", state: request.state, ok: outcome.ok, at: clock() });
      if (outcome.ok) notePii(request.result, outcome.value);
      return outcome;
    });
    if (answer !== undefined && !stopped && !finished) tape.push({ t: "slot", step: ledger.steps, state: request.state, slot: "human", request: { slot: "human", target: request.target, result: request.result }, outcome });
    return outcome;
  };

  /** Parks the session at a human wait: one durable checkpoint, then the actor stops; no timer is held. */
  let parked = false;
  const park = async (request: HumanRequest): Promise<StepOutcome> => {
    const flags = await readFlags();
    const now = clock();
    const verdict = beforeStep(meta, ledger, flags, now);
    if (verdict.kind !== "go") return stop(verdict.guard, request.state, verdict.message);
    ledger.steps += 1;
    tape.push({ t: "clock", step: ledger.steps, state: request.state, at: now });
    const wait: ParkedWait = { state: request.state, target: request.target, result: request.result, dueAt: now + request.timeoutMs };
    parked = true;
    persist("waiting", undefined, wait);
    clearTimeout(wallTimer);
    actor?.stop();
    trace.leaveStep();
    resolveSettled({ kind: "waiting", wait });
    return new Promise<StepOutcome>(() => undefined); // the actor is stopped; the step continues in `respond`
  };

  const waitForHuman = async (request: HumanRequest, signal: AbortSignal): Promise<StepOutcome> => {
    const timedOut = (message: string): StepOutcome => ({ ok: false, failure: { kind: "timeout", message } });
    if (deps.humans === undefined) return timedOut(`no human handler is configured for ${request.target}`);
    const schema = Object.hasOwn(module.schemas.results, request.result) ? module.schemas.results[request.result] : undefined;
    const waitAbort = new AbortController();
    const waitSignal = AbortSignal.any([signal, waitAbort.signal]);
    let timer: ReturnType<typeof setTimeout> | undefined;
    const deadline = new Promise<StepOutcome>((resolve) => {
      timer = setTimeout(() => resolve(timedOut(`no response from ${request.target} within ${request.timeoutMs} ms`)), request.timeoutMs);
      timer.unref?.();
      waitSignal.addEventListener("abort", () => resolve(timedOut("the wait was cancelled")), { once: true });
    });
    const answered = (async (): Promise<StepOutcome> => {
      try {
        const response = await deps.humans!({ ...request, sessionId, agent: meta.name, signal: waitSignal });
        const parsed = schema?.safeParse(response);
        if (parsed === undefined || !parsed.success) return timedOut(`the response from ${request.target} does not match the expected shape`);
        return { ok: true, value: parsed.data };
      } catch (error) {
        return timedOut(`the human handler failed: ${error instanceof Error ? error.message : String(error)}`);
      }
    })();
    try {
      return await Promise.race([answered, deadline]);
    } finally {
      clearTimeout(timer);
      waitAbort.abort();
    }
  };

  // ── The actor, its inspection stream and the result ──────────────────────────
  let resolveResult!: (outcome: Outcome<Output>) => void;
  const result = new Promise<Outcome<Output>>((resolve) => (resolveResult = resolve));
  let resolveSettled!: (settled: SessionSettled<Output>) => void;
  const settled = new Promise<SessionSettled<Output>>((resolve) => (resolveSettled = resolve));
  let wallTimer: ReturnType<typeof setTimeout> | undefined;

  const finish = (outcome: Outcome): void => {
    if (finished) return;
    tape.push({ t: "end", outcome });
    finished = true;
    clearTimeout(wallTimer);
    const durationMs = clock() - ledger.startedAt;
    emit({ type: "session.finished", outcome, steps: ledger.steps, tokens: ledger.tokens, costUsd: ledger.costUsd, durationMs, at: clock() });
    trace.finish(outcome, budgetAttributes());
    deps.metrics.sessionFinished(meta.name, outcome.kind, ledger.steps, ledger.tokens, ledger.costUsd, durationMs, outcome.kind === "escalation" ? outcome.target : undefined);
    resolveResult(outcome as Outcome<Output>);
    resolveSettled(outcome as Outcome<Output>);
  };

  /** The step whose slot ran last: decisions are reported from it to the next step or the end. */
  let lastStep: string | undefined;
  const decide = (to: string): void => {
    if (lastStep !== undefined) emit({ type: "decision", from: lastStep, to, at: clock() });
  };

  const inspect = (event: InspectionEvent): void => {
    if (event.type === "@xstate.actor") {
      // The initial step's actor is created while createActor() runs, before `actor` is set:
      // recognise the session's steps as children of the root actor.
      const ref = event.actorRef as AnyActorRef;
      const parent = ref._parent;
      const state = parent !== undefined && parent._parent === undefined && (actor === undefined || parent === actor) ? statesById.get(ref.id) : undefined;
      if (state === undefined) return;
      decide(state.name);
      lastStep = state.name;
      stepIndex += 1;
      trace.enterStep(state.name, state.action, stepIndex);
      emit({ type: "step.started", step: stepIndex, state: state.name, action: state.action, at: clock() });
      return;
    }
    const root = actor;
    if (root === undefined || event.type !== "@xstate.snapshot" || event.actorRef !== root) return;
    const value = (event.snapshot as unknown as { value: unknown }).value;
    if (value !== currentValue) {
      // Leaving the step's state (to another step, a reply or escalate state, or the end).
      if (currentValue !== undefined && lastStep !== undefined && statesById.get(currentValue as string)?.name === lastStep) trace.leaveStep();
      currentValue = value;
    }
  };

  const hasBreakers = Object.values(meta.tools).some((t) => t.breaker !== undefined);
  if (options.restore?.ledger.breakers !== undefined) deps.executor.restoreBreakers(options.restore.ledger.breakers as Parameters<ToolExecutor["restoreBreakers"]>[0]);
  const persist = (status: "running" | "waiting" | "done", outcome: Outcome | undefined, waiting?: ParkedWait): void => {
    if (deps.checkpoints === undefined || actor === undefined) return;
    if (parked && status !== "waiting") return;
    if (outcome !== undefined && !finished) tape.push({ t: "end", outcome });
    const entries = tape.slice(tapeCommitted);
    tapeCommitted = tape.length;
    try {
      void Promise.resolve(
        deps.checkpoints.checkpoint({
          sessionId,
          agent: meta.name,
          version: meta.version,
          status,
          snapshot: actor.getPersistedSnapshot(),
          ledger: { ...ledger, toolCalls: { ...ledger.toolCalls }, ...(hasBreakers ? { breakers: deps.executor.breakerStates() } : {}) },
          outcome,
          tape: entries,
          ...(waiting !== undefined ? { waiting } : {}),
        }),
      ).catch(() => undefined);
    } catch {
      // A failing store must not crash the session; the next checkpoint tries again.
    }
  };

  emit({ type: "session.started", sessionId, agent: meta.name, version: meta.version, at: ledger.startedAt });
  stepIndex = ledger.steps;
  actor = createActor(providedMachine(module.machine), options.restore !== undefined ? { snapshot: options.restore.snapshot as never, input, inspect } : { input, inspect });
  // Before start(): the first step's slot runs when the actor starts.
  slotsBySystem.set(actor.system, { ask, tool, loop, human });
  actor.subscribe({
    next(snapshot) {
      if (snapshot.status === "done") {
        const outcome = snapshot.output as Outcome;
        persist("done", outcome);
        decide(outcome.kind === "reply" ? "replied" : "escalated");
        finish(outcome);
        tapeCommitted = tape.length;
      } else persist("running", undefined);
    },
    error(error) {
      finish({ kind: "escalation", target: meta.defaultEscalation, reason: `${INTERNAL_ERROR_REASON}: ${error instanceof Error ? error.message : String(error)}` });
    },
  });

  if (meta.budget.timeMs !== undefined) {
    wallTimer = setTimeout(() => {
      if (!finished) stop("wall-clock", undefined, `wall-clock limit of ${meta.budget.timeMs} ms reached`);
    }, meta.budget.timeMs);
    wallTimer.unref?.();
  }
  actor.start();

  return {
    id: sessionId,
    agent: meta.name,
    result,
    settled,
    get events() {
      return events.map((event) => redactor.redactValue(event));
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    escalate(reason) {
      if (!finished) stop(undefined, undefined, reason);
    },
    ledger: () => ledger,
    tape: () => tape,
  };
}
