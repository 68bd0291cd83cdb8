/** Loads the example agents as machine modules (compiled in memory) and a scripted model port for runtime tests. */
import { join } from "node:path";
import type { AnyStateMachine } from "xstate";
import { loadAgents } from "../../../compiler/load-agent.ts";
import type { AgentModule } from "../../../runtime/contract.ts";
import type { Intelligence, LoopStep, ModelStep, ModelStepResult } from "../../../runtime/intelligence/types.ts";

export const repoRoot = join(import.meta.dirname, "..", "..", "..");

const cache = new Map<string, Promise<AgentModule<AnyStateMachine>>>();

/** `agents/<name>.agent` → its module (cached per test file). */
export function exampleAgent(name: string): Promise<AgentModule<AnyStateMachine>> {
  let loaded = cache.get(name);
  if (loaded === undefined) {
    loaded = loadAgents([join(repoRoot, "agents", `${name}.agent`)], { root: repoRoot }).then((result) => {
      const errors = result.diagnostics.filter((d) => d.severity === "error");
      if (errors.length > 0 || result.agents.length !== 1) throw new Error(`cannot load ${name}: ${errors.map((d) => d.message).join("; ")}`);
      return result.agents[0]!.module;
    });
    cache.set(name, loaded);
  }
  return loaded;
}

/** What a scripted ask/loop does: give an answer, or drive the step's callbacks first. */
export type Script = (step: ModelStep | LoopStep, kind: "ask" | "loop") => Promise<ModelStepResult> | ModelStepResult;

/**
 * A model port that follows a script per prompt name, consulting the guard and reporting a
 * request of 100 + 50 tokens like the real layer does.
 */
export function scriptedIntelligence(scripts: Readonly<Record<string, Script>>, usage = { inputTokens: 100, outputTokens: 50 }): Intelligence & { readonly calls: string[] } {
  const calls: string[] = [];
  const run = async (step: ModelStep | LoopStep, kind: "ask" | "loop"): Promise<ModelStepResult> => {
    calls.push(`${kind} ${step.prompt.name}`);
    const decision = step.guard({ model: step.models.primary, kind: kind === "ask" ? "ask" : "turn", inputTokens: usage.inputTokens, maxOutputTokens: step.maxTokens, worstCaseCostUsd: 0.001 });
    if (!decision.allow) return { kind: "stopped", reason: decision.reason };
    step.onRequest({ model: step.models.primary, provider: step.models.primary.split(":")[0]!, kind: kind === "ask" ? "ask" : "turn", usage, costUsd: 0.0005, durationMs: 1, ok: true, promptText: "" });
    const script = scripts[step.prompt.name];
    if (script === undefined) throw new Error(`no script for prompt ${step.prompt.name}`);
    return script(step, kind);
  };
  return { calls, ask: (step) => run(step, "ask"), loop: (step) => run(step, "loop") };
}

export const answer = (value: unknown, turns?: number): ModelStepResult => ({ kind: "outcome", outcome: { ok: true, value, ...(turns !== undefined ? { turns } : {}) } });
