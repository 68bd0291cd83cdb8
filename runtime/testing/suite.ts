/**
 * A generated suite for one agent: fast-check draws cases from its contracts, each case is
 * one full session (run-case.ts), every property is checked on every case, and a failing case
 * is shrunk to a minimal one and reported with a readable timeline.
 */
import fc from "fast-check";
import type { AnyStateMachine } from "xstate";
import type { AgentModule, Outcome } from "../contract.ts";
import type { ReplayFile } from "../orchestration/tape.ts";
import { moduleHash } from "../runtime.ts";
import { caseArbitrary, type CaseArbitraryOptions } from "./arbitraries.ts";
import type { HarnessCase } from "./case.ts";
import { checkProperties, PROPERTY_NAMES, type PropertyName, type Violation } from "./properties.ts";
import { runCase, type CaseRun, type RunCaseOptions } from "./run-case.ts";

type Module = AgentModule<AnyStateMachine>;

export interface PropertyResult {
  readonly property: PropertyName;
  readonly agent: string;
  readonly cases: number;
  readonly passed: boolean;
  /** The shrunk failing case, what was wrong and its timeline. */
  readonly counterexample: Counterexample | null;
}

export interface Counterexample {
  readonly case: HarnessCase;
  readonly message: string;
  readonly timeline: readonly string[];
  readonly seed: number;
  readonly path: string | undefined;
  /** The shrunk session's recording as an "agentc-replay" v1 file (without `agentFile`, which depends on where it is written). */
  readonly replay: ReplayFile;
}

/** What a session did, for coverage: states stepped through, decisions, tools executed, the outcome. */
export interface SessionPath {
  readonly states: readonly string[];
  readonly decisions: readonly { readonly from: string; readonly to: string }[];
  readonly tools: readonly string[];
  readonly outcome: Outcome | undefined;
}

export interface SuiteOptions extends CaseArbitraryOptions, RunCaseOptions {
  readonly runs?: number;
  readonly seed?: number;
  /** Only these properties (default all). */
  readonly properties?: readonly PropertyName[];
  /** Seen every case's path (coverage). */
  readonly onPath?: (path: SessionPath) => void;
}

export interface SuiteResult {
  readonly agent: string;
  readonly properties: readonly PropertyResult[];
  readonly paths: readonly SessionPath[];
  readonly cases: number;
}

/** Runs `runs` cases (default 100) and checks every property on each. */
export async function runSuite(module: Module, options: SuiteOptions = {}): Promise<SuiteResult> {
  const agent = module.metadata.name;
  const only = options.properties ?? PROPERTY_NAMES;
  const paths: SessionPath[] = [];
  let shrinking = false;
  let cases = 0;
  const failed = new Map<PropertyName, Violation>();
  const property = fc.asyncProperty(caseArbitrary(module, options), async (testCase) => {
    const run = await runCase(module, testCase, options);
    if (!shrinking) {
      cases += 1;
      const path = pathOf(run);
      paths.push(path);
      options.onPath?.(path);
    }
    const violations = checkProperties(options.reference ?? module, run, only);
    if (violations.length > 0) {
      shrinking = true;
      for (const v of violations) if (!failed.has(v.property)) failed.set(v.property, v);
      return false;
    }
    return true;
  });
  const result = await fc.check(property, { numRuns: options.runs ?? 100, ...(options.seed !== undefined ? { seed: options.seed } : {}), endOnFailure: false });
  let counter: { case: HarnessCase; run: CaseRun; violations: Violation[] } | undefined;
  if (result.failed && result.counterexample !== null) {
    const testCase = result.counterexample[0];
    const run = await runCase(module, testCase, options);
    counter = { case: testCase, run, violations: checkProperties(options.reference ?? module, run, only) };
  }
  const properties = only.map((name): PropertyResult => {
    const shrunk = counter?.violations.find((v) => v.property === name);
    const first = failed.get(name);
    if (shrunk === undefined && first === undefined) return { property: name, agent, cases, passed: true, counterexample: null };
    return {
      property: name,
      agent,
      cases,
      passed: false,
      counterexample: {
        case: counter!.case,
        message: (shrunk ?? first)!.message,
        timeline: timeline(counter!.run),
        seed: result.seed,
        path: result.counterexample !== null ? result.counterexamplePath ?? undefined : undefined,
        replay: replayFileOf(module, counter!.case, counter!.run),
      },
    };
  });
  return { agent, properties, paths, cases };
}

/** A case's session as a replay file that `agentc replay` re-runs (raw values: the case's data is generated, not personal). */
export function replayFileOf(module: Module, testCase: HarnessCase, run: CaseRun): ReplayFile {
  const meta = module.metadata;
  return {
    format: "agentc-replay",
    formatVersion: 1,
    sessionId: `case-${testCase.seed}`,
    agent: { name: meta.name, version: meta.version, machineHash: moduleHash(module) },
    input: testCase.input,
    tape: run.recording,
    masked: false,
  };
}

export function pathOf(run: CaseRun): SessionPath {
  const states: string[] = [];
  const decisions: { from: string; to: string }[] = [];
  for (const e of run.events) {
    if (e.type === "step.started") states.push(e.state);
    else if (e.type === "decision") decisions.push({ from: e.from, to: e.to });
  }
  return { states, decisions, tools: run.executed.map((c) => c.tool), outcome: run.outcome };
}

/** The run as lines a reviewer can read. */
export function timeline(run: CaseRun): string[] {
  const lines: string[] = [`input ${short(run.input)}`];
  for (const e of run.events) {
    switch (e.type) {
      case "step.started":
        lines.push(`step ${e.step} ${e.state} (${e.action})`);
        break;
      case "model.request":
        lines.push(`  model ${e.model} ${e.kind}: ${e.ok ? "ok" : `failed (${e.error ?? "error"})`}, ${e.inputTokens}+${e.outputTokens} tokens`);
        break;
      case "tool.call":
        lines.push(`  tool ${e.tool} ${short(e.args)} → ${e.ok ? short(e.result) : `${e.failure?.kind}: ${e.failure?.message}`}`);
        break;
      case "human.response":
        lines.push(`  human: ${e.ok ? "answered" : "no answer"}`);
        break;
      case "guard":
        lines.push(`  guard ${e.guard} ${e.effect}: ${e.message}`);
        break;
      case "decision":
        lines.push(`  → ${e.to}`);
        break;
      case "session.finished":
        lines.push(`finished: ${e.outcome.kind === "reply" ? `reply ${short(e.outcome.output)}` : `escalated to ${e.outcome.target}: ${e.outcome.reason}`} (${e.steps} steps, ${e.tokens} tokens, ${e.costUsd.toFixed(4)} USD)`);
        break;
      default:
        break;
    }
  }
  if (run.crashed) lines.push("(the first process crashed in a side-effecting call; the session was resumed)");
  if (run.error !== undefined) lines.push(`error: ${run.error}`);
  return lines;
}

function short(value: unknown): string {
  const text = JSON.stringify(value) ?? "undefined";
  return text.length > 160 ? `${text.slice(0, 157)}…` : text;
}
