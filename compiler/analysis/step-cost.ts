/**
 * What one state costs, from the IR and a price table:
 * - every entry of a state is one step;
 * - `ask`: one model call per visit — input = prompt estimate + one schema allowance,
 *   output = maxTokens;
 * - `call`: one tool call per visit, costing cost × (1 + retries) (each attempt may bill);
 * - `use tools … at most T turns`: the turn limit counts per SESSION, so its model calls are
 *   charged once per session, all T of them: turn t (1-based) resends the prompt, the answer
 *   schema and k tool definitions, plus the t−1 earlier turns' output (maxTokens each) and
 *   their tool results (k × toolResultTokens each, one result per allowed tool per turn):
 *     input_t = B + (t − 1) × (M + k × R),  B = prompt + (1 + k) × schemaTokens
 *     input   = T × B + (M + k × R) × T(T − 1)/2,   output = T × M;
 *   its tools are charged at their per-session call limits (a turn may call several);
 * - `await`, `reply`, `escalate`: a step, nothing else.
 * Every model call is priced at the dearer of the primary and fallback model (per token
 * kind), since any call may fall back.
 */
import type { AgentIR, StateIR, ToolIR } from "../ir/ir.ts";
import { callCostUsd, type ModelPrice, type PriceTable, priceFor } from "../../runtime/prices.ts";
import { add, metrics, ZERO, type Metrics } from "./metrics.ts";
import { estimatePrompt, type TokenAllowances } from "./token-estimate.ts";

export interface StateCost {
  /** Charged on every entry that runs the state's action. */
  readonly perVisit: Metrics;
  /** Charged on the first entry only (a tool loop's turns and tools: limits per session). */
  readonly perSession: Metrics;
}

export interface Pricing {
  /** The price every model call is charged at; undefined when no model has a price. */
  readonly price: ModelPrice | undefined;
  /** Models named by the agent that the table does not price. */
  readonly unpriced: readonly string[];
  readonly models: readonly { readonly model: string; readonly price: ModelPrice | undefined }[];
}

export function agentPricing(ir: AgentIR, table: PriceTable): Pricing {
  const names = [ir.model.primary, ...(ir.model.fallback === undefined ? [] : [ir.model.fallback])].filter((m) => m !== "");
  const models = names.map((model) => ({ model, price: priceFor(model, table) }));
  const known = models.flatMap((m) => (m.price === undefined ? [] : [m.price]));
  const price = known.length === 0 ? undefined : { inputPerMTok: Math.max(...known.map((p) => p.inputPerMTok)), outputPerMTok: Math.max(...known.map((p) => p.outputPerMTok)) };
  return { price, unpriced: models.filter((m) => m.price === undefined).map((m) => m.model), models };
}

export function toolAttempts(tool: ToolIR): number {
  return 1 + (tool.retry?.attempts ?? 0);
}

export function toolCallCost(tool: ToolIR): number {
  return (tool.costUsd ?? 0) * toolAttempts(tool);
}

export function stateCost(ir: AgentIR, state: StateIR, pricing: Pricing, allowances: TokenAllowances): StateCost {
  const action = state.action;
  const step = metrics({ steps: 1 });
  const llm = (input: number, output: number, calls: number): Metrics =>
    metrics({ llmCalls: calls, inputTokens: input, outputTokens: output, llmCostUsd: pricing.price === undefined ? 0 : callCostUsd(pricing.price, input, output) });
  const prompt = (name: string) => estimatePrompt(ir.prompts.find((p) => p.name === name), allowances);
  switch (action.kind) {
    case "ask": {
      const input = prompt(action.prompt).tokens + allowances.schemaTokens;
      return { perVisit: add(step, llm(input, action.maxTokens, 1)), perSession: ZERO };
    }
    case "call": {
      const tool = ir.tools.find((t) => t.name === action.tool);
      return { perVisit: add(step, metrics({ toolCalls: 1, toolCostUsd: tool === undefined ? 0 : toolCallCost(tool) })), perSession: ZERO };
    }
    case "loop": {
      const t = action.maxTurns;
      const m = action.maxTokens;
      const tools = action.tools.flatMap((name) => ir.tools.filter((x) => x.name === name));
      const k = tools.length;
      const base = prompt(action.prompt).tokens + (1 + k) * allowances.schemaTokens;
      const input = t * base + ((m + k * allowances.toolResultTokens) * t * (t - 1)) / 2;
      const toolCalls = tools.reduce((n, x) => n + x.callsPerSession, 0);
      const toolCost = tools.reduce((n, x) => n + x.callsPerSession * toolCallCost(x), 0);
      return { perVisit: step, perSession: add(llm(input, t * m, t), metrics({ toolCalls, toolCostUsd: toolCost })) };
    }
    case "await":
    case "reply":
    case "escalate":
      return { perVisit: step, perSession: ZERO };
  }
}
