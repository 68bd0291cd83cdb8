/** Every cycle of states passes through a state with `visits at most N` or a `use tools` loop with `at most N turns`. */
import type * as A from "../../language/ast.ts";
import { stronglyConnected } from "../resolve/state-graph.ts";
import { soleAction, type CheckRule } from "./context.ts";

export const boundedCycles: CheckRule = {
  name: "bounded-cycles",
  needsCompleteTree: true,
  run(context) {
    const agent = context.agent;
    if (agent === undefined) return;
    const graph = agent.graph;
    const unbounded = (state: A.StateDecl): boolean => !isBounded(state);
    for (const component of stronglyConnected(graph, unbounded)) {
      const only = component[0]!;
      const cyclic = component.length > 1 || (graph.edges.get(only) ?? []).some((e) => e.to === only);
      if (!cyclic) continue;
      const order = new Map(graph.states.map((s, i) => [s, i]));
      const states = [...component].sort((a, b) => order.get(a)! - order.get(b)!);
      const names = states.map((s) => s.name.name);
      const text = states.length === 1 ? `${names[0]} -> ${names[0]}` : `through ${names.join(", ")}`;
      context.report("AGC3010", [text], states[0]!.name.span, {
        related: states.slice(1).map((s) => context.related(s.name.span, `"${s.name.name}" is in the cycle`)),
        data: { states: names },
      });
    }
  },
};

function isBounded(state: A.StateDecl): boolean {
  if (state.visitLimit !== undefined) return true;
  const action = soleAction(state);
  return action?.kind === "LoopAction" && action.maxTurns !== undefined;
}
