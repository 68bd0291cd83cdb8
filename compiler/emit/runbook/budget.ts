/** Budgets next to the static worst case, and the states that spend. */
import type { CostBound } from "../../analysis/cost-bound.ts";
import type { AgentIR } from "../../ir/ir.ts";
import { code, count, duration, money, table } from "../contracts/markdown.ts";

export function budgetSection(ir: AgentIR, bound: CostBound): string {
  const b = ir.budget;
  const parts = ["## Budgets and the static worst case"];
  if (bound.kind === "unbounded") {
    parts.push(`No static bound: the cycle ${bound.cycle.map(code).join(" → ")} can repeat without using up a visit or turn limit. Only the runtime's budget guard stops it.`);
    parts.push(table(["Budget", "Declared"], [["tokens", b.tokens === undefined ? "none" : count(b.tokens)], ["cost", b.costUsd === undefined ? "none" : `${money(b.costUsd)} usd`], ["steps", b.steps === undefined ? "none" : String(b.steps)], ["time", b.timeMs === undefined ? "none" : duration(b.timeMs)]]));
    return parts.join("\n\n");
  }
  const w = bound.worstCase;
  const over = (worst: number | undefined, budget: number | undefined): string => (worst === undefined || budget === undefined ? "" : worst > budget + 1e-12 ? "**over budget**" : "within");
  parts.push(
    `The most one session can spend on any path (cycles taken at their limits), before the runtime's guard steps in. The guard checks the declared budget before every step and model call and escalates to ${code(ir.defaultEscalation)} instead of crossing it.`,
    table(
      ["", "Declared budget", "Static worst case", ""],
      [
        ["Tokens", b.tokens === undefined ? "none" : count(b.tokens), `${count(w.tokens)} (in ${count(w.inputTokens)}, out ${count(w.outputTokens)})`, over(w.tokens, b.tokens)],
        ["Cost", b.costUsd === undefined ? "none" : `${money(b.costUsd)} usd`, w.costUsd === undefined ? `unknown (no price for ${unpriced(bound)}); tools ${money(w.toolCostUsd)} usd` : `${money(w.costUsd)} usd`, over(w.costUsd, b.costUsd)],
        ["Steps", b.steps === undefined ? "none" : String(b.steps), String(w.steps), over(w.steps, b.steps)],
        ["Time", b.timeMs === undefined ? "none" : duration(b.timeMs), "not bounded statically", ""],
        ["Model calls", "", String(w.llmCalls), ""],
        ["Tool calls", "", String(w.toolCalls), ""],
      ],
    ),
    `Dearest path: ${bound.worstPath.length === 0 ? "none" : bound.worstPath.map(code).join(" → ")}.${bound.method === "approximate" ? ` Cycles through ${bound.approximated.map((c) => c.map(code).join(", ")).join("; ")} were too large to unroll and are bounded from above.` : ""} Each figure is the most over all paths on its own.`,
    `Assumed: ${bound.assumptions.allowances.placeholderTokens} tokens per placeholder, ${bound.assumptions.allowances.charsPerToken} characters per token, ${bound.assumptions.allowances.schemaTokens} tokens per schema sent, ${bound.assumptions.allowances.toolResultTokens} tokens per tool result in a loop; ` +
      `model calls priced ${bound.assumptions.callPrice === undefined ? "at nothing (no price known)" : `at ${bound.assumptions.callPrice.inputPerMTok} usd in / ${bound.assumptions.callPrice.outputPerMTok} usd out per 1M tokens (list prices, the dearer of primary and fallback)`}` +
      `${bound.assumptions.toolsWithoutCost.length === 0 ? "" : `; ${bound.assumptions.toolsWithoutCost.map(code).join(", ")} declare no cost and count as free`}. Full figures per state: ${code("cost.json")}.`,
  );
  return parts.join("\n\n");
}

function unpriced(bound: Extract<CostBound, { kind: "bounded" }>): string {
  return bound.assumptions.models
    .filter((m) => m.price === undefined)
    .map((m) => code(m.model))
    .join(", ");
}
