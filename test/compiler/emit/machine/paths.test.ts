/**
 * Runs each generated machine in xstate: @xstate/graph enumerates the simple paths from the
 * start to a final state (events: every outcome a slot can give in the current state, a
 * rejected slot, FORCE_ESCALATE), then the real actor is driven along every path with stub
 * slots that answer what the path says. Every state and every transition of the machine
 * definition must be reached (except edges declared `unreachable`).
 */
import { getSimplePaths } from "@xstate/graph";
import { createActor, fromPromise, type AnyEventObject, type AnyStateMachine, type AnyStateNode, type AnyTransitionDefinition } from "xstate";
import { describe, expect, it } from "vitest";
import type { AgentIR, JsonValue, StateIR, TypeIR } from "../../../../compiler/ir/ir.ts";
import { FINAL_STATES, FORCE_ESCALATE, type StepOutcome } from "../../../../runtime/contract.ts";
import { define, guardHints, samples, type Hints } from "./samples.ts";
import { machineSubjects, importModule, loadIR, type MachineModule } from "./support.ts";

interface Pending {
  readonly slot: string;
  readonly request: { readonly state: string };
  readonly resolve: (outcome: StepOutcome) => void;
  readonly reject: (error: unknown) => void;
}

describe("generated machines run along every path", () => {
  for (const name of machineSubjects) {
    it(`${name}.agent: every state and transition is reached`, async () => {
      const ir = loadIR(name);
      const mod = await importModule(ir);
      let pending: Pending | undefined;
      const stub = (slot: string) =>
        fromPromise(({ input }: { input: { state: string } }) => new Promise<StepOutcome>((resolve, reject) => void (pending = { slot, request: input, resolve, reject })));
      const machine = mod.machine.provide({ actors: { ask: stub("ask"), tool: stub("tool"), loop: stub("loop"), human: stub("human") } });

      const all = definedTransitions(machine);
      const reachedTransitions = new Set<AnyTransitionDefinition>();
      const reachedStates = new Set<string>();
      const events = outcomeEvents(ir, mod);
      let paths = 0;

      for (const input of validSamples(ir.input, "input", guardHints(ir), mod.schemas.input, exampleInput(ir))) {
        const found = getSimplePaths(machine, { input, events: (snapshot) => events(String(snapshot.value)), toState: (s) => s.status === "done" });
        expect(found.length).toBeGreaterThan(0);
        for (const path of found) {
          paths++;
          pending = undefined;
          const actor = createActor(machine, {
            input,
            inspect: (e) => {
              if (e.type !== "@xstate.microstep" || e.actorRef !== actor) return;
              for (const t of (e as unknown as { _transitions: AnyTransitionDefinition[] })._transitions) reachedTransitions.add(t);
              reachedStates.add(String((e.snapshot as unknown as { value: unknown }).value));
            },
          });
          actor.start();
          reachedStates.add(String(actor.getSnapshot().value));
          for (const step of path.steps) {
            await settle();
            const event = step.event as AnyEventObject;
            if (event.type === "xstate.init") continue;
            const at = String(actor.getSnapshot().value);
            if (event.type === FORCE_ESCALATE) {
              actor.send(event as never);
            } else {
              const [, kind, id] = /^xstate\.(done|error)\.actor\.(.+)$/.exec(event.type) ?? [];
              expect(id).toBe(at);
              const current = pending as Pending | undefined; // set by a stub while the actor ran
              expect(current?.request.state, `a slot is waiting in ${at}`).toBe(stateById(ir, at).name);
              pending = undefined;
              if (kind === "done") current!.resolve(event["output"] as StepOutcome);
              else current!.reject(event["error"]);
            }
            await settle();
            expect(actor.getSnapshot().value).toEqual(step.state.value);
            expect(actor.getSnapshot().context).toEqual(step.state.context);
          }
          const end = actor.getSnapshot();
          expect(end.status).toBe("done");
          expect(end.output).toEqual(path.state.output);
          expect(mod.schemas.output.safeParse((end.output as { output?: unknown }).output ?? {}).success || (end.output as { kind: string }).kind === "escalation").toBe(true);
          actor.stop();
        }
      }

      expect(Object.keys(machine.root.states)).toEqual(expect.arrayContaining(Object.values(FINAL_STATES)));
      const missedStates = Object.keys(machine.root.states).filter((s) => !reachedStates.has(s));
      const missed = [...all].filter(([t]) => !reachedTransitions.has(t) && (t as { meta?: { unreachable?: string } }).meta?.unreachable === undefined);
      expect(missedStates).toEqual([]);
      expect(missed.map(([, label]) => label)).toEqual([]);
      expect(paths).toBeGreaterThan(0);
    }, 120_000);
  }
});

/** Every transition in the definition (root `on`, each state's events and `always`). */
function definedTransitions(machine: AnyStateMachine): Map<AnyTransitionDefinition, string> {
  const out = new Map<AnyTransitionDefinition, string>();
  const visit = (node: AnyStateNode): void => {
    for (const [event, list] of node.transitions) list.forEach((t, i) => out.set(t, `${node.key} ${event} #${i}`));
    (node.always ?? []).forEach((t, i) => out.set(t, `${node.key} always #${i}`));
    for (const child of Object.values(node.states)) visit(child);
  };
  visit(machine.root);
  return out;
}

/** For a state id: the events that can happen there (slot outcomes, a rejection, a forced escalation). */
function outcomeEvents(ir: AgentIR, mod: MachineModule): (stateId: string) => AnyEventObject[] {
  const hints = guardHints(ir);
  const cache = new Map<string, AnyEventObject[]>();
  return (stateId) => {
    const cached = cache.get(stateId);
    if (cached !== undefined) return cached;
    const state = ir.states.find((s) => s.id === stateId);
    const events: AnyEventObject[] = [];
    if (state !== undefined) {
      const done = (outcome: StepOutcome): AnyEventObject => ({ type: `xstate.done.actor.${stateId}`, output: outcome });
      for (const value of okValues(ir, state, mod, hints)) events.push(done({ ok: true, value, turns: 1 }));
      for (const failure of failures(ir, state)) events.push(done({ ok: false, failure, turns: 1 }));
      if (events.length > 0) events.push({ type: `xstate.error.actor.${stateId}`, error: new Error("stub rejected") });
      events.push({ type: FORCE_ESCALATE, target: ir.defaultEscalation, reason: "forced by test" });
    }
    cache.set(stateId, events);
    return events;
  };
}

function okValues(ir: AgentIR, state: StateIR, mod: MachineModule, hints: Hints): JsonValue[] {
  const a = state.action;
  switch (a.kind) {
    case "call": {
      const tool = ir.tools.find((t) => t.name === a.tool)!;
      return validSamples(tool.output, a.result ?? a.tool, hints, mod.schemas.tools[a.tool]!.output);
    }
    case "ask":
    case "loop":
    case "await":
      return validSamples(a.type, a.result, hints, mod.schemas.results[a.result]!);
    default:
      return [];
  }
}

function failures(ir: AgentIR, state: StateIR): StepOutcome extends infer O ? (O extends { ok: false; failure: infer F } ? F[] : never) : never {
  const a = state.action;
  const generic = { kind: "failure", message: "stub failure" } as const;
  switch (a.kind) {
    case "call": {
      const tool = ir.tools.find((t) => t.name === a.tool)!;
      return [...tool.errors.map((e) => ({ kind: "error" as const, name: e.name, message: e.name })), { kind: "timeout", message: "stub timeout" }, generic];
    }
    case "ask":
      return [generic];
    case "loop":
      return [{ kind: "exhausted", message: "stub exhausted" }, generic];
    case "await":
      return [{ kind: "timeout", message: "stub timeout" }];
    default:
      return [];
  }
}

function validSamples(type: TypeIR, path: string, hints: Hints, schema: { safeParse(v: unknown): { success: boolean } }, base?: JsonValue): JsonValue[] {
  const values = samples(type, path, hints);
  // the example input and its one-field variants, plus the generated values themselves
  // (the generated base may hold a value, e.g. an enum's first member, that no variant has)
  const withBase = base === undefined ? values : [base, ...values.slice(1).map((v) => mergeBase(base, values[0], v)), ...values];
  const seen = new Set<string>();
  const valid = withBase.filter((v) => schema.safeParse(v).success && !seen.has(JSON.stringify(v)) && seen.add(JSON.stringify(v)) !== undefined);
  expect(valid.length, `no schema-valid sample for ${path}`).toBeGreaterThan(0);
  return valid;
}

/** A variant of the generated base applied to the agent's example input instead. */
function mergeBase(base: JsonValue, generatedBase: JsonValue | undefined, variant: JsonValue): JsonValue {
  if (typeof base !== "object" || base === null || Array.isArray(base) || typeof variant !== "object" || variant === null || Array.isArray(variant)) return variant;
  const out: Record<string, JsonValue> = { ...(base as Record<string, JsonValue>) };
  const gen = (generatedBase ?? {}) as Record<string, JsonValue>;
  for (const [k, v] of Object.entries(variant)) if (JSON.stringify(gen[k]) !== JSON.stringify(v)) define(out, k, v);
  for (const k of Object.keys(gen)) if (!(k in variant)) delete out[k];
  return out;
}

function exampleInput(ir: AgentIR): JsonValue | undefined {
  return ir.examples[0]?.value;
}

function stateById(ir: AgentIR, id: string): StateIR {
  const state = ir.states.find((s) => s.id === id);
  if (state === undefined) throw new Error(`no state ${id}`);
  return state;
}

async function settle(): Promise<void> {
  for (let i = 0; i < 3; i++) await new Promise((resolve) => setImmediate(resolve));
}
