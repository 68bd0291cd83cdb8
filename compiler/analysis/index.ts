/** Static analyses of the agent graph that the build reports: the per-session cost bound. */
export {
  computeCostBound,
  EXACT_NODES,
  type BoundedCost,
  type CostAssumptions,
  type CostBound,
  type CostOptions,
  type CostWarning,
  type Metrics,
  type StateCostRow,
  type UnboundedCost,
  type WorstCase,
} from "./cost-bound.ts";
export { emitCostJson, formatCostBound } from "./format-cost.ts";
export { DEFAULT_ALLOWANCES, estimatePrompt, type TokenAllowances } from "./token-estimate.ts";
