/**
 * The runtime API: `createRuntime({ tools, intelligence | providers, humans, flags, telemetry })`
 * then `runtime.start(module, input)` for a session of a compiled agent, typed from the
 * generated module. This file wires the three layers together: orchestration (sessions and
 * guards), intelligence (models) and execution (tools). It is the only place that knows all three.
 */
import { metrics as otelMetrics, trace as otelTrace, type Meter, type Tracer } from "@opentelemetry/api";
import type { AnyStateMachine, InputFrom, OutputFrom } from "xstate";
import { z } from "zod";
import type { AgentModule, Outcome, StateMetadata } from "./contract.ts";
import { createToolExecutor } from "./execution/tool-executor.ts";
import type { IdempotencyStore } from "./execution/idempotency.ts";
import type { ExecutionEvent, ToolExecutor, ToolImplementation } from "./execution/types.ts";
import type { Intelligence, LoopTool } from "./intelligence/types.ts";
import { flagNames, isOn, memoryFlagsSource, type FlagsSource } from "./orchestration/flags.ts";
import { startSession, type HumanHandler, type Session, type SessionCheckpointSink, type SessionStartOptions } from "./orchestration/session.ts";
import { INSTRUMENTATION_SCOPE } from "./telemetry/attributes.ts";
import { createRuntimeMetrics } from "./telemetry/metrics.ts";
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
  start<M extends AgentModule<AnyStateMachine>>(module: M, input: InputOf<M>, options?: SessionStartOptions): Promise<Session<OutputOf<M>>>;
  /** `start` and await the outcome. */
  run<M extends AgentModule<AnyStateMachine>>(module: M, input: InputOf<M>, options?: SessionStartOptions): Promise<Outcome<OutputOf<M>>>;
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
    executor = createToolExecutor({
      contracts,
      schemas: module.schemas.tools,
      implementations,
      ...(options.idempotencyStore !== undefined ? { idempotencyStore: options.idempotencyStore } : {}),
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

  const start: Runtime["start"] = async (module, input, startOptions = {}) => {
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
    const intelligence = options.intelligence ?? missingIntelligence(meta.name);
    return startSession(
      {
        module,
        intelligence,
        executor: executorFor(module),
        humans: options.humans,
        flags,
        tracer,
        metrics,
        clock,
        loopTools: loopToolsFor(module),
        ...(options.checkpoints !== undefined ? { checkpoints: options.checkpoints } : {}),
      },
      parsed.data,
      startOptions,
    );
  };

  return {
    start,
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
  const field = (issue.path ?? []).map((p) => (typeof p === "number" ? `[${p}]` : String(p))).join(".").replace(/\.\[/g, "[");
  return { field, problem: issue.message ?? "invalid" };
}
