/**
 * The static cost bound: the most a single session of an agent can spend — steps, model
 * calls, tool calls, tokens and USD — over every path the graph allows, ignoring guard
 * conditions (any `when` may hold) and the runtime's budget guard (which is what this is
 * compared against).
 *
 * Method. A session is a walk over states from `start`. Walks are finite because of the
 * limits, which count per session:
 * - a state with `visits at most N` runs its action on its first N entries; entry N + 1 is
 *   refused (its implicit visit-limit transition escalates) and costs nothing;
 * - a `use tools … at most T turns` loop runs its turns across all its visits: a visit with
 *   turns left uses at least one, so at most T visits take a non-`exhausted` edge; a visit
 *   with no turns left takes `on exhausted` at once.
 * So "state + how much of each limit is used" is a node of an acyclic graph (every cycle
 * of states uses up a limit), and the worst case is a longest path in that DAG. We do not
 * build it whole: limits of states in one strongly connected component (SCC) are the only
 * ones a walk can come back to, and once a walk leaves an SCC it never returns. So:
 *
 * 1. Find a cycle that uses no limit up (through no visit-limited state, leaving every loop
 *    on it by `on exhausted`). If there is one the session has no bound: `unbounded`.
 * 2. Split the state graph into SCCs and take them sinks first. For each, compute the value
 *    of entering it at each of its states (the componentwise maximum, over walks from
 *    there, of what the rest of the session spends):
 *    - exact, when the unrolled component is small (states × Π(limit + 1) ≤ EXACT_NODES):
 *      a memoised depth-first longest path over (state, limits used in this SCC); edges to
 *      a later SCC add that SCC's entry value; replies and escalations add nothing;
 *    - approximate otherwise, and still sound: every closed walk inside the SCC uses up a
 *      limit (step 1), so each state runs at most K + 1 times, K = Σ visit limits + Σ turn
 *      limits of unlimited loops in the SCC (a visit-limited state: at most its limit). The
 *      SCC costs Σ runs × per-visit cost + each loop's per-session charge, plus the
 *      largest entry value among the edges that leave it.
 * 3. The bound is the entry value of `start`. Each metric is maximised on its own (the
 *    path with most steps need not be the dearest); `worstPath` is the dearest path (by
 *    cost, then tokens, then steps).
 * 4. Per-session caps that hold on every path tighten the totals: a tool runs at most its
 *    `calls` per session, so tool calls ≤ Σ calls and tool cost ≤ Σ calls × attempts × cost.
 *
 * What a state costs per visit (and a loop per session) is in `step-cost.ts`; token
 * estimates are in `token-estimate.ts`; prices come from `runtime/prices.ts`. Not counted:
 * a structured-output repair attempt and a fallback retry after a failed primary call (the
 * runtime's per-call guard counts each call as it happens).
 */
import type { AgentIR, BudgetIR, SourceRef } from "../ir/ir.ts";
import { DEFAULT_PRICES, type ModelPrice, type PriceTable } from "../../runtime/prices.ts";
import { stateGraph, stronglyConnected, unboundedCycle, type StateGraph } from "./graph.ts";
import { add, heavier, max, scale, ZERO, type Metrics } from "./metrics.ts";
import { agentPricing, stateCost, toolCallCost, type StateCost } from "./step-cost.ts";
import { DEFAULT_ALLOWANCES, type TokenAllowances } from "./token-estimate.ts";

export type { Metrics } from "./metrics.ts";

/** Above this many (state, limits used) nodes an SCC is bounded approximately. */
export const EXACT_NODES = 100_000;

export interface CostOptions {
  readonly allowances?: TokenAllowances;
  /** Largest unrolled SCC solved exactly (default EXACT_NODES); tests lower it. */
  readonly exactNodes?: number;
}

export interface WorstCase {
  readonly steps: number;
  readonly llmCalls: number;
  readonly toolCalls: number;
  readonly inputTokens: number;
  readonly outputTokens: number;
  readonly tokens: number;
  /** undefined when a model the agent uses has no price. */
  readonly llmCostUsd: number | undefined;
  readonly toolCostUsd: number;
  readonly costUsd: number | undefined;
}

export interface StateCostRow {
  readonly state: string;
  readonly action: string;
  /** Entries that may run the action: its visit limit, or undefined for "as the graph allows". */
  readonly visitLimit: number | undefined;
  readonly perVisit: Metrics;
  readonly perSession: Metrics;
}

export interface CostWarning {
  readonly code: "AGC4001" | "AGC4002" | "AGC4003";
  readonly args: readonly (string | number)[];
  readonly message: string;
  readonly source: SourceRef;
}

export interface CostAssumptions {
  readonly allowances: TokenAllowances;
  readonly models: readonly { readonly model: string; readonly price: ModelPrice | undefined }[];
  /** The price every model call was charged at (the dearer of primary and fallback). */
  readonly callPrice: ModelPrice | undefined;
  readonly toolsWithoutCost: readonly string[];
}

export interface BoundedCost {
  readonly kind: "bounded";
  readonly agent: string;
  readonly worstCase: WorstCase;
  /** The dearest path, as state names in order (a state repeats when a cycle is taken). */
  readonly worstPath: readonly string[];
  /** "approximate" when some cycle was too large to unroll (see the method). */
  readonly method: "exact" | "approximate";
  /** States of the SCCs bounded approximately (in `worstPath` each appears once). */
  readonly approximated: readonly (readonly string[])[];
  readonly states: readonly StateCostRow[];
  readonly budget: BudgetIR;
  readonly assumptions: CostAssumptions;
  readonly warnings: readonly CostWarning[];
}

export interface UnboundedCost {
  readonly kind: "unbounded";
  readonly agent: string;
  /** States of a cycle that can repeat without using up any limit. */
  readonly cycle: readonly string[];
  readonly budget: BudgetIR;
  readonly warnings: readonly CostWarning[];
}

export type CostBound = BoundedCost | UnboundedCost;

export function computeCostBound(ir: AgentIR, prices: PriceTable = DEFAULT_PRICES, options: CostOptions = {}): CostBound {
  const graph = stateGraph(ir);
  const cycle = unboundedCycle(ir, graph);
  if (cycle !== undefined) {
    const names = cycle.map((i) => ir.states[i]!.name);
    const args = [names.join(" → ")];
    return {
      kind: "unbounded",
      agent: ir.name,
      cycle: names,
      budget: ir.budget,
      warnings: [warning("AGC4003", args, `no static bound on a session: cycle ${args[0]} can repeat without using up a visit or turn limit`, ir.source)],
    };
  }
  const allowances = options.allowances ?? DEFAULT_ALLOWANCES;
  const pricing = agentPricing(ir, prices);
  const costs = ir.states.map((s) => stateCost(ir, s, pricing, allowances));
  const search = new Search(ir, graph, costs, options.exactNodes ?? EXACT_NODES);
  const start = graph.index.get(ir.start);
  const entry = start === undefined ? END : search.run(start);

  const usesModel = ir.states.some((s) => s.action.kind === "ask" || s.action.kind === "loop");
  const priced = !usesModel || pricing.unpriced.length === 0;
  const totals = capped(ir, entry.value);
  const worstCase: WorstCase = {
    steps: totals.steps,
    llmCalls: totals.llmCalls,
    toolCalls: totals.toolCalls,
    inputTokens: totals.inputTokens,
    outputTokens: totals.outputTokens,
    tokens: totals.tokens,
    llmCostUsd: priced ? totals.llmCostUsd : undefined,
    toolCostUsd: totals.toolCostUsd,
    costUsd: priced ? totals.costUsd : undefined,
  };
  return {
    kind: "bounded",
    agent: ir.name,
    worstCase,
    worstPath: walk(entry).map((i) => ir.states[i]!.name),
    method: search.approximated.length === 0 ? "exact" : "approximate",
    approximated: search.approximated.map((c) => c.map((i) => ir.states[i]!.name)),
    states: ir.states.map((s, i) => ({ state: s.name, action: s.action.kind, visitLimit: s.visitLimit, perVisit: costs[i]!.perVisit, perSession: costs[i]!.perSession })),
    budget: ir.budget,
    assumptions: {
      allowances,
      models: pricing.models,
      callPrice: pricing.price,
      toolsWithoutCost: ir.tools.filter((t) => t.costUsd === undefined && t.allowedIn.length > 0).map((t) => t.name),
    },
    warnings: [...(usesModel ? pricing.unpriced.map((m) => unpricedWarning(ir, m)) : []), ...budgetWarnings(ir, worstCase)],
  };
}

/** Step 4 of the method: caps that hold on every path. */
function capped(ir: AgentIR, value: Metrics): Metrics {
  const used = ir.tools.filter((t) => t.allowedIn.length > 0);
  const callCap = used.reduce((n, t) => n + t.callsPerSession, 0);
  const costCap = used.reduce((n, t) => n + t.callsPerSession * toolCallCost(t), 0);
  const toolCostUsd = Math.min(value.toolCostUsd, costCap);
  return { ...value, toolCalls: Math.min(value.toolCalls, callCap), toolCostUsd, costUsd: Math.min(value.costUsd, value.llmCostUsd + toolCostUsd) };
}

/** A node's value, and the dearest walk from it as a linked list (no copying per node). */
interface Entry {
  readonly value: Metrics;
  /** States this node adds to the walk: itself, or an approximated SCC's states. */
  readonly states: readonly number[];
  readonly next: Entry | undefined;
}

const END: Entry = { value: ZERO, states: [], next: undefined };

function walk(entry: Entry): number[] {
  const out: number[] = [];
  for (let e: Entry | undefined = entry; e !== undefined; e = e.next) out.push(...e.states);
  return out;
}

/** Steps 2–3 of the method. */
class Search {
  readonly approximated: number[][] = [];
  readonly #entries = new Map<number, Entry>();
  readonly ir: AgentIR;
  readonly graph: StateGraph;
  readonly costs: readonly StateCost[];
  readonly exactNodes: number;

  constructor(ir: AgentIR, graph: StateGraph, costs: readonly StateCost[], exactNodes: number) {
    this.ir = ir;
    this.exactNodes = exactNodes;
    this.graph = graph;
    this.costs = costs;
    const successors = (i: number) => graph.out[i]!.filter((e) => e.to >= 0).map((e) => e.to);
    for (const component of stronglyConnected(ir.states.length, successors)) this.#solve(component);
  }

  run(start: number): Entry {
    return this.#entries.get(start) ?? END;
  }

  #solve(component: number[]): void {
    const dims = this.#dimensions(component);
    let nodes = component.length;
    for (const d of dims) nodes = Math.min(nodes * (d.limit + 1), this.exactNodes + 1);
    if (nodes <= this.exactNodes) this.#exact(component, dims);
    else this.#approximate(component);
  }

  /** The limits a walk inside this SCC can come back to. */
  #dimensions(component: readonly number[]): Dimension[] {
    const cyclic = component.length > 1 || this.graph.out[component[0]!]!.some((e) => e.to === component[0]);
    if (!cyclic) return [];
    const dims: Dimension[] = [];
    for (const s of component) {
      const state = this.ir.states[s]!;
      if (state.visitLimit !== undefined) dims.push({ state: s, kind: "visits", limit: state.visitLimit });
      if (state.action.kind === "loop") dims.push({ state: s, kind: "turns", limit: state.action.maxTurns });
    }
    return dims;
  }

  #exact(component: readonly number[], dims: readonly Dimension[]): void {
    const visitDim = new Map<number, number>();
    const turnDim = new Map<number, number>();
    dims.forEach((d, i) => (d.kind === "visits" ? visitDim : turnDim).set(d.state, i));
    const inside = new Set(component);
    const memo = new Map<string, Entry>();
    const onStack = new Set<string>();

    // Successors of entering `state` with `used` limits: [value-so-far contributor, next].
    const expand = (state: number, used: readonly number[]): { own: Metrics; next: { to: number; used: readonly number[] }[]; terminal: boolean } => {
      const s = this.ir.states[state]!;
      const vd = visitDim.get(state);
      const visits = vd === undefined ? 0 : used[vd]!;
      if (s.visitLimit !== undefined && visits >= s.visitLimit) return { own: ZERO, next: [], terminal: true };
      const after = [...used];
      if (vd !== undefined) after[vd] = visits + 1;
      const cost = this.costs[state]!;
      let own = cost.perVisit;
      let edges = this.graph.out[state]!.filter((e) => e.transition.trigger.kind !== "visitLimit");
      const next: { to: number; used: readonly number[] }[] = [];
      if (s.action.kind === "loop") {
        const td = turnDim.get(state);
        const turns = td === undefined ? 0 : used[td]!;
        const limit = s.action.maxTurns;
        if (turns === 0) own = add(own, cost.perSession);
        if (turns >= limit) edges = edges.filter((e) => e.transition.trigger.kind === "exhausted");
        for (const e of edges) {
          const u = [...after];
          if (td !== undefined) u[td] = e.transition.trigger.kind === "exhausted" ? limit : turns + 1;
          next.push({ to: e.to, used: u });
        }
      } else {
        for (const e of edges) next.push({ to: e.to, used: after });
      }
      return { own, next, terminal: false };
    };

    const valueOf = (to: number, used: readonly number[]): Entry | undefined => {
      if (to < 0) return END;
      if (!inside.has(to)) return this.#entries.get(to) ?? END;
      return memo.get(key(to, used));
    };

    const zero = dims.map(() => 0);
    for (const root of component) {
      // iterative post-order DFS over (state, used)
      const stack: { state: number; used: readonly number[]; k: string; expanded: ReturnType<typeof expand> | undefined }[] = [
        { state: root, used: zero, k: key(root, zero), expanded: undefined },
      ];
      while (stack.length > 0) {
        const top = stack[stack.length - 1]!;
        if (memo.has(top.k)) {
          stack.pop();
          continue;
        }
        if (top.expanded === undefined) {
          top.expanded = expand(top.state, top.used);
          onStack.add(top.k);
          for (const n of top.expanded.next) {
            if (n.to < 0 || !inside.has(n.to)) continue;
            const k = key(n.to, n.used);
            if (memo.has(k)) continue;
            if (onStack.has(k)) throw new Error(`cost bound: cycle through ${this.ir.states[n.to]!.name} uses no limit`);
            stack.push({ state: n.to, used: n.used, k, expanded: undefined });
          }
          continue;
        }
        stack.pop();
        onStack.delete(top.k);
        const { own, next, terminal } = top.expanded;
        let best: Entry = END;
        let bestValue = ZERO;
        for (const n of next) {
          const entry = valueOf(n.to, n.used)!;
          bestValue = max(bestValue, entry.value);
          if (heavier(entry.value, best.value)) best = entry;
        }
        memo.set(top.k, terminal ? END : { value: add(own, bestValue), states: [top.state], next: best === END ? undefined : best });
      }
      this.#entries.set(root, memo.get(key(root, zero))!);
    }
  }

  #approximate(component: readonly number[]): void {
    this.approximated.push([...component]);
    const inside = new Set(component);
    let k = 0;
    for (const s of component) {
      const state = this.ir.states[s]!;
      if (state.visitLimit !== undefined) k += state.visitLimit;
      else if (state.action.kind === "loop") k += state.action.maxTurns;
    }
    let inner = ZERO;
    let exit: Entry = END;
    let exitValue = ZERO;
    for (const s of component) {
      const state = this.ir.states[s]!;
      const runs = state.visitLimit ?? k + 1;
      inner = add(inner, add(scale(this.costs[s]!.perVisit, runs), this.costs[s]!.perSession));
      for (const e of this.graph.out[s]!) {
        if (inside.has(e.to) || e.transition.trigger.kind === "visitLimit") continue;
        const entry = e.to < 0 ? END : (this.#entries.get(e.to) ?? END);
        exitValue = max(exitValue, entry.value);
        if (heavier(entry.value, exit.value)) exit = entry;
      }
    }
    const value = add(inner, exitValue);
    const entry: Entry = { value, states: [...component], next: exit === END ? undefined : exit };
    for (const s of component) this.#entries.set(s, entry);
  }
}

interface Dimension {
  readonly state: number;
  readonly kind: "visits" | "turns";
  readonly limit: number;
}

function key(state: number, used: readonly number[]): string {
  return used.length === 0 ? String(state) : `${state}:${used.join(",")}`;
}

// ── Warnings ──────────────────────────────────────────────────────────────────

function warning(code: CostWarning["code"], args: readonly (string | number)[], message: string, source: SourceRef): CostWarning {
  return { code, args, message, source };
}

function unpricedWarning(ir: AgentIR, model: string): CostWarning {
  return warning("AGC4002", [model], `no price for model "${model}": the static cost bound leaves out its calls`, ir.source);
}

function budgetWarnings(ir: AgentIR, worst: WorstCase): CostWarning[] {
  const out: CostWarning[] = [];
  const check = (metric: string, worstValue: number | undefined, budget: number | undefined, show: (n: number) => string): void => {
    if (worstValue === undefined || budget === undefined || worstValue <= budget + 1e-12) return;
    const args = [ir.name, show(worstValue), metric, show(budget)];
    out.push(warning("AGC4001", args, `the worst case of one ${args[0]} session is ${args[1]}, above its ${args[2]} budget of ${args[3]}`, ir.source));
  };
  check("tokens", worst.tokens, ir.budget.tokens, (n) => `${n} tokens`);
  check("cost", worst.costUsd, ir.budget.costUsd, (n) => `${roundUsd(n)} usd`);
  check("steps", worst.steps, ir.budget.steps, (n) => `${n} steps`);
  return out;
}

/** USD to 6 decimals, trailing zeros dropped (0.004608, 0.4). */
export function roundUsd(n: number): string {
  return String(Math.round(n * 1e6) / 1e6);
}
