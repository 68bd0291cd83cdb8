/**
 * Runs one harness case: one full session of an agent through the real runtime — mock tools
 * that answer from the case's plan, the mock model (obedient or not) through the real
 * intelligence layer, mock humans, a memory store, an in-memory OpenTelemetry exporter — and
 * records everything the properties look at. With a crash plan the first process "dies" in a
 * side-effecting call and a second runtime resumes the session from the same store.
 */
import { InMemorySpanExporter, SimpleSpanProcessor, TracerProvider, type ReadableSpan } from "@opentelemetry/sdk-trace";
import type { AnyStateMachine } from "xstate";
import type { AgentModule, Outcome, ToolContract } from "../contract.ts";
import { ToolError } from "../execution/tool-error.ts";
import type { ToolCallContext, ToolImplementation } from "../execution/types.ts";
import { createIntelligence } from "../intelligence/create-intelligence.ts";
import type { Intelligence } from "../intelligence/types.ts";
import { generateValue } from "../mock/generate-value.ts";
import { mockModelProviders } from "../mock/mock-model.ts";
import { modelScript } from "../mock/model-script.ts";
import { rngFor } from "../mock/random.ts";
import { untilAborted } from "../mock/waiting.ts";
import type { SessionEvent } from "../orchestration/events.ts";
import type { Session } from "../orchestration/session.ts";
import type { TapeEntry } from "../orchestration/tape.ts";
import { createRuntime } from "../runtime.ts";
import { createMemoryStore } from "../stores/memory.ts";
import type { HarnessCase, HumanPlanItem, ToolPlanItem } from "./case.ts";
import { obedientProviders } from "./obedient-model.ts";

/** A tool implementation run: what reached the implementation (after the executor's checks). */
export interface ExecutedCall {
  readonly state: string | undefined;
  readonly tool: string;
  readonly args: unknown;
  readonly idempotencyKey: string | undefined;
  readonly attempt: number;
}

/** A side effect the fake downstream system applied (it dedupes by idempotency key, like Stripe). */
export interface AppliedEffect {
  readonly state: string | undefined;
  readonly tool: string;
  readonly args: unknown;
  readonly idempotencyKey: string | undefined;
}

export interface CaseRun {
  readonly input: unknown;
  /** Undefined when the session did not end within the case timeout. */
  readonly outcome: Outcome | undefined;
  readonly steps: number;
  readonly tokens: number;
  readonly costUsd: number;
  readonly toolCalls: Readonly<Record<string, number>>;
  /** Every session's events (the first process's, then the resumed one's). */
  readonly events: readonly SessionEvent[];
  readonly tape: readonly TapeEntry[];
  /**
   * The session's committed recording as the store holds it (across a crash: what the first
   * process committed, then the resumed one's): what a replay file carries.
   */
  readonly recording: readonly TapeEntry[];
  readonly executed: readonly ExecutedCall[];
  readonly effects: readonly AppliedEffect[];
  readonly spans: readonly ReadableSpan[];
  readonly crashed: boolean;
  readonly error: string | undefined;
}

export interface RunCaseOptions {
  /** Wall time a case may take before "session-ends" fails it. Default 10 s. */
  readonly timeoutMs?: number;
  /** Per-attempt tool deadline the harness imposes (so timeouts cost little). Default 40 ms. */
  readonly toolTimeoutMs?: number;
  /** Per-request model deadline. Default 100 ms. */
  readonly modelTimeoutMs?: number;
  /** Stands in for the runtime under test (mutation tests swap parts of it). */
  readonly createRuntime?: typeof createRuntime;
  /**
   * The agent as specified, when the module run is a deliberately broken copy (mutation tests):
   * which tools have side effects is read from it, and the properties are checked against it.
   */
  readonly reference?: Module;
}

type Module = AgentModule<AnyStateMachine>;

const fastModules = new WeakMap<object, Module>();

/**
 * The module with each tool's timeout capped and retry delays at 1 ms: the same contracts
 * otherwise, so a case with timeouts and retries runs in milliseconds.
 */
export function harnessModule(module: Module, toolTimeoutMs = 40): Module {
  const cached = fastModules.get(module);
  if (cached !== undefined) return cached;
  const tools: Record<string, ToolContract> = {};
  for (const [name, contract] of Object.entries(module.metadata.tools)) {
    tools[name] = {
      ...contract,
      timeoutMs: Math.min(contract.timeoutMs ?? toolTimeoutMs, toolTimeoutMs),
      ...(contract.retry !== undefined ? { retry: { ...contract.retry, delayMs: 1 } } : {}),
      rate: undefined,
    };
  }
  const fast: Module = { ...module, metadata: { ...module.metadata, tools } };
  fastModules.set(module, fast);
  return fast;
}

const exporters = new WeakMap<object, { exporter: InMemorySpanExporter; provider: TracerProvider }>();
function telemetryFor(key: object): { exporter: InMemorySpanExporter; provider: TracerProvider } {
  let found = exporters.get(key);
  if (found === undefined) {
    const exporter = new InMemorySpanExporter();
    found = { exporter, provider: new TracerProvider({ spanProcessors: [new SimpleSpanProcessor({ exporter })] }) };
    exporters.set(key, found);
  }
  return found;
}

/** Runs the case; never rejects (a harness or runtime defect is returned as `error`). */
export async function runCase(original: Module, testCase: HarnessCase, options: RunCaseOptions = {}): Promise<CaseRun> {
  const module = harnessModule(original, options.toolTimeoutMs);
  const meta = module.metadata;
  const { exporter, provider } = telemetryFor(module);
  exporter.reset();
  const tracer = provider.getTracer("agentc");
  const store = createMemoryStore();
  let now = Date.UTC(2026, 0, 5, 9, 0, 0);
  const clock = () => now;

  const events: SessionEvent[] = [];
  let currentState: string | undefined;
  const onEvent = (event: SessionEvent) => {
    events.push(event);
    if (event.type === "step.started") currentState = event.state;
  };

  const executed: ExecutedCall[] = [];
  const effects: AppliedEffect[] = [];
  const appliedKeys = new Set<string>();
  let sideEffectRuns = 0;
  let crashed = false;
  let signalCrash: () => void = () => undefined;
  const crashedPromise = new Promise<"crashed">((resolve) => (signalCrash = () => resolve("crashed")));

  const calls = new Map<string, number>();
  const specified = (options.reference ?? original).metadata.tools;
  /** A process's tools: once it has "died", its calls hang and touch nothing. */
  const toolsFor = (proc: Process): Record<string, ToolImplementation> => {
    const tools: Record<string, ToolImplementation> = {};
    for (const [name, running] of Object.entries(meta.tools)) {
      const contract = Object.hasOwn(specified, name) ? specified[name]! : running;
      const plan = Object.hasOwn(testCase.tools, name) ? testCase.tools[name]! : [];
      const schemas = module.schemas.tools[name]!;
      tools[name] = async (input: unknown, ctx: ToolCallContext) => {
        if (!proc.alive) return never();
        const n = calls.get(name) ?? 0;
        calls.set(name, n + 1);
        const state = currentState;
        executed.push({ state, tool: name, args: input, idempotencyKey: ctx.idempotencyKey, attempt: ctx.attempt });
        const item: ToolPlanItem = plan[n] ?? { kind: "ok" };
        if (contract.sideEffecting && item.kind !== "error" && item.kind !== "throw" && item.kind !== "timeout") {
          const run = sideEffectRuns++;
          const crashHere = testCase.crash !== undefined && !crashed && testCase.crash.effect === run;
          if (crashHere && testCase.crash!.when === "before") return crash(proc);
          const key = ctx.idempotencyKey;
          if (key === undefined || !appliedKeys.has(`${name}\u0000${key}`)) {
            if (key !== undefined) appliedKeys.add(`${name}\u0000${key}`);
            effects.push({ state, tool: name, args: input, idempotencyKey: key });
          }
          if (crashHere) return crash(proc);
        }
        return answerTool(item, schemas.output, input, testCase.seed, name, n, ctx.signal);
      };
    }
    return tools;
  };
  /** The process dies here: nothing it does from now on reaches the world; the harness resumes elsewhere. */
  const crash = (proc: Process): Promise<never> => {
    crashed = true;
    proc.alive = false;
    signalCrash();
    return never();
  };

  let humanAnswers = 0;
  const humansFor = (proc: Process) => {
    return async (request: { result: string; signal: AbortSignal }) => {
      if (!proc.alive) return never();
      const n = humanAnswers++;
      const item: HumanPlanItem = testCase.humans[n] ?? { kind: "answer" };
      const rng = rngFor(testCase.seed, "human", n);
      if (item.kind === "timeout") throw new Error("no response before the deadline");
      if (item.kind === "value") return item.value;
      const schema = module.schemas.results[request.result];
      return schema === undefined ? {} : generateValue(schema as never, { rng, name: request.result });
    };
  };

  const script = modelScript(testCase.model.script);
  const mock = mockModelProviders([meta.model.primary, meta.model.fallback], {
    seed: testCase.seed,
    script,
    prompts: meta.prompts,
    retryAfterMs: 0,
    ...(testCase.model.stubborn === true ? { toolCallRate: 1, maxToolCalls: 1_000 } : {}),
  });
  const providers = testCase.model.obedient ? obedientProviders(mock) : mock;
  const makeRuntime = options.createRuntime ?? createRuntime;
  const runtimeFor = (owner: string, proc: Process) =>
    makeRuntime({
      tools: toolsFor(proc),
      intelligence: frozenWhenDead(createIntelligence({ providers, requestTimeoutMs: options.modelTimeoutMs ?? 100, clock }), proc),
      humans: humansFor(proc),
      store,
      clock,
      owner,
      leaseTtlMs: 1_000,
      random: () => 0.5,
      telemetry: { tracer },
    });

  let outcome: Outcome | undefined;
  let error: string | undefined;
  let session: Session | undefined;
  let firstTape: readonly TapeEntry[] = [];
  const deadline = options.timeoutMs ?? 10_000;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timedOut = new Promise<"timeout">((resolve) => {
    timer = setTimeout(() => resolve("timeout"), deadline);
  });
  try {
    const first = { alive: true };
    session = await runtimeFor("harness-1", first).start(module, testCase.input as never, { onEvent: (e) => first.alive && onEvent(e), sessionId: `case-${testCase.seed}` });
    const ended = await Promise.race([session.result, crashedPromise, timedOut]);
    if (ended === "crashed") {
      now += 5_000; // the dead process's lease expires
      currentState = undefined;
      firstTape = session.tape();
      session = await runtimeFor("harness-2", { alive: true }).resume(module, session.id, { onEvent });
      const second = await Promise.race([session.result, timedOut]);
      if (second !== "timeout") outcome = second;
    } else if (ended !== "timeout") outcome = ended;
  } catch (thrown) {
    error = thrown instanceof Error ? `${thrown.name}: ${thrown.message}` : String(thrown);
  } finally {
    clearTimeout(timer);
  }
  if (outcome === undefined && session !== undefined && error === undefined) session.escalate("harness: case timed out");
  await provider.forceFlush();
  const ledger = session?.ledger();
  const stored = session !== undefined ? await store.getSession(session.id).catch(() => undefined) : undefined;
  const recording = stored !== undefined ? stored.tape.map((r) => r.entry as TapeEntry) : [...(session?.tape() ?? [])];
  return {
    input: testCase.input,
    outcome,
    steps: ledger?.steps ?? 0,
    tokens: ledger?.tokens ?? 0,
    costUsd: ledger?.costUsd ?? 0,
    toolCalls: { ...(ledger?.toolCalls ?? {}) },
    events,
    tape: [...firstTape, ...(session?.tape() ?? [])],
    recording,
    executed,
    effects,
    spans: [...exporter.getFinishedSpans()],
    crashed,
    error,
  };
}

interface Process {
  alive: boolean;
}

function never(): Promise<never> {
  return new Promise<never>(() => undefined);
}

/** A dead process's model calls never return. */
function frozenWhenDead(intelligence: Intelligence, proc: Process): Intelligence {
  return {
    ask: (step) => (proc.alive ? intelligence.ask(step) : never()),
    loop: (step) => (proc.alive ? intelligence.loop(step) : never()),
  };
}

async function answerTool(item: ToolPlanItem, output: unknown, input: unknown, seed: number, tool: string, n: number, signal: AbortSignal): Promise<unknown> {
  const rng = rngFor(seed, "tool", tool, n);
  const prefer = typeof input === "object" && input !== null ? (input as Record<string, unknown>) : undefined;
  const generated = () => generateValue(output as never, { rng, name: tool, path: `${tool}.output`, ...(prefer !== undefined ? { prefer } : {}) });
  switch (item.kind) {
    case "ok":
      return generated();
    case "value":
      return item.value;
    case "error":
      throw new ToolError(item.name, `${tool} failed with ${item.name}`);
    case "throw":
      throw new Error(item.message);
    case "timeout":
      return untilAborted(signal);
    case "inject":
      return injectStrings(generated(), item.text, output);
  }
}

/** The value with every string replaced by the text, kept only where the schema still accepts it. */
export function injectStrings(value: unknown, text: string, schema: unknown): unknown {
  const replaced = replaceStrings(value, text);
  const parsed = (schema as { safeParse(v: unknown): { success: boolean } }).safeParse(replaced);
  if (parsed.success) return replaced;
  // Field by field: keep the replacements the schema accepts.
  if (value === null || typeof value !== "object" || Array.isArray(value)) return value;
  const out: Record<string, unknown> = { ...(value as Record<string, unknown>) };
  for (const key of Object.keys(out)) {
    const before = out[key];
    out[key] = replaceStrings(before, text);
    if (!(schema as { safeParse(v: unknown): { success: boolean } }).safeParse(out).success) out[key] = before;
  }
  return out;
}

function replaceStrings(value: unknown, text: string): unknown {
  if (typeof value === "string") return text;
  if (Array.isArray(value)) return value.map((v) => replaceStrings(v, text));
  if (value !== null && typeof value === "object") return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, replaceStrings(v, text)]));
  return value;
}
