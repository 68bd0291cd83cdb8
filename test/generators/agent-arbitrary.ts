/**
 * Random VALID agents for property tests (documented in docs/testing.md). Valid means: the
 * text parses without diagnostics and passes every check with no error and no warning.
 *
 *   agentModel(options?)       Arbitrary<AgentModel>  — the structured agent (see agent-model.ts)
 *   render(model)              string                 — its source text
 *   agentSource(options?)      Arbitrary<string>      — render(model), optionally re-spaced
 *   bigAgent({ lines, seed })  string                 — a deterministic valid agent of about `lines` lines
 *   messyLayout(text, seed)    string                 — same tokens, random whitespace/CRLF/BOM
 */
import fc from "fast-check";
import type { AgentModel } from "./agent-model.ts";
import { buildAgent } from "./build-agent.ts";
import { messyLayout, render } from "./render-agent.ts";

export type * from "./agent-model.ts";
export { buildAgent, type BuildOptions } from "./build-agent.ts";
export { messyLayout, render, type MessyOptions } from "./render-agent.ts";

export interface AgentArbitraryOptions {
  /** Most states an agent may have (default 8); fast-check shrinks toward 1. */
  readonly maxStates?: number;
  /** Sprinkle leading/trailing comments, and a few inside expressions (default true). */
  readonly comments?: boolean;
  /** Sometimes name things `__proto__`, `constructor`… (default true). */
  readonly exoticNames?: boolean;
  /** Allow bounded cycles (default true). */
  readonly cycles?: boolean;
  /** agentSource only: re-space the text at random (extra spaces/newlines, CRLF, BOM) (default false). */
  readonly messyLayout?: boolean;
}

/** A random valid agent model; shrinks toward fewer states. */
export function agentModel(options: AgentArbitraryOptions = {}): fc.Arbitrary<AgentModel> {
  const maxStates = Math.max(1, options.maxStates ?? 8);
  return fc
    .record({ seed: fc.nat({ max: 0x7fffffff }), states: fc.integer({ min: 1, max: maxStates }) })
    .map(({ seed, states }) =>
      buildAgent(seed, {
        states,
        comments: options.comments ?? true,
        exoticNames: options.exoticNames ?? true,
        cycles: options.cycles ?? true,
      }),
    );
}

/** The source text of a random valid agent. */
export function agentSource(options: AgentArbitraryOptions = {}): fc.Arbitrary<string> {
  const text = agentModel(options).map(render);
  if (options.messyLayout !== true) return text;
  return fc.tuple(text, fc.nat({ max: 0x7fffffff })).map(([source, seed]) => messyLayout(source, seed));
}

/**
 * A deterministic valid agent of about `lines` lines (benchmarks: 10,000 lines, and ~1 MB).
 * The same `{ lines, seed }` always gives the same text.
 */
export function bigAgent(options: { readonly lines: number; readonly seed?: number; readonly comments?: boolean }): string {
  const seed = options.seed ?? 1;
  const target = Math.max(1, options.lines);
  const build = (states: number): string =>
    render(buildAgent(seed, { states, comments: options.comments ?? true, exoticNames: false, cycles: true }));
  const countLines = (text: string): number => text.split("\n").length - 1;
  // Lines grow about linearly with states: measure once, scale, then correct once.
  let states = Math.max(1, Math.round(target / 8));
  let text = build(states);
  for (let round = 0; round < 3; round++) {
    const lines = countLines(text);
    if (Math.abs(lines - target) <= Math.max(20, target * 0.02)) break;
    states = Math.max(1, Math.round((states * target) / Math.max(1, lines)));
    text = build(states);
  }
  return text;
}
