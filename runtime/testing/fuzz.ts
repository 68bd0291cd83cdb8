/**
 * Fuzz mode (`agentc test --fuzz --time 60s`): draws cases from each agent's contracts, in
 * batches, round-robin over the agents, until the time is up; every case runs under its own
 * timeout (a hung case fails `session-ends` and is reported with its timeline). Failing cases
 * are not shrunk (fuzzing trades shrinking for throughput): the first failure of each property
 * per agent is kept with its case, timeline and replay file.
 */
import fc from "fast-check";
import type { AnyStateMachine } from "xstate";
import type { AgentModule } from "../contract.ts";
import { caseArbitrary, type CaseArbitraryOptions } from "./arbitraries.ts";
import { checkProperties, type PropertyName } from "./properties.ts";
import { runCase, type RunCaseOptions } from "./run-case.ts";
import { replayFileOf, timeline, type Counterexample } from "./suite.ts";

type Module = AgentModule<AnyStateMachine>;

export interface FuzzOptions extends CaseArbitraryOptions, RunCaseOptions {
  /** How long to fuzz, in milliseconds (cases started before the deadline run to their end or their timeout). */
  readonly timeMs: number;
  readonly seed: number;
  /** Cases drawn per agent before moving to the next one. Default 20. */
  readonly batch?: number;
  /** Wall clock (tests may pass their own). */
  readonly now?: () => number;
}

export interface FuzzFailure {
  readonly agent: string;
  readonly property: PropertyName;
  readonly counterexample: Counterexample;
}

export interface FuzzAgentResult {
  readonly agent: string;
  readonly cases: number;
  /** Wall time spent on this agent's cases, in seconds. */
  readonly seconds: number;
  readonly casesPerSecond: number;
  readonly failures: readonly FuzzFailure[];
}

export interface FuzzResult {
  readonly seed: number;
  readonly seconds: number;
  readonly agents: readonly FuzzAgentResult[];
  readonly passed: boolean;
}

/** Fuzzes the agents until `timeMs` has passed (at least one batch per agent). */
export async function fuzz(modules: readonly Module[], options: FuzzOptions): Promise<FuzzResult> {
  const now = options.now ?? (() => performance.now());
  const started = now();
  const batch = options.batch ?? 20;
  const state = modules.map((module) => ({ module, arbitrary: caseArbitrary(module, options), cases: 0, ms: 0, failures: new Map<PropertyName, FuzzFailure>() }));
  let round = 0;
  do {
    for (const agent of state) {
      const cases = fc.sample(agent.arbitrary, { numRuns: batch, seed: (options.seed + round * 104_729) % 0x7fffffff });
      for (const testCase of cases) {
        if (round > 0 && now() - started >= options.timeMs) break;
        const before = now();
        const run = await runCase(agent.module, testCase, options);
        agent.ms += now() - before;
        agent.cases += 1;
        for (const v of checkProperties(options.reference ?? agent.module, run)) {
          if (agent.failures.has(v.property)) continue;
          const counterexample: Counterexample = { case: testCase, message: v.message, timeline: timeline(run), seed: options.seed, path: undefined, replay: replayFileOf(agent.module, testCase, run) };
          agent.failures.set(v.property, { agent: agent.module.metadata.name, property: v.property, counterexample });
        }
      }
    }
    round += 1;
  } while (now() - started < options.timeMs);
  const agents = state.map((a): FuzzAgentResult => ({
    agent: a.module.metadata.name,
    cases: a.cases,
    seconds: a.ms / 1000,
    casesPerSecond: a.ms > 0 ? a.cases / (a.ms / 1000) : 0,
    failures: [...a.failures.values()],
  }));
  return { seed: options.seed, seconds: (now() - started) / 1000, agents, passed: agents.every((a) => a.failures.length === 0) };
}
