/**
 * The state graph as indices: edges between states (targets that are replies or
 * escalations end the session and have no edge), strongly connected components, and the
 * search for cycles that no limit bounds.
 */
import type { AgentIR, TransitionIR } from "../ir/ir.ts";

export interface Edge {
  readonly from: number;
  readonly transition: TransitionIR;
  /** Index of the target state, or -1 when the transition ends the session. */
  readonly to: number;
}

export interface StateGraph {
  readonly index: ReadonlyMap<string, number>;
  /** Per state, its transitions in evaluation order. */
  readonly out: readonly (readonly Edge[])[];
}

export function stateGraph(ir: AgentIR): StateGraph {
  const index = new Map(ir.states.map((s, i) => [s.name, i]));
  const out = ir.states.map((state, from) =>
    state.transitions.map((transition) => ({ from, transition, to: transition.target.kind === "state" ? (index.get(transition.target.state) ?? -1) : -1 })),
  );
  return { index, out };
}

/** Tarjan's algorithm without recursion; components come out sinks first (reverse topological). */
export function stronglyConnected(count: number, successors: (node: number) => readonly number[]): number[][] {
  const indexOf = new Array<number>(count).fill(-1);
  const low = new Array<number>(count).fill(0);
  const onStack = new Array<boolean>(count).fill(false);
  const stack: number[] = [];
  const components: number[][] = [];
  let next = 0;
  for (let root = 0; root < count; root++) {
    if (indexOf[root] !== -1) continue;
    const work: { node: number; succ: readonly number[]; i: number }[] = [{ node: root, succ: successors(root), i: 0 }];
    indexOf[root] = low[root] = next++;
    stack.push(root);
    onStack[root] = true;
    while (work.length > 0) {
      const frame = work[work.length - 1]!;
      if (frame.i < frame.succ.length) {
        const w = frame.succ[frame.i++]!;
        if (indexOf[w] === -1) {
          indexOf[w] = low[w] = next++;
          stack.push(w);
          onStack[w] = true;
          work.push({ node: w, succ: successors(w), i: 0 });
        } else if (onStack[w]) {
          low[frame.node] = Math.min(low[frame.node]!, indexOf[w]!);
        }
        continue;
      }
      work.pop();
      const v = frame.node;
      const parent = work[work.length - 1];
      if (parent !== undefined) low[parent.node] = Math.min(low[parent.node]!, low[v]!);
      if (low[v] === indexOf[v]) {
        const component: number[] = [];
        let w: number;
        do {
          w = stack.pop()!;
          onStack[w] = false;
          component.push(w);
        } while (w !== v);
        components.push(component.sort((a, b) => a - b));
      }
    }
  }
  return components;
}

/**
 * A cycle that can repeat forever: one that enters no state with a visit limit and leaves
 * every tool loop on it only by `on exhausted` (a loop with no turns left takes that edge
 * at once without using anything up). Any other cycle uses up a visit or a turn each time
 * round. Returns the states of one such cycle, or undefined.
 */
export function unboundedCycle(ir: AgentIR, graph: StateGraph): number[] | undefined {
  const free = (edge: Edge): boolean => {
    if (edge.to < 0) return false;
    const from = ir.states[edge.from]!;
    const to = ir.states[edge.to]!;
    if (from.visitLimit !== undefined || to.visitLimit !== undefined) return false;
    return from.action.kind !== "loop" || edge.transition.trigger.kind === "exhausted";
  };
  const successors = (node: number): number[] => graph.out[node]!.filter(free).map((e) => e.to);
  for (const component of stronglyConnected(ir.states.length, successors)) {
    const only = component[0]!;
    if (component.length > 1 || successors(only).includes(only)) return component;
  }
  return undefined;
}
