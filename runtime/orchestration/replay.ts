/**
 * Replay: run a recorded session's machine again, offline, feeding each slot the outcome the
 * tape recorded and each guard stop where it happened — no tool, model or person is called
 * and no guard is re-evaluated (their effects are on the tape). Against the same agent the
 * replay must ask for exactly what was recorded, in order, and end the same way; against a
 * changed agent (`--against`) it follows the recording as long as the new machine asks for the
 * same things and reports where the paths part.
 */
import { createActor, fromPromise, type AnyStateMachine } from "xstate";
import { FORCE_ESCALATE, type AgentModule, type AskRequest, type HumanRequest, type LoopRequest, type Outcome, type StepOutcome, type ToolRequest } from "../contract.ts";
import { stableJson } from "../execution/stable-json.ts";
import type { SlotKind, SlotRequestSummary, TapeEntry } from "./tape.ts";

export interface ReplayStep {
  readonly step: number;
  readonly state: string;
  readonly request: SlotRequestSummary;
}

export interface ReplayResult {
  /** True when the replay asked for exactly what was recorded and ended the same way. */
  readonly same: boolean;
  /** The first difference, as `agentc replay` prints it after `divergence at step N: `. */
  readonly divergence: { readonly step: number; readonly message: string } | undefined;
  /** Steps the replay took (its path), and the recorded path. */
  readonly path: readonly ReplayStep[];
  readonly recordedPath: readonly ReplayStep[];
  /** How the replay ended (undefined when it stopped at a divergence it could not follow). */
  readonly outcome: Outcome | undefined;
  readonly recordedOutcome: Outcome | undefined;
}

interface Pending {
  readonly resolve: (outcome: StepOutcome) => void;
}

/** Replays `tape` through `module` with `input`. Never rejects on a bad tape: it reports it. */
export async function replayTape(module: AgentModule<AnyStateMachine>, input: unknown, tape: readonly TapeEntry[]): Promise<ReplayResult> {
  const recorded = tape.filter((e): e is Extract<TapeEntry, { t: "slot" | "stop" }> => e.t === "slot" || e.t === "stop");
  const recordedPath: ReplayStep[] = tape.flatMap((e) => (e.t === "slot" ? [{ step: e.step, state: e.state, request: e.request }] : []));
  const recordedEnd = tape.find((e): e is Extract<TapeEntry, { t: "end" }> => e.t === "end")?.outcome;
  const path: ReplayStep[] = [];
  let cursor = 0;
  let step = 0;
  let divergence: ReplayResult["divergence"];
  let actor: ReturnType<typeof createActor<AnyStateMachine>> | undefined;
  const waiting: Pending[] = [];

  const diverge = (message: string): Promise<StepOutcome> => {
    divergence ??= { step, message };
    actor?.stop();
    return new Promise(() => undefined); // the actor is stopped; this step never finishes
  };

  const serve = (slot: SlotKind, state: string, request: SlotRequestSummary): Promise<StepOutcome> => {
    step += 1;
    path.push({ step, state, request });
    const next = recorded[cursor];
    if (next === undefined) return diverge(`the recording ends, but the agent runs ${describe(state, request)}`);
    cursor += 1;
    if (next.t === "stop") {
      // The guard stopped the session at this step: the same happens now.
      if (next.state !== undefined && next.state !== state) return diverge(`recorded a stop in ${next.state} (${next.reason}), but the agent runs ${describe(state, request)}`);
      actor?.send({ type: FORCE_ESCALATE, target: stopTarget(module, tape), reason: next.reason });
      return new Promise((resolve) => waiting.push({ resolve }));
    }
    if (next.state !== state || next.slot !== slot) return diverge(`recorded ${describe(next.state, next.request)}, but the agent runs ${describe(state, request)}`);
    if (stableJson(next.request) !== stableJson(request)) return diverge(`in ${state}, recorded ${describeRequest(next.request)}, now ${describeRequest(request)}`);
    if (next.outcome.ok) {
      const result = resultSchema(module, request);
      if (result !== undefined && !result.safeParse(next.outcome.value).success) return diverge(`in ${state}, the recorded ${slot === "tool" ? "tool result" : "answer"} no longer matches its schema`);
    }
    return Promise.resolve(next.outcome);
  };

  const slots = {
    ask: fromPromise(async ({ input: r }: { input: AskRequest }) => serve("ask", r.state, { slot: "ask", prompt: r.prompt, result: r.result })),
    tool: fromPromise(async ({ input: r }: { input: ToolRequest }) => serve("tool", r.state, { slot: "tool", tool: r.tool, args: r.args })),
    loop: fromPromise(async ({ input: r }: { input: LoopRequest }) => serve("loop", r.state, { slot: "loop", prompt: r.prompt, result: r.result, tools: r.tools })),
    human: fromPromise(async ({ input: r }: { input: HumanRequest }) => serve("human", r.state, { slot: "human", target: r.target, result: r.result })),
  };

  const outcome = await new Promise<Outcome | undefined>((resolve) => {
    try {
      actor = createActor(module.machine.provide({ actors: slots } as never) as AnyStateMachine, { input });
      actor.subscribe({
        next(snapshot) {
          if (snapshot.status === "done") resolve(snapshot.output as Outcome);
          if (snapshot.status === "stopped") resolve(undefined);
        },
        error(error) {
          divergence ??= { step, message: `the machine failed: ${error instanceof Error ? error.message : String(error)}` };
          resolve(undefined);
        },
        complete() {
          resolve(undefined); // stopped at a divergence (after `done`, resolving again is a no-op)
        },
      });
      actor.start();
      if (divergence !== undefined) resolve(undefined);
    } catch (error) {
      divergence ??= { step, message: `the input does not start the machine: ${error instanceof Error ? error.message : String(error)}` };
      resolve(undefined);
    }
  });
  for (const pending of waiting) pending.resolve({ ok: false, failure: { kind: "failure", message: "stopped" } });

  if (divergence === undefined && cursor < recorded.length) {
    const next = recorded[cursor]!;
    divergence = { step: step + 1, message: next.t === "slot" ? `the agent ended, but the recording goes on with ${describe(next.state, next.request)}` : `the agent ended before the recorded stop (${next.reason})` };
  }
  if (divergence === undefined && recordedEnd !== undefined && outcome !== undefined && stableJson(recordedEnd) !== stableJson(outcome))
    divergence = { step, message: `recorded ${describeOutcome(recordedEnd)}, but the replay ${describeOutcome(outcome)}` };
  return { same: divergence === undefined, divergence, path, recordedPath, outcome, recordedOutcome: recordedEnd };
}

function resultSchema(module: AgentModule<AnyStateMachine>, request: SlotRequestSummary) {
  if (request.slot === "tool") return Object.hasOwn(module.schemas.tools, request.tool) ? module.schemas.tools[request.tool]!.output : undefined;
  return Object.hasOwn(module.schemas.results, request.result) ? module.schemas.results[request.result] : undefined;
}

/** Where the recorded stop escalated: the end entry's target when it is an escalation. */
function stopTarget(module: AgentModule<AnyStateMachine>, tape: readonly TapeEntry[]): string {
  const end = tape.find((e): e is Extract<TapeEntry, { t: "end" }> => e.t === "end")?.outcome;
  return end?.kind === "escalation" ? end.target : module.metadata.defaultEscalation;
}

export function describe(state: string, request: SlotRequestSummary): string {
  return `${state} (${describeRequest(request)})`;
}

export function describeRequest(request: SlotRequestSummary): string {
  switch (request.slot) {
    case "tool":
      return `call ${request.tool} ${stableJson(request.args)}`;
    case "ask":
      return `ask ${request.prompt}`;
    case "loop":
      return `use tools [${request.tools.join(", ")}] with prompt ${request.prompt}`;
    case "human":
      return `await human ${request.target}`;
  }
}

export function describeOutcome(outcome: Outcome): string {
  return outcome.kind === "reply" ? `replied ${stableJson(outcome.output)}` : `escalated to ${outcome.target}: ${outcome.reason}`;
}
