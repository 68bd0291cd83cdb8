/**
 * A session's recording ("tape"): everything from outside the machine that decided its path,
 * in order — each slot's request and the outcome the machine received, each model request with
 * its prompt (name, version, hash and rendered text) and raw answer, each tool call with its
 * arguments and result, human responses, the clock at each step, guard stops and the end.
 * Replay (replay.ts) feeds the slot outcomes and stops back to the machine and needs nothing
 * else; the rest is there for people reading an incident (`agentc show`).
 * Raw values stay in the local store; `exportTape` masks `@pii` values for sharing.
 */
import type { AgentMetadata, Outcome, StepOutcome } from "../contract.ts";
import { Redactor } from "../telemetry/redact.ts";
import type { GuardName } from "./events.ts";

export type SlotKind = "ask" | "tool" | "loop" | "human";

export type TapeEntry =
  | { readonly t: "clock"; readonly step: number; readonly state: string; readonly at: number }
  | {
      readonly t: "slot";
      readonly step: number;
      readonly state: string;
      readonly slot: SlotKind;
      /** What the machine asked for: the tool and arguments, the prompt and result, the wait. */
      readonly request: SlotRequestSummary;
      readonly outcome: StepOutcome;
    }
  | {
      readonly t: "model";
      readonly step: number;
      readonly state: string;
      readonly prompt: { readonly name: string; readonly version: number; readonly hash: string };
      readonly model: string;
      readonly kind: string;
      readonly promptText: string;
      readonly responseText: string | undefined;
      readonly inputTokens: number;
      readonly outputTokens: number;
      readonly costUsd: number | undefined;
      readonly ok: boolean;
      readonly error: string | undefined;
    }
  | { readonly t: "tool"; readonly step: number; readonly state: string; readonly tool: string; readonly args: unknown; readonly outcome: StepOutcome }
  | { readonly t: "human"; readonly step: number; readonly state: string; readonly response: unknown; readonly ok: boolean }
  | { readonly t: "stop"; readonly step: number; readonly state: string | undefined; readonly guard: GuardName | undefined; readonly reason: string }
  | { readonly t: "end"; readonly outcome: Outcome };

export type SlotRequestSummary =
  | { readonly slot: "tool"; readonly tool: string; readonly args: unknown }
  | { readonly slot: "ask"; readonly prompt: string; readonly result: string }
  | { readonly slot: "loop"; readonly prompt: string; readonly result: string; readonly tools: readonly string[] }
  | { readonly slot: "human"; readonly target: string; readonly result: string };

/** A replay file: what `agentc export` writes and `agentc replay <file>` reads. */
export interface ReplayFile {
  readonly format: "agentc-replay";
  readonly formatVersion: 1;
  readonly sessionId: string;
  readonly agent: { readonly name: string; readonly version: number; readonly machineHash: string };
  /** The .agent file, relative to where the file was exported (a hint for `agentc replay <file>`). */
  readonly agentFile?: string;
  readonly input: unknown;
  readonly tape: readonly TapeEntry[];
  /** True when `@pii` values were replaced by placeholders. */
  readonly masked: boolean;
}

/**
 * The tape and input with every `@pii` value (of the input, of results, of tool inputs and
 * outputs) replaced by a stable placeholder. The same value always becomes the same
 * placeholder, so the replayed path is the one recorded: decisions compare values with each
 * other or with literals, and a literal in the agent is not personal data.
 */
export function maskTape(meta: AgentMetadata, input: unknown, tape: readonly TapeEntry[]): { input: unknown; tape: TapeEntry[] } {
  const redactor = new Redactor();
  redactor.addPaths({ input }, meta.piiPaths.filter((p) => p.startsWith("input.")));
  const resultOf = new Map(Object.values(meta.states).map((s) => [s.name, s.result]));
  for (const entry of tape) {
    if (entry.t === "slot" && entry.outcome.ok) {
      const result = resultOf.get(entry.state);
      if (result !== undefined) redactor.addPaths({ [result]: entry.outcome.value }, meta.piiPaths.filter((p) => p.startsWith(`${result}.`)));
    }
    if (entry.t === "tool") {
      const contract = Object.hasOwn(meta.tools, entry.tool) ? meta.tools[entry.tool] : undefined;
      if (contract === undefined) continue;
      redactor.addPaths({ args: entry.args }, contract.piiPaths.input.map((p) => `args.${p}`));
      if (entry.outcome.ok) redactor.addPaths({ out: entry.outcome.value }, contract.piiPaths.output.map((p) => `out.${p}`));
    }
  }
  return { input: redactor.redactValue(input), tape: redactor.redactValue([...tape]) };
}
