/** From every state some sequence of written transitions leads to a reply or an escalation. */
import type * as A from "../../language/ast.ts";
import { finalSteps, type CheckRule } from "./context.ts";

export const wayOut: CheckRule = {
  name: "way-out",
  needsCompleteTree: true,
  run(context) {
    const agent = context.agent;
    if (agent === undefined) return;
    const graph = agent.graph;
    const predecessors = new Map<A.StateDecl, A.StateDecl[]>();
    for (const [from, edges] of graph.edges) {
      for (const edge of edges) predecessors.set(edge.to, [...(predecessors.get(edge.to) ?? []), from]);
    }
    // A transition to an undeclared state (reported as such) counts as a way out.
    const dangling = (s: A.StateDecl): boolean => s.transitions.some((t) => t.target.kind === "GotoTarget" && !agent.symbols.states.has(t.target.state.name));
    const exits = new Set(graph.states.filter((s) => finalSteps(s).length > 0 || dangling(s)));
    const work = [...exits];
    while (work.length > 0) {
      for (const previous of predecessors.get(work.pop()!) ?? []) {
        if (!exits.has(previous)) {
          exits.add(previous);
          work.push(previous);
        }
      }
    }
    for (const state of graph.states) {
      if (!exits.has(state) && state.actions.length > 0) context.report("AGC3008", [state.name.name], state.name.span);
    }
  },
};
