/**
 * The state graph as the checks see it: the written transitions between states (goto
 * targets that name a declared state), reachability from `start`, and strongly connected
 * components. Implicit escalations (unhandled failures, limits) are not edges here.
 */
import type * as A from "../../language/ast.ts";
import type { AgentSymbols } from "./symbols.ts";

export interface Edge {
  readonly from: A.StateDecl;
  readonly transition: A.Transition;
  readonly to: A.StateDecl;
}

export interface StateGraph {
  /** Declared states in source order (first declaration of each name). */
  readonly states: readonly A.StateDecl[];
  readonly edges: ReadonlyMap<A.StateDecl, readonly Edge[]>;
  readonly start: A.StateDecl | undefined;
}

export function buildStateGraph(symbols: AgentSymbols): StateGraph {
  const states = [...symbols.states.values()];
  const edges = new Map<A.StateDecl, Edge[]>();
  for (const from of states) {
    const out: Edge[] = [];
    // A reply or escalation ends the session: transitions written after one never run.
    const final = from.actions.length === 1 && (from.actions[0]!.kind === "ReplyAction" || from.actions[0]!.kind === "EscalateAction");
    if (final) {
      edges.set(from, out);
      continue;
    }
    for (const transition of from.transitions) {
      if (transition.target.kind !== "GotoTarget") continue;
      const to = symbols.states.get(transition.target.state.name);
      if (to !== undefined) out.push({ from, transition, to });
    }
    edges.set(from, out);
  }
  const start = symbols.start === undefined ? undefined : symbols.states.get(symbols.start.state.name);
  return { states, edges, start };
}

export function reachableFrom(graph: StateGraph, roots: readonly A.StateDecl[]): Set<A.StateDecl> {
  const seen = new Set<A.StateDecl>(roots);
  const work = [...roots];
  while (work.length > 0) {
    const state = work.pop()!;
    for (const edge of graph.edges.get(state) ?? []) {
      if (!seen.has(edge.to)) {
        seen.add(edge.to);
        work.push(edge.to);
      }
    }
  }
  return seen;
}

/**
 * Strongly connected components of the subgraph of `keep` states (Tarjan, iterative so a
 * 10,000-state chain cannot overflow the stack). Components come in no particular order.
 */
export function stronglyConnected(graph: StateGraph, keep: (state: A.StateDecl) => boolean): A.StateDecl[][] {
  const index = new Map<A.StateDecl, number>();
  const low = new Map<A.StateDecl, number>();
  const onStack = new Set<A.StateDecl>();
  const stack: A.StateDecl[] = [];
  const components: A.StateDecl[][] = [];
  let counter = 0;
  const next = (s: A.StateDecl): A.StateDecl[] => (graph.edges.get(s) ?? []).map((e) => e.to).filter(keep);
  for (const root of graph.states) {
    if (!keep(root) || index.has(root)) continue;
    const frames: { state: A.StateDecl; succ: A.StateDecl[]; i: number }[] = [];
    const enter = (s: A.StateDecl): void => {
      index.set(s, counter);
      low.set(s, counter);
      counter++;
      stack.push(s);
      onStack.add(s);
      frames.push({ state: s, succ: next(s), i: 0 });
    };
    enter(root);
    while (frames.length > 0) {
      const frame = frames[frames.length - 1]!;
      if (frame.i < frame.succ.length) {
        const w = frame.succ[frame.i++]!;
        if (!index.has(w)) enter(w);
        else if (onStack.has(w)) low.set(frame.state, Math.min(low.get(frame.state)!, index.get(w)!));
        continue;
      }
      frames.pop();
      const parent = frames[frames.length - 1];
      if (parent !== undefined) low.set(parent.state, Math.min(low.get(parent.state)!, low.get(frame.state)!));
      if (low.get(frame.state) === index.get(frame.state)) {
        const component: A.StateDecl[] = [];
        let w: A.StateDecl;
        do {
          w = stack.pop()!;
          onStack.delete(w);
          component.push(w);
        } while (w !== frame.state);
        components.push(component);
      }
    }
  }
  return components;
}
