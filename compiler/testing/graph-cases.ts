/**
 * Model-based cases from XState's graph utilities: `@xstate/graph` enumerates the simple paths
 * of the agent's generated machine from its start to a final state, taking as events the slot
 * outcomes each state can receive (up to 8 schema-valid results from `samples.ts`: a base value,
 * one-field variants and the literals the agent's guards compare with, ±1; every declared tool
 * error, a tool timeout, a generic failure, a loop's exhaustion, a human timeout), from the
 * example inputs and input samples (at most 4 inputs). The traversal runs the machine's own transition function (guards, visit counters,
 * context), so a path exists only if the machine takes it. Each path becomes a harness case
 * plan — the tool results and failures, model answers and human responses along it, in order —
 * and is run as a full session through the real runtime; coverage counts what those sessions
 * did (not what the graph said), and every property is checked on them. A path whose plan the
 * runtime does not follow exactly (a retry or a model repair consuming a planned item, a guard
 * stop) is counted as not followed; the fast-check suite and its coverage top-up cover the rest.
 */
import { getSimplePaths } from "@xstate/graph";
import { fromPromise, type AnyEventObject, type AnyStateMachine } from "xstate";
import type { AgentModule, StepOutcome } from "../../runtime/contract.ts";
import { generateValue } from "../../runtime/mock/generate-value.ts";
import { rngFor } from "../../runtime/mock/random.ts";
import type { HarnessCase, HumanPlanItem, ToolPlanItem } from "../../runtime/testing/case.ts";
import { checkProperties, type PropertyName } from "../../runtime/testing/properties.ts";
import { runCase, type RunCaseOptions } from "../../runtime/testing/run-case.ts";
import { pathOf, replayFileOf, timeline, type Counterexample, type SessionPath } from "../../runtime/testing/suite.ts";
import type { AgentIR, StateIR, TypeIR } from "../ir/ir.ts";
import { guardHints, samples, type Hints } from "./samples.ts";

type Module = AgentModule<AnyStateMachine>;

/** Most ok results tried per state, and most inputs. */
const MAX_VALUES = 8;
const MAX_INPUTS = 4;
/** Model error entries scripted for a model failure (enough to outlast retries and the fallback). */
const MODEL_FAILURES = 8;

export interface GraphCasesResult {
  /** Simple paths @xstate/graph found (over every input tried). */
  readonly paths: number;
  /** Paths whose session went through exactly the states the graph path did. */
  readonly followed: number;
  /** The sessions' paths (for coverage). */
  readonly sessions: readonly SessionPath[];
  /** The first violation of each property on a graph case (not shrunk). */
  readonly failures: ReadonlyMap<PropertyName, Counterexample>;
}

export interface GraphCasesOptions extends RunCaseOptions {
  /** Most paths turned into cases (the rest are counted, not run; paths taking new edges go first). Default 300. */
  readonly maxCases?: number;
}

/** A slot outcome event of the generated machine, with what the case plan must do to cause it. */
interface OutcomeEvent extends AnyEventObject {
  readonly output: StepOutcome;
}

export async function runGraphCases(ir: AgentIR, module: Module, options: GraphCasesOptions = {}): Promise<GraphCasesResult> {
  const stub = fromPromise(() => new Promise<StepOutcome>(() => undefined));
  const machine = module.machine.provide({ actors: { ask: stub, tool: stub, loop: stub, human: stub } } as never) as AnyStateMachine;
  const hints = guardHints(ir);
  const eventsOf = outcomeEvents(ir, module, hints);
  const inputs = graphInputs(ir, module, hints);
  const sessions: SessionPath[] = [];
  const failures = new Map<PropertyName, Counterexample>();
  let paths = 0;
  let followed = 0;
  const seen = new Set<string>();
  for (const input of inputs) {
    const found = newEdgesFirst(getSimplePaths(machine, { input, events: (snapshot) => eventsOf(String(snapshot.value)), toState: (s) => s.status === "done" }), seen);
    for (const path of found) {
      paths += 1;
      if (sessions.length >= (options.maxCases ?? 300)) continue;
      const visited: string[] = [];
      const outcomes: { state: StateIR; outcome: StepOutcome }[] = [];
      for (const step of path.steps) {
        const event = step.event as AnyEventObject;
        const at = ir.states.find((s) => s.id === String((step.state as { value: unknown }).value));
        if (event.type.startsWith("xstate.done.actor.")) {
          const from = ir.states.find((s) => `xstate.done.actor.${s.id}` === event.type);
          if (from !== undefined) outcomes.push({ state: from, outcome: (event as OutcomeEvent).output });
        }
        if (at !== undefined && at.action.kind !== "reply" && at.action.kind !== "escalate") visited.push(at.name);
      }
      const testCase = planCase(ir, module, input, outcomes, sessions.length + 1);
      const run = await runCase(module, testCase, options);
      const session = pathOf(run);
      sessions.push(session);
      const ran = session.states.filter((s) => {
        const state = ir.states.find((x) => x.name === s);
        return state !== undefined && state.action.kind !== "reply" && state.action.kind !== "escalate";
      });
      if (ran.join("\u0000") === dedupeConsecutive(visited).join("\u0000") || ran.join("\u0000") === visited.join("\u0000")) followed += 1;
      for (const v of checkProperties(options.reference ?? module, run)) {
        if (!failures.has(v.property)) failures.set(v.property, { case: testCase, message: v.message, timeline: timeline(run), seed: testCase.seed, path: undefined, replay: replayFileOf(module, testCase, run) });
      }
    }
  }
  return { paths, followed, sessions, failures };
}

interface GraphPath {
  readonly steps: readonly { readonly state: unknown; readonly event: unknown }[];
}

/**
 * The paths reordered so that those taking an edge (state, event, next state) no earlier path
 * took come first: when `maxCases` cuts the list, the cases run still take every edge found.
 */
function newEdgesFirst<P extends GraphPath>(paths: readonly P[], seen: Set<string>): P[] {
  const first: P[] = [];
  const rest: P[] = [];
  for (const path of paths) {
    let fresh = false;
    let from = "";
    for (const step of path.steps) {
      const event = step.event as AnyEventObject;
      const to = JSON.stringify((step.state as { value: unknown }).value);
      const outcome = (event as Partial<OutcomeEvent>).output;
      const edge = `${from}|${event.type}|${outcome === undefined ? "" : outcome.ok ? "ok" : outcome.failure.kind}|${to}`;
      if (!seen.has(edge)) {
        seen.add(edge);
        fresh = true;
      }
      from = to;
    }
    (fresh ? first : rest).push(path);
  }
  return [...first, ...rest];
}

/** The example inputs, then input samples (varying the fields guards compare), at most MAX_INPUTS; a generated input when none is valid. */
function graphInputs(ir: AgentIR, module: Module, hints: Hints): unknown[] {
  const seen = new Set<string>();
  const inputs = [...ir.examples.map((e) => e.value as unknown), ...samples(ir.input, "input", hints)].filter((v) => {
    const key = JSON.stringify(v);
    if (seen.has(key) || !module.schemas.input.safeParse(v).success) return false;
    seen.add(key);
    return true;
  });
  if (inputs.length === 0) inputs.push(generateValue(module.schemas.input as never, { rng: rngFor(0, "graph-input"), name: "input" }));
  return inputs.slice(0, MAX_INPUTS);
}

/** The case plan that makes the runtime's ports give these outcomes, in order. */
export function planCase(ir: AgentIR, module: Module, input: unknown, outcomes: readonly { state: StateIR; outcome: StepOutcome }[], seed: number): HarnessCase {
  const tools: Record<string, ToolPlanItem[]> = {};
  const script: Record<string, unknown[]> = {};
  const humans: HumanPlanItem[] = [];
  let stubborn = false;
  const push = <T>(map: Record<string, T[]>, key: string, ...items: T[]) => {
    (map[key] ??= []).push(...items);
  };
  for (const { state, outcome } of outcomes) {
    const a = state.action;
    if (a.kind === "call") {
      const retry = module.metadata.tools[a.tool]?.retry;
      const repeat = (item: ToolPlanItem, retryable: boolean) => Array.from({ length: retry !== undefined && retryable ? retry.attempts + 1 : 1 }, () => item);
      if (outcome.ok) push(tools, a.tool, { kind: "value", value: outcome.value });
      else if (outcome.failure.kind === "error") {
        const name = outcome.failure.name;
        push(tools, a.tool, ...repeat({ kind: "error", name }, module.metadata.tools[a.tool]?.errors.find((e) => e.name === name)?.retryable ?? true));
      }
      else if (outcome.failure.kind === "timeout") push(tools, a.tool, ...repeat({ kind: "timeout" }, true));
      else push(tools, a.tool, ...repeat({ kind: "throw", message: "graph: failure" }, true));
    } else if (a.kind === "ask" || a.kind === "loop") {
      if (outcome.ok) push(script, a.prompt, outcome.value);
      else if (outcome.failure.kind === "exhausted") stubborn = true;
      else push(script, a.prompt, ...Array.from({ length: MODEL_FAILURES }, () => ({ error: "500" })));
    } else if (a.kind === "await") {
      humans.push(outcome.ok ? { kind: "value", value: outcome.value } : { kind: "timeout" });
    }
  }
  return { seed, input, model: { script, obedient: false, ...(stubborn ? { stubborn: true } : {}) }, tools, humans };
}

/** For a state id: the slot outcomes it can receive, as machine events. */
function outcomeEvents(ir: AgentIR, module: Module, hints: Hints): (stateId: string) => OutcomeEvent[] {
  const cache = new Map<string, OutcomeEvent[]>();
  return (stateId) => {
    const cached = cache.get(stateId);
    if (cached !== undefined) return cached;
    const state = ir.states.find((s) => s.id === stateId);
    const events: OutcomeEvent[] = [];
    if (state !== undefined) {
      const done = (output: StepOutcome): OutcomeEvent => ({ type: `xstate.done.actor.${stateId}`, output });
      for (const value of okValues(ir, state, module, hints)) events.push(done({ ok: true, value, turns: 1 }));
      for (const failure of failuresOf(ir, state)) events.push(done({ ok: false, failure, turns: 1 }));
    }
    cache.set(stateId, events);
    return events;
  };
}

function okValues(ir: AgentIR, state: StateIR, module: Module, hints: Hints): unknown[] {
  const a = state.action;
  if (a.kind === "call") {
    const tool = ir.tools.find((t) => t.name === a.tool);
    const schema = module.schemas.tools[a.tool]?.output;
    return tool === undefined || schema === undefined ? [] : validSamples(tool.output, a.result ?? a.tool, hints, schema, MAX_VALUES);
  }
  if (a.kind === "ask" || a.kind === "loop" || a.kind === "await") {
    const schema = module.schemas.results[a.result];
    return schema === undefined ? [] : validSamples(a.type, a.result, hints, schema, MAX_VALUES);
  }
  return [];
}

/** The schema-valid samples (base value, one-field variants, the literals guards compare with), at most `max`. */
function validSamples(type: TypeIR, path: string, hints: Hints, schema: { safeParse(v: unknown): { success: boolean } }, max: number): unknown[] {
  const seen = new Set<string>();
  return samples(type, path, hints)
    .filter((v) => {
      const key = JSON.stringify(v);
      if (seen.has(key) || !schema.safeParse(v).success) return false;
      seen.add(key);
      return true;
    })
    .slice(0, max);
}

type Failure = Extract<StepOutcome, { ok: false }>["failure"];

function failuresOf(ir: AgentIR, state: StateIR): Failure[] {
  const a = state.action;
  const generic: Failure = { kind: "failure", message: "graph: failure" };
  switch (a.kind) {
    case "call": {
      const tool = ir.tools.find((t) => t.name === a.tool);
      return [...(tool?.errors ?? []).map((e): Failure => ({ kind: "error", name: e.name, message: e.name })), { kind: "timeout", message: "graph: timeout" }, generic];
    }
    case "ask":
      return [generic];
    case "loop":
      return [{ kind: "exhausted", message: "graph: exhausted" }, generic];
    case "await":
      return [{ kind: "timeout", message: "graph: timeout" }];
    default:
      return [];
  }
}

function dedupeConsecutive(list: readonly string[]): string[] {
  return list.filter((s, i) => i === 0 || list[i - 1] !== s);
}
