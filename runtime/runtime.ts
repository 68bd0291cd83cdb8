/**
 * The runtime API: `createRuntime({ tools, intelligence | providers, humans, flags, telemetry })`
 * then `runtime.start(module, input)` for a session of a compiled agent, typed from the
 * generated module. This file wires the three layers together: orchestration (sessions and
 * guards), intelligence (models) and execution (tools). It is the only place that knows all three.
 */
import { createHash, randomUUID } from "node:crypto";
import { hostname } from "node:os";
import { metrics as otelMetrics, trace as otelTrace, type Meter, type Tracer } from "@opentelemetry/api";
import type { AnyStateMachine, InputFrom, OutputFrom } from "xstate";
import { z } from "zod";
import type { AgentModule, Outcome, StateMetadata } from "./contract.ts";
import { createToolExecutor } from "./execution/tool-executor.ts";
import type { IdempotencyStore } from "./execution/idempotency.ts";
import type { ExecutionEvent, ToolExecutor, ToolImplementation } from "./execution/types.ts";
import type { Intelligence, LoopTool } from "./intelligence/types.ts";
import { flagNames, isOn, memoryFlagsSource, type FlagsSource } from "./orchestration/flags.ts";
import { startSession, type HumanHandler, type Session, type SessionCheckpoint, type SessionCheckpointSink, type SessionRestore, type SessionStartOptions } from "./orchestration/session.ts";
import type { DailyCaps } from "./orchestration/guards.ts";
import type { TapeEntry } from "./orchestration/tape.ts";
import { stableJson } from "./execution/stable-json.ts";
import { LeaseLostError, UnknownSessionError, type AgentRef, type SessionStore } from "./stores/types.ts";
import { INSTRUMENTATION_SCOPE } from "./telemetry/attributes.ts";
import { Redactor } from "./telemetry/redact.ts";
import type { EscalationNotice, EscalationSink } from "./escalation/sinks.ts";
import { createRuntimeMetrics } from "./telemetry/metrics.ts";
import { formatSchemaPath } from "./schema-path.ts";
import { RUNTIME_VERSION } from "./version.ts";

export interface RuntimeOptions {
  /** Tool implementations by tool name; every tool of an agent you start must have one. */
  readonly tools?: Readonly<Record<string, ToolImplementation>>;
  /** The model side (see `createIntelligence`, or the mock layer's model). */
  readonly intelligence?: Intelligence;
  /** Answers human waits in process. Without it a wait takes its timeout edge at once. */
  readonly humans?: HumanHandler;
  /** Kill switches; defaults to an empty in-memory source. */
  readonly flags?: FlagsSource;
  /** Defaults to the global OpenTelemetry tracer and meter providers (no-ops until the app registers SDKs). */
  readonly telemetry?: { readonly tracer?: Tracer; readonly meter?: Meter };
  /** Where side-effect results are kept per idempotency key; defaults to in-memory per agent. */
  readonly idempotencyStore?: IdempotencyStore;
  /** Receives a checkpoint after every step. */
  readonly checkpoints?: SessionCheckpointSink;
  /**
   * Makes sessions durable: each step is committed (snapshot, ledger, recording, spend) in one
   * transaction; `resume` continues a session after a crash or a deploy. Side-effect results
   * then live in the store's idempotency table unless `idempotencyStore` says otherwise.
   */
  readonly store?: SessionStore;
  /** Per agent name: a daily token/cost cap counted in the store across sessions (needs `store`). */
  readonly dailyCaps?: Readonly<Record<string, DailyCaps>>;
  /**
   * Fire due human waits of these agents when the runtime starts and then every `everyMs`
   * (default 60 s; needs `store`). The timer does not keep the process alive; `close()` stops it.
   */
  readonly dueWaits?: { readonly agents: readonly AgentModule<AnyStateMachine>[]; readonly everyMs?: number; readonly onError?: (error: unknown) => void };
  /** Every session that ends in an escalation is handed to these (console, webhook, your own). */
  readonly escalations?: readonly EscalationSink[];
  /** A sink failed to deliver (after its retries). Default: a line on stderr. */
  readonly onEscalationError?: (error: unknown, notice: EscalationNotice) => void;
  /** This process's name in session leases. Default `<host>:<pid>:<random>`. */
  readonly owner?: string;
  /** How long a lease holds without a commit renewing it. Default 60 s. */
  readonly leaseTtlMs?: number;
  /** Epoch ms; defaults to Date.now. */
  readonly clock?: () => number;
  /** In [0, 1): retry jitter; defaults to Math.random. */
  readonly random?: () => number;
  /** Observes the execution layer (attempts, breaker changes). */
  readonly onExecutionEvent?: (event: ExecutionEvent) => void;
}

/** A module's reply output type. */
export type OutputOf<M extends AgentModule<AnyStateMachine>> = OutputFrom<M["machine"]> extends Outcome<infer O> ? O : unknown;
/** A module's input type. */
export type InputOf<M extends AgentModule<AnyStateMachine>> = InputFrom<M["machine"]>;

export interface Runtime {
  /**
   * Validates `input` (an `InvalidInputError` names the field), refuses a disabled agent
   * (`AgentDisabledError`) and starts a session. Its `result` never rejects.
   */
  start<M extends AgentModule<AnyStateMachine>>(module: M, input: InputOf<M>, options?: RuntimeStartOptions): Promise<Session<OutputOf<M>>>;
  /** `start` and await the outcome. */
  run<M extends AgentModule<AnyStateMachine>>(module: M, input: InputOf<M>, options?: RuntimeStartOptions): Promise<Outcome<OutputOf<M>>>;
  /**
   * Continues a stored session from its last committed step (needs `store`): the step that was
   * in flight runs again, with the same idempotency keys, so a side effect is not repeated.
   * Refuses a session that ended, one another process holds, or one recorded by another agent
   * or another build of it (`ResumeError`).
   */
  resume<M extends AgentModule<AnyStateMachine>>(module: M, sessionId: string, options?: Omit<RuntimeStartOptions, "sessionId" | "restore" | "agentFile">): Promise<Session<OutputOf<M>>>;
  /**
   * Answers a session parked at a human wait (needs `store`): validates `response` against the
   * wait's schema (`InvalidResponseError` names the field) and continues the session. Refuses a
   * session that is not waiting — never waited, or already answered (`ResumeError`).
   */
  respond<M extends AgentModule<AnyStateMachine>>(module: M, sessionId: string, response: unknown, options?: Omit<RuntimeStartOptions, "sessionId" | "restore" | "agentFile">): Promise<Session<OutputOf<M>>>;
  /**
   * Fires the human waits that are due: each continues down its timeout edge. `modules` are
   * the agents this process can run (waits of other agents are left for another process).
   */
  fireDueWaits(modules: readonly AgentModule<AnyStateMachine>[]): Promise<Session[]>;
  /** Stops the due-wait timer. Sessions in flight go on. */
  close(): void;
}

export class InvalidResponseError extends Error {
  readonly field: string;
  constructor(sessionId: string, field: string, problem: string) {
    super(`the response to session ${sessionId} does not match what the wait expects: ${field === "" ? problem : `${field}: ${problem}`}`);
    this.name = "InvalidResponseError";
    this.field = field;
  }
}

/** Start options the runtime API adds: where the agent came from (recorded with the session). */
export interface RuntimeStartOptions extends SessionStartOptions {
  readonly agentFile?: string;
  /** Overrides the module's hash (the CLI passes the generated source's). */
  readonly machineHash?: string;
}

export class ResumeError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ResumeError";
  }
}

/**
 * `sha256:<hex>` identifying a build of an agent: its metadata (contracts, prompts, states,
 * budgets), its machine's structure (states, transitions) and the source of its guards (the
 * decisions), so changing a condition changes the hash.
 */
export function moduleHash(module: AgentModule<AnyStateMachine>): string {
  const machine = module.machine as AnyStateMachine & { implementations?: { guards?: Record<string, unknown> } };
  const guards = machine.implementations?.guards ?? {};
  const guardText = Object.keys(guards)
    .sort()
    .map((name) => `${name}:${String(guards[name])}`)
    .join("\n");
  return `sha256:${createHash("sha256").update(stableJson(module.metadata)).update(JSON.stringify(machine.config) ?? "").update(guardText).digest("hex")}`;
}

export class InvalidInputError extends Error {
  /** Dotted path of the first offending field (`customer.email`), or "" for the whole record. */
  readonly field: string;
  constructor(agent: string, field: string, problem: string) {
    super(field === "" ? `invalid input for ${agent}: ${problem}` : `invalid input for ${agent}: ${field}: ${problem}`);
    this.name = "InvalidInputError";
    this.field = field;
  }
}

export class AgentDisabledError extends Error {
  constructor(agent: string, why: string) {
    super(`${agent} is not accepting sessions: ${why}`);
    this.name = "AgentDisabledError";
  }
}

export class RuntimeConfigurationError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "RuntimeConfigurationError";
  }
}

export function createRuntime(options: RuntimeOptions = {}): Runtime {
  const tracer = options.telemetry?.tracer ?? otelTrace.getTracer(INSTRUMENTATION_SCOPE, RUNTIME_VERSION);
  const meter = options.telemetry?.meter ?? otelMetrics.getMeter(INSTRUMENTATION_SCOPE, RUNTIME_VERSION);
  const metrics = createRuntimeMetrics(meter);
  const flags = options.flags ?? memoryFlagsSource();
  const clock = options.clock ?? (() => Date.now());
  const executors = new WeakMap<object, ToolExecutor>();
  const loopToolCache = new WeakMap<object, Map<string, readonly LoopTool[]>>();

  const executorFor = (module: AgentModule<AnyStateMachine>): ToolExecutor => {
    let executor = executors.get(module);
    if (executor !== undefined) return executor;
    const contracts = module.metadata.tools;
    const implementations = options.tools ?? {};
    const missing = Object.keys(contracts).filter((name) => !Object.hasOwn(implementations, name) || typeof implementations[name] !== "function");
    if (missing.length > 0) throw new RuntimeConfigurationError(`${module.metadata.name} needs implementations for: ${missing.join(", ")} (pass them as createRuntime({ tools }))`);
    const idempotencyStore = options.idempotencyStore ?? options.store?.idempotency;
    executor = createToolExecutor({
      contracts,
      schemas: module.schemas.tools,
      implementations,
      ...(idempotencyStore !== undefined ? { idempotencyStore } : {}),
      clock,
      ...(options.random !== undefined ? { random: options.random } : {}),
      ...(options.onExecutionEvent !== undefined ? { onEvent: options.onExecutionEvent } : {}),
    });
    executors.set(module, executor);
    return executor;
  };

  const loopToolsFor = (module: AgentModule<AnyStateMachine>) => (state: StateMetadata): readonly LoopTool[] => {
    let cache = loopToolCache.get(module);
    if (cache === undefined) loopToolCache.set(module, (cache = new Map()));
    const cached = cache.get(state.name);
    if (cached !== undefined) return cached;
    const tools = state.tools.map((name) => ({
      name,
      description: module.metadata.tools[name]?.description ?? name,
      inputJsonSchema: jsonSchemaOf(module.schemas.tools[name]?.input),
    }));
    cache.set(state.name, tools);
    return tools;
  };

  const owner = options.owner ?? `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
  const leaseTtlMs = options.leaseTtlMs ?? 60_000;
  const store = options.store;

  /** Commits each checkpoint to the store (renewing the lease), then hands it to the user's sink. */
  const storeSink = (sessionId: string, after: { tokens: number; costUsd: number }): SessionCheckpointSink | undefined => {
    if (store === undefined) return options.checkpoints;
    let committed = after;
    return {
      async checkpoint(c: SessionCheckpoint) {
        const spend = { tokens: c.ledger.tokens - committed.tokens, costUsd: c.ledger.costUsd - committed.costUsd };
        const status = c.status === "done" ? (c.outcome?.kind === "reply" ? "replied" : "escalated") : c.status;
        const at = clock();
        if (status === "running") await store.acquireLease(sessionId, owner, leaseTtlMs, at);
        await store.commitStep({ sessionId, owner, status, snapshot: c.snapshot, ledger: c.ledger, outcome: c.outcome, waiting: c.waiting, tape: c.tape, spend, at });
        if (status === "waiting") await store.releaseLease(sessionId, owner);
        committed = { tokens: c.ledger.tokens, costUsd: c.ledger.costUsd };
        await options.checkpoints?.checkpoint(c);
      },
    };
  };

  const sessionDeps = (module: AgentModule<AnyStateMachine>, sessionId: string, committed: { tokens: number; costUsd: number }) => {
    const caps = options.dailyCaps !== undefined && Object.hasOwn(options.dailyCaps, module.metadata.name) ? options.dailyCaps[module.metadata.name] : undefined;
    const sink = storeSink(sessionId, committed);
    return {
      module,
      intelligence: options.intelligence ?? missingIntelligence(module.metadata.name),
      executor: executorFor(module),
      humans: options.humans,
      parkHumanWaits: store !== undefined && options.humans === undefined,
      flags,
      tracer,
      metrics,
      clock,
      loopTools: loopToolsFor(module),
      ...(sink !== undefined ? { checkpoints: sink } : {}),
      ...(caps !== undefined && store !== undefined ? { dailyCaps: caps, spentToday: () => store.dailySpend(module.metadata.name, clock()) } : {}),
    };
  };

  const start: Runtime["start"] = async (module, input, startOptions: RuntimeStartOptions = {}) => {
    const meta = module.metadata;
    const parsed = module.schemas.input.safeParse(input);
    if (!parsed.success) {
      const { field, problem } = firstIssue(parsed.error);
      throw new InvalidInputError(meta.name, field, problem);
    }
    let current;
    try {
      current = await flags.read();
    } catch {
      current = undefined; // unreadable: the first step's guard escalates, and says why
    }
    if (current !== undefined && isOn(current, flagNames.agentDisabled(meta.name))) throw new AgentDisabledError(meta.name, `${flagNames.agentDisabled(meta.name)} is set`);
    const sessionId = startOptions.sessionId ?? randomUUID();
    const deps = sessionDeps(module, sessionId, { tokens: 0, costUsd: 0 });
    if (store !== undefined) {
      const agent: AgentRef = { name: meta.name, version: meta.version, file: startOptions.agentFile, machineHash: startOptions.machineHash ?? moduleHash(module) };
      await store.createSession({ id: sessionId, agent, input: parsed.data, createdAt: clock() });
      if (!(await store.acquireLease(sessionId, owner, leaseTtlMs, clock()))) throw new LeaseLostError(sessionId, owner);
    }
    return watched(module, parsed.data, startSession(deps, parsed.data, { ...startOptions, sessionId }));
  };

  const resume: Runtime["resume"] = async (module, sessionId, resumeOptions = {}) => {
    if (store === undefined) throw new RuntimeConfigurationError("resume needs a session store: createRuntime({ store })");
    const stored = await store.getSession(sessionId);
    if (stored === undefined) throw new UnknownSessionError(sessionId);
    const meta = module.metadata;
    if (stored.endedAt !== undefined || stored.status === "replied" || stored.status === "escalated") throw new ResumeError(`session ${sessionId} already ended (${stored.status})`);
    if (stored.agent.name !== meta.name) throw new ResumeError(`session ${sessionId} belongs to agent ${stored.agent.name}, not ${meta.name}`);
    if (stored.status === "waiting")
      throw new ResumeError(`session ${sessionId} is waiting for ${stored.waiting?.target ?? "a person"}: answer it with \`agentc respond ${sessionId} '<json>'\` (or let the wait time out: \`agentc resume --due\`)`);
    const hash = resumeOptions.machineHash ?? moduleHash(module);
    if (stored.agent.machineHash !== hash)
      throw new ResumeError(
        `session ${sessionId} was recorded by another build of ${meta.name} (version ${stored.agent.version}); resuming it with a changed agent is unsafe — check the change with \`agentc replay --against\` first`,
      );
    if (!(await store.acquireLease(sessionId, owner, leaseTtlMs, clock()))) throw new ResumeError(`session ${sessionId} is being run by another process (its lease has not expired)`);
    if (stored.snapshot === undefined || stored.ledger === undefined) {
      // Created, then interrupted before its first commit: start it over under the same id
      // (the same idempotency keys), from the stored input.
      return watched(module, stored.input, startSession(sessionDeps(module, sessionId, { tokens: 0, costUsd: 0 }), stored.input, { ...resumeOptions, sessionId }));
    }
    const restore: SessionRestore = { snapshot: stored.snapshot, ledger: stored.ledger, tape: stored.tape.map((r) => r.entry as TapeEntry) };
    const deps = sessionDeps(module, sessionId, { tokens: stored.ledger.tokens, costUsd: stored.ledger.costUsd });
    return watched(module, stored.input, startSession(deps, stored.input, { ...resumeOptions, sessionId, restore }));
  };

  /** Hands a session that ends in an escalation to the sinks, with its context (PII masked). */
  const watched = <S extends Session<never>>(module: AgentModule<AnyStateMachine>, input: unknown, session: S): S => {
    const sinks = options.escalations ?? [];
    if (sinks.length === 0) return session;
    void session.result.then(async (outcome) => {
      if (outcome.kind !== "escalation") return;
      const redactor = new Redactor();
      redactor.addPaths({ input }, module.metadata.piiPaths.filter((p) => p.startsWith("input.")));
      const ledger = session.ledger();
      const lastStep = [...session.events].reverse().find((e) => e.type === "step.started");
      const notice: EscalationNotice = {
        sessionId: session.id,
        agent: module.metadata.name,
        version: module.metadata.version,
        target: outcome.target,
        targetDescription: module.metadata.escalations.find((e) => e.name === outcome.target)?.description,
        reason: redactor.redact(outcome.reason),
        state: lastStep?.type === "step.started" ? lastStep.state : undefined,
        steps: ledger.steps,
        tokens: ledger.tokens,
        costUsd: ledger.costUsd,
        input: redactor.redactValue(input),
        at: clock(),
      };
      for (const sink of sinks) {
        try {
          await sink.escalate(notice);
        } catch (error) {
          (options.onEscalationError ?? ((e: unknown) => process.stderr.write(`agentc: ${e instanceof Error ? e.message : String(e)}\n`)))(error, notice);
        }
      }
    });
    return session;
  };

  /** Loads a parked session and checks it can be continued by this process. */
  const parkedSession = async (module: AgentModule<AnyStateMachine>, sessionId: string) => {
    if (store === undefined) throw new RuntimeConfigurationError("human waits park only with a session store: createRuntime({ store })");
    const stored = await store.getSession(sessionId);
    if (stored === undefined) throw new UnknownSessionError(sessionId);
    if (stored.agent.name !== module.metadata.name) throw new ResumeError(`session ${sessionId} belongs to agent ${stored.agent.name}, not ${module.metadata.name}`);
    if (stored.status !== "waiting" || stored.waiting === undefined || stored.snapshot === undefined || stored.ledger === undefined)
      throw new ResumeError(`session ${sessionId} is not waiting for a response (it is ${stored.status}${stored.status === "running" ? "" : ": already answered or ended"})`);
    if (stored.agent.machineHash !== moduleHash(module)) throw new ResumeError(`session ${sessionId} was recorded by another build of ${module.metadata.name}; answer it with the build that parked it`);
    if (!(await store.acquireLease(sessionId, owner, leaseTtlMs, clock()))) throw new ResumeError(`session ${sessionId} is being answered by another process`);
    return { stored, wait: stored.waiting, restore: { snapshot: stored.snapshot, ledger: stored.ledger, tape: stored.tape.map((r) => r.entry as TapeEntry) } as SessionRestore };
  };

  const respond: Runtime["respond"] = async (module, sessionId, response, respondOptions = {}) => {
    const { stored, wait, restore } = await parkedSession(module, sessionId);
    const schema = Object.hasOwn(module.schemas.results, wait.result) ? module.schemas.results[wait.result] : undefined;
    const parsed = schema?.safeParse(response);
    if (parsed === undefined || !parsed.success) {
      await store!.releaseLease(sessionId, owner);
      const { field, problem } = firstIssue(parsed?.error);
      throw new InvalidResponseError(sessionId, field, problem);
    }
    const deps = sessionDeps(module, sessionId, { tokens: stored.ledger!.tokens, costUsd: stored.ledger!.costUsd });
    return watched(module, stored.input, startSession(deps, stored.input, { ...respondOptions, sessionId, restore, humanAnswer: { state: wait.state, response: parsed.data } }));
  };

  const fireDueWaits: Runtime["fireDueWaits"] = async (modules) => {
    if (store === undefined) return [];
    const byName = new Map(modules.map((m) => [m.metadata.name, m]));
    const fired: Session[] = [];
    for (const due of await store.dueWaits(clock())) {
      const module = byName.get(due.agent.name);
      if (module === undefined) continue;
      try {
        const { stored, wait, restore } = await parkedSession(module, due.id);
        const deps = sessionDeps(module, due.id, { tokens: stored.ledger!.tokens, costUsd: stored.ledger!.costUsd });
        fired.push(watched(module, stored.input, startSession(deps, stored.input, { sessionId: due.id, restore, humanAnswer: { state: wait.state, timedOut: true } })));
      } catch (error) {
        if (!(error instanceof ResumeError)) throw error; // answered or taken meanwhile: nothing to fire
      }
    }
    return fired;
  };

  let dueTimer: ReturnType<typeof setInterval> | undefined;
  if (options.dueWaits !== undefined && store !== undefined) {
    const { agents, everyMs = 60_000, onError = (e: unknown) => process.stderr.write(`agentc: due waits: ${e instanceof Error ? e.message : String(e)}\n`) } = options.dueWaits;
    const fire = () => void fireDueWaits(agents).catch(onError);
    queueMicrotask(fire);
    dueTimer = setInterval(fire, everyMs);
    dueTimer.unref?.();
  }

  return {
    start,
    resume,
    respond,
    fireDueWaits,
    close() {
      clearInterval(dueTimer);
    },
    async run(module, input, runOptions) {
      const session = await start(module, input, runOptions);
      return session.result;
    },
  };
}

/** Without a model side, model steps fail (their failure path runs) rather than crash. */
function missingIntelligence(agent: string): Intelligence {
  const outcome = { kind: "outcome", outcome: { ok: false, failure: { kind: "failure", message: `no model is configured for ${agent} (pass createRuntime({ intelligence }))` } } } as const;
  return { ask: async () => outcome, loop: async () => outcome };
}

function jsonSchemaOf(schema: unknown): unknown {
  try {
    return z.toJSONSchema(schema as z.ZodType, { target: "draft-2020-12", unrepresentable: "any" });
  } catch {
    return { type: "object" };
  }
}

/** The first zod issue as a field path and a message that does not echo the value. */
function firstIssue(error: unknown): { field: string; problem: string } {
  const issues = (error as { issues?: readonly { path?: readonly PropertyKey[]; message?: string }[] } | undefined)?.issues;
  const issue = issues?.[0];
  if (issue === undefined) return { field: "", problem: "does not match the input schema" };
  const path = issue.path ?? [];
  const field = path.length === 0 ? "" : formatSchemaPath(path);
  return { field, problem: issue.message ?? "invalid" };
}
