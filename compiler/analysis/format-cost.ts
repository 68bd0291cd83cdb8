/**
 * The cost bound for people (`formatCostBound`, what `agentc build` prints) and for tools
 * (`emitCostJson`, the `cost.json` artifact). Both deterministic; USD rounded to 1e-9.
 */
import type { BudgetIR } from "../ir/ir.ts";
import type { BoundedCost, CostBound, Metrics } from "./cost-bound.ts";

export function formatCostBound(bound: CostBound): string {
  if (bound.kind === "unbounded") {
    return `${bound.agent}: no static bound on a session: cycle ${bound.cycle.join(" → ")} can repeat without using up a visit or turn limit\n`;
  }
  const w = bound.worstCase;
  const b = bound.budget;
  const rows: [string, string, string][] = [
    ["steps", String(w.steps), b.steps === undefined ? "" : `budget ${b.steps}${w.steps > b.steps ? " (over)" : ""}`],
    ["model calls", String(w.llmCalls), ""],
    ["tool calls", String(w.toolCalls), ""],
    ["tokens", `${group(w.tokens)} (in ${group(w.inputTokens)}, out ${group(w.outputTokens)})`, b.tokens === undefined ? "" : `budget ${group(b.tokens)}${w.tokens > b.tokens ? " (over)" : ""}`],
    [
      "cost",
      w.costUsd === undefined ? `unknown (no price for ${unpriced(bound)}); tools ${usd(w.toolCostUsd)}` : `${usd(w.costUsd)} (model ${usd(w.llmCostUsd ?? 0)}, tools ${usd(w.toolCostUsd)})`,
      b.costUsd === undefined ? "" : `budget ${usd(b.costUsd)}${w.costUsd !== undefined && w.costUsd > b.costUsd + 1e-12 ? " (over)" : ""}`,
    ],
    ["worst path", bound.worstPath.length === 0 ? "(none)" : path(bound.worstPath), ""],
  ];
  const width = Math.max(...rows.map((r) => r[0].length));
  const valueWidth = Math.max(...rows.filter((r) => r[2] !== "").map((r) => r[1].length), 0);
  const lines = rows.map(([label, value, budget]) => `  ${label.padEnd(width)}  ${budget === "" ? value : `${value.padEnd(valueWidth)}  ${budget}`}`.trimEnd());
  const method = bound.method === "exact" ? "" : `, approximate for cycles through ${bound.approximated.map((c) => c.join("/")).join("; ")}`;
  const note = "  (each figure is the most over all paths on its own; the worst path is the dearest)";
  return `${bound.agent}: worst case per session (static bound${method})\n${lines.join("\n")}\n${note}\n`;
}

function unpriced(bound: BoundedCost): string {
  return bound.assumptions.models
    .filter((m) => m.price === undefined)
    .map((m) => m.model)
    .join(", ");
}

/** Long paths keep their ends. */
function path(states: readonly string[]): string {
  const shown = states.length <= 24 ? states : [...states.slice(0, 12), `… ${states.length - 24} more …`, ...states.slice(-12)];
  return shown.join(" → ");
}

export function group(n: number): string {
  return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ",");
}

export function usd(n: number): string {
  return `${String(roundUsd(n))} usd`;
}

function roundUsd(n: number): number {
  return Math.round(n * 1e9) / 1e9;
}

export function emitCostJson(bound: CostBound): string {
  const budget = (b: BudgetIR) => ({ tokens: b.tokens ?? null, costUsd: b.costUsd ?? null, steps: b.steps ?? null, timeMs: b.timeMs ?? null });
  const warnings = bound.warnings.map((w) => ({ code: w.code, message: w.message }));
  if (bound.kind === "unbounded") {
    return `${JSON.stringify({ agent: bound.agent, bounded: false, cycle: bound.cycle, budget: budget(bound.budget), warnings }, null, 2)}\n`;
  }
  const w = bound.worstCase;
  const money = (n: number | undefined) => (n === undefined ? null : roundUsd(n));
  const a = bound.assumptions;
  const json = {
    agent: bound.agent,
    bounded: true,
    method: bound.method,
    worstCase: {
      steps: w.steps,
      llmCalls: w.llmCalls,
      toolCalls: w.toolCalls,
      inputTokens: w.inputTokens,
      outputTokens: w.outputTokens,
      tokens: w.tokens,
      llmCostUsd: money(w.llmCostUsd),
      toolCostUsd: money(w.toolCostUsd),
      costUsd: money(w.costUsd),
    },
    budget: budget(bound.budget),
    overBudget: bound.warnings.filter((x) => x.code === "AGC4001").map((x) => x.args[2]),
    worstPath: bound.worstPath,
    approximated: bound.approximated,
    states: bound.states.map((s) => ({ state: s.state, action: s.action, visitLimit: s.visitLimit ?? null, perVisit: metricsJson(s.perVisit), perSession: metricsJson(s.perSession) })),
    assumptions: {
      charsPerToken: a.allowances.charsPerToken,
      placeholderTokens: a.allowances.placeholderTokens,
      schemaTokens: a.allowances.schemaTokens,
      toolResultTokens: a.allowances.toolResultTokens,
      models: a.models.map((m) => ({ model: m.model, inputPerMTok: m.price?.inputPerMTok ?? null, outputPerMTok: m.price?.outputPerMTok ?? null })),
      callPrice: a.callPrice === undefined ? null : { inputPerMTok: a.callPrice.inputPerMTok, outputPerMTok: a.callPrice.outputPerMTok },
      toolsWithoutCost: a.toolsWithoutCost,
    },
    warnings,
  };
  return `${JSON.stringify(json, null, 2)}\n`;
}

function metricsJson(m: Metrics) {
  return {
    steps: m.steps,
    llmCalls: m.llmCalls,
    toolCalls: m.toolCalls,
    inputTokens: m.inputTokens,
    outputTokens: m.outputTokens,
    tokens: m.tokens,
    llmCostUsd: roundUsd(m.llmCostUsd),
    toolCostUsd: roundUsd(m.toolCostUsd),
    costUsd: roundUsd(m.costUsd),
  };
}
