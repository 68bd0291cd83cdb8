/**
 * The runtime's figures for `npm run bench` (issue 4): per-step overhead of a 10-step agent run
 * by the runtime with everything on, against bare XState and LangGraph.js doing the same ten
 * trivial async steps in the same process, and the heap held by 10,000 sessions in flight.
 * `node --expose-gc bench/runtime.ts` runs this part alone.
 */
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { Annotation, END, START, StateGraph } from "@langchain/langgraph";
import { MeterProvider, PeriodicExportingMetricReader, type PushMetricExporter } from "@opentelemetry/sdk-metrics";
import { BatchSpanProcessor, TracerProvider, type SpanExporter } from "@opentelemetry/sdk-trace";
import { assign, createActor, fromPromise, setup, type AnyStateMachine } from "xstate";
import { loadAgents } from "../compiler/load-agent.ts";
import type { AgentModule, StepOutcome } from "../runtime/contract.ts";
import type { Intelligence, ModelStep, ModelStepResult } from "../runtime/intelligence/types.ts";
import { createRuntime, type Runtime } from "../runtime/runtime.ts";
import { replayTape } from "../runtime/orchestration/replay.ts";
import type { SessionCheckpointSink } from "../runtime/orchestration/session.ts";

/** One bench figure, recorded by bench/run.ts. */
export interface Figure {
  readonly metric: string;
  readonly value: number;
  readonly unit: string;
  readonly note: string;
}

const root = fileURLToPath(new URL("..", import.meta.url));
const STEPS = 10;
/** Sessions per timed sample, samples after warm-up, and sessions in flight at once. */
const SESSIONS = 2_000;
const SAMPLES = 7;
const WARMUP = 2;
const CONCURRENCY = 20;
const HEAP_SESSIONS = 10_000;

const input = { ticketId: "t-1001", text: "The export button does nothing since the update." };
const assessment = { score: 0.9, note: "looks fine" };

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** `global.gc`, exposed on demand when the process was not started with --expose-gc. */
function gcFunction(): () => void {
  const existing = (globalThis as { gc?: () => void }).gc;
  if (existing !== undefined) return existing;
  setFlagsFromString("--expose-gc");
  return runInNewContext("gc") as () => void;
}

/** Runs `sessions` sessions, `CONCURRENCY` at a time; wall time in ms. */
async function runSample(session: () => Promise<void>, sessions: number): Promise<number> {
  let next = 0;
  const lane = async (): Promise<void> => {
    while (next < sessions) {
      next += 1;
      await session();
    }
  };
  const start = performance.now();
  await Promise.all(Array.from({ length: CONCURRENCY }, lane));
  return performance.now() - start;
}

/** Per-step µs of each contender per sample; samples are interleaved so load drift hits all alike. */
async function perStepMicros(contenders: Readonly<Record<string, () => Promise<void>>>): Promise<Record<string, number[]>> {
  const samples: Record<string, number[]> = Object.fromEntries(Object.keys(contenders).map((k) => [k, []]));
  for (let i = 0; i < WARMUP + SAMPLES; i++) {
    for (const [name, session] of Object.entries(contenders)) {
      const us = ((await runSample(session, SESSIONS)) * 1000) / (SESSIONS * STEPS);
      if (i >= WARMUP) samples[name]!.push(us);
      if (process.env["BENCH_VERBOSE"] !== undefined) console.error(`${name} sample ${i}: ${us.toFixed(1)} µs/step`);
    }
  }
  return samples;
}

/** Median of the per-sample ratios: each pair ran back to back, so it is steadier than a ratio of medians on a busy machine. */
function pairedRatio(numerator: readonly number[], denominator: readonly number[]): number {
  return median(numerator.map((n, i) => n / denominator[i]!));
}

// ── The agent, run by the runtime ───────────────────────────────────────────────

export async function loadTenSteps(): Promise<AgentModule<AnyStateMachine>> {
  const result = await loadAgents([join(root, "bench", "fixtures", "ten-steps.agent")], { root });
  const errors = result.diagnostics.filter((d) => d.severity === "error");
  if (errors.length > 0 || result.agents.length !== 1) throw new Error(`cannot load bench/fixtures/ten-steps.agent: ${errors.map((d) => d.message).join("; ")}`);
  return result.agents[0]!.module;
}

/** Telemetry as an app would set it up: OTel SDK providers with a batch processor, exporting nowhere. */
function telemetry() {
  let exportedSpans = 0;
  const spanExporter: SpanExporter = {
    export(spans, done) {
      exportedSpans += spans.length;
      done({ code: 0 });
    },
    shutdown: async () => undefined,
  };
  const metricExporter: PushMetricExporter = { export: (_metrics, done) => done({ code: 0 }), forceFlush: async () => undefined, shutdown: async () => undefined };
  const tracerProvider = new TracerProvider({ spanProcessors: [new BatchSpanProcessor({ exporter: spanExporter })] });
  const meterProvider = new MeterProvider({ readers: [new PeriodicExportingMetricReader({ exporter: metricExporter, exportIntervalMillis: 60_000 })] });
  return {
    tracer: tracerProvider.getTracer("agentc-bench"),
    meter: meterProvider.getMeter("agentc-bench"),
    exportedSpans: () => exportedSpans,
    async shutdown() {
      await tracerProvider.shutdown();
      await meterProvider.shutdown();
    },
  };
}

/**
 * A model port that does what the real layer does around a request that costs nothing: consult
 * the guard, validate the answer against the step's schema, report the request.
 */
export function instantIntelligence(answer: (step: ModelStep) => Promise<unknown> | unknown = () => assessment): Intelligence {
  const ask = async (step: ModelStep): Promise<ModelStepResult> => {
    const decision = step.guard({ model: step.models.primary, kind: "ask", inputTokens: 100, maxOutputTokens: step.maxTokens, worstCaseCostUsd: 0.0001 });
    if (!decision.allow) return { kind: "stopped", reason: decision.reason };
    const parsed = step.schema.safeParse(await answer(step));
    step.onRequest({ model: step.models.primary, provider: "openai", kind: "ask", usage: { inputTokens: 100, outputTokens: 20 }, costUsd: 0.00005, durationMs: 0, ok: parsed.success, promptText: "" });
    if (!parsed.success) return { kind: "outcome", outcome: { ok: false, failure: { kind: "failure", message: "invalid answer" } } };
    return { kind: "outcome", outcome: { ok: true, value: parsed.data } };
  };
  return { ask, loop: ask };
}

const tools = {
  lookup: async (args: { id: string; step: number }) => ({ id: args.id, value: args.step }),
  record: async () => ({ saved: true }),
};

interface RuntimeContender {
  readonly runtime: Runtime;
  readonly checkpoints: Map<string, string>;
  readonly telemetry: ReturnType<typeof telemetry>;
}

export function runtimeContender(intelligence: Intelligence, checkpointing = true): RuntimeContender {
  const checkpoints = new Map<string, string>();
  const sink: SessionCheckpointSink = {
    checkpoint(c) {
      if (checkpointing) checkpoints.set(c.sessionId, JSON.stringify(c.snapshot));
    },
  };
  const t = telemetry();
  return { runtime: createRuntime({ tools, intelligence, telemetry: { tracer: t.tracer, meter: t.meter }, checkpoints: sink }), checkpoints, telemetry: t };
}

// ── The same ten steps in bare XState ───────────────────────────────────────────

type Outcome = { ok: true; value: unknown } | { ok: false };
const chain = ["fetch1", "assess1", "save1", "assess2", "fetch2", "assess3", "save2", "assess4", "fetch3", "assess5"] as const;

/** Ten states written by hand with the generated machines' shape: entry count, invoke, guarded onDone, recorded result. */
function bareMachine() {
  const work = fromPromise(async ({ input: i }: { input: { state: string; step: number } }): Promise<Outcome> => ({ ok: true, value: { id: i.state, value: i.step } }));
  const states: Record<string, object> = {};
  chain.forEach((name, index) => {
    const next = chain[index + 1] ?? "replied";
    states[name] = {
      entry: { type: "countVisit", params: { state: name } },
      invoke: {
        id: name,
        src: "work",
        input: ({ context }: { context: { visits: Record<string, number> } }) => ({ state: name, step: context.visits[name] ?? 0 }),
        onDone: [
          { guard: { type: "succeeded", params: ({ event }: { event: { output: Outcome } }) => ({ outcome: event.output }) }, target: next, actions: { type: "record", params: ({ event }: { event: { output: Outcome } }) => ({ name, outcome: event.output }) } },
          { target: "escalated" },
        ],
        onError: { target: "escalated" },
      },
    };
  });
  return setup({
    types: { context: {} as { visits: Record<string, number>; results: Record<string, unknown> }, output: {} as { kind: string } },
    actors: { work },
    guards: { succeeded: (_, { outcome }: { outcome: Outcome }) => outcome.ok },
    actions: {
      countVisit: assign({ visits: ({ context }, { state }: { state: string }) => ({ ...context.visits, [state]: (context.visits[state] ?? 0) + 1 }) }),
      record: assign({ results: ({ context }, { name, outcome }: { name: string; outcome: Outcome }) => (outcome.ok ? { ...context.results, [name]: outcome.value } : context.results) }),
    },
  }).createMachine({
    id: "TenSteps",
    initial: "fetch1",
    context: { visits: {}, results: {} },
    output: ({ context }) => ({ kind: context.results["assess5"] !== undefined ? "reply" : "escalation" }),
    states: { ...states, replied: { type: "final" }, escalated: { type: "final" } } as never,
  });
}

function runBare(machine: ReturnType<typeof bareMachine>): Promise<void> {
  return new Promise((resolve, reject) => {
    const actor = createActor(machine);
    actor.subscribe({
      complete: () => (actor.getSnapshot().output?.kind === "reply" ? resolve() : reject(new Error("bare XState run escalated"))),
      error: reject,
    });
    actor.start();
  });
}

// ── The same ten steps in LangGraph.js ──────────────────────────────────────────

function langGraph() {
  const State = Annotation.Root({
    ticketId: Annotation<string>(),
    results: Annotation<Record<string, unknown>>({ reducer: (a, b) => ({ ...a, ...b }), default: () => ({}) }),
  });
  // The node names are only known in the loop, which StateGraph's accumulated generics cannot follow.
  const graph = new StateGraph(State) as unknown as {
    addNode(name: string, node: (state: typeof State.State) => Promise<Partial<typeof State.State>>): void;
    addEdge(from: string, to: string): void;
    compile(): { invoke(input: Partial<typeof State.State>): Promise<typeof State.State> };
  };
  chain.forEach((name, index) => {
    graph.addNode(name, async (state) => ({ results: { [name]: await Promise.resolve({ id: state.ticketId, value: index + 1 }) } }));
    graph.addEdge(index === 0 ? START : chain[index - 1]!, name);
  });
  graph.addEdge(chain[chain.length - 1]!, END);
  return graph.compile();
}

// ── The figures ─────────────────────────────────────────────────────────────────

async function stepOverhead(module: AgentModule<AnyStateMachine>): Promise<Figure[]> {
  const ours = runtimeContender(instantIntelligence());
  const machine = bareMachine();
  const graph = langGraph();
  let escalated = 0;
  const contenders = {
    runtime: async () => {
      const outcome = await ours.runtime.run(module, input);
      if (outcome.kind !== "reply") escalated += 1;
    },
    xstate: () => runBare(machine),
    langgraph: async () => {
      const state = await graph.invoke({ ticketId: input.ticketId });
      if (Object.keys(state.results).length !== STEPS) throw new Error("LangGraph run did not take ten steps");
    },
  };
  const sessionsRun = (WARMUP + SAMPLES) * SESSIONS;
  const samples = await perStepMicros(contenders);
  if (escalated > 0) throw new Error(`${escalated} runtime sessions escalated instead of replying`);
  await ours.telemetry.shutdown();
  const us = Object.fromEntries(Object.entries(samples).map(([name, s]) => [name, median(s).toFixed(1)]));
  const spansPerSession = ours.telemetry.exportedSpans() / sessionsRun;
  const setting = `${SESSIONS} sessions per sample, ${CONCURRENCY} at a time, median of ${SAMPLES} paired samples after ${WARMUP} warm-up`;
  return [
    {
      metric: "runtime.step_overhead.ratio_vs_xstate",
      value: pairedRatio(samples["runtime"]!, samples["xstate"]!),
      unit: "x",
      note: `runtime ${us["runtime"]} µs/step (guards, zod, cockatiel, ${spansPerSession.toFixed(1)} spans/session through a BatchSpanProcessor, metrics, a JSON checkpoint per step); bare XState ${us["xstate"]} µs/step; ${setting}`,
    },
    {
      metric: "runtime.step_overhead.ratio_vs_langgraph",
      value: pairedRatio(samples["langgraph"]!, samples["runtime"]!),
      unit: "x",
      note: `LangGraph.js ${us["langgraph"]} µs/step (StateGraph, 10 nodes, no checkpointer) vs runtime ${us["runtime"]} µs/step`,
    },
  ];
}

/** Heap held by sessions parked in their second step (a model ask that answers only when released). */
async function sessionsHeap(module: AgentModule<AnyStateMachine>): Promise<Figure> {
  const gc = gcFunction();
  const parked: (() => void)[] = [];
  const intelligence = instantIntelligence((step) => (step.state === "assess1" ? new Promise<unknown>((resolve) => parked.push(() => resolve(assessment))) : assessment));
  // Checkpoints go to an external store in production: this sink keeps nothing, so the figure is the runtime's own.
  const ours = runtimeContender(intelligence, false);
  // One session first, so what is created lazily once (executors, instruments) is not counted.
  const first = ours.runtime.run(module, input);
  while (parked.length < 1) await new Promise((resolve) => setImmediate(resolve));
  parked.splice(0).forEach((release) => release());
  await first;
  const settle = async () => {
    for (let i = 0; i < 3; i++) {
      await new Promise((resolve) => setImmediate(resolve));
      gc();
    }
  };
  await settle();
  const before = process.memoryUsage().heapUsed;
  const results: Promise<unknown>[] = [];
  for (let i = 0; i < HEAP_SESSIONS; i++) results.push((await ours.runtime.start(module, { ...input, ticketId: `t-${i}` })).result);
  while (parked.length < HEAP_SESSIONS) await new Promise((resolve) => setImmediate(resolve));
  await settle();
  const after = process.memoryUsage().heapUsed;
  parked.splice(0).forEach((release) => release());
  const outcomes = (await Promise.all(results)) as { kind: string }[];
  const replies = outcomes.filter((o) => o.kind === "reply").length;
  if (replies !== HEAP_SESSIONS) throw new Error(`only ${replies} of ${HEAP_SESSIONS} released sessions replied`);
  await settle();
  const released = process.memoryUsage().heapUsed;
  await ours.telemetry.shutdown();
  const mb = (bytes: number) => bytes / 2 ** 20;
  return {
    metric: "runtime.sessions_10k.heap_mb",
    value: mb(after - before),
    unit: "MB",
    note: `${((after - before) / HEAP_SESSIONS / 1024).toFixed(1)} KB/session parked in a model ask, telemetry on; all ${HEAP_SESSIONS} replied once released (heap then ${mb(released - before).toFixed(1)} MB above the start)`,
  };
}

/** Every runtime figure. */
/** Replay speed: a recorded ten-step session replayed offline (`replayTape`), steps per second. */
async function replaySpeed(module: AgentModule<AnyStateMachine>): Promise<Figure> {
  const runtime = createRuntime({ tools, intelligence: instantIntelligence() });
  const session = await runtime.start(module, input);
  await session.result;
  const tape = session.tape();
  const steps = tape.filter((e) => e.t === "slot").length;
  const first = await replayTape(module, input, tape);
  if (!first.same) throw new Error(`the bench session does not replay: ${first.divergence?.message}`);
  const rounds = 2_000;
  const samples: number[] = [];
  for (let sample = 0; sample < 5; sample++) {
    const started = performance.now();
    for (let i = 0; i < rounds; i++) await replayTape(module, input, tape);
    samples.push(performance.now() - started);
  }
  samples.sort((a, b) => a - b);
  const ms = samples[2]!;
  return { metric: "replay.steps_per_s", value: (rounds * steps) / (ms / 1000), unit: "steps/s", note: `${rounds} replays of a ${steps}-step session per sample, median of 5: ${((ms * 1000) / (rounds * steps)).toFixed(1)} µs/step` };
}

export async function runtimeFigures(): Promise<Figure[]> {
  const module = await loadTenSteps();
  return [...(await stepOverhead(module)), await sessionsHeap(module), await replaySpeed(module)];
}

if (import.meta.main) {
  for (const f of await runtimeFigures()) console.log(`${f.metric}  ${f.value.toFixed(2)} ${f.unit}  ${f.note}`);
}
