/** Every cycle of states passes through a state with `visits at most N`, or through a turn-limited `use tools` loop that it leaves by another edge than `on exhausted`. */
import type * as A from "../../language/ast.ts";
import { stronglyConnected, type StateGraph } from "../resolve/state-graph.ts";
import { soleAction, type CheckRule } from "./context.ts";

export const boundedCycles: CheckRule = {
  name: "bounded-cycles",
  needsCompleteTree: true,
  run(context) {
    const agent = context.agent;
    if (agent === undefined) return;
    // A turn-limited loop bounds the cycles it leaves by spending a turn; once its turns are
    // spent it answers `exhausted` at once, so a cycle through `on exhausted` is not bounded
    // by it. Keep such loops in the graph with only their `on exhausted` edges.
    const graph: StateGraph = {
      ...agent.graph,
      edges: new Map(
        [...agent.graph.edges].map(([state, edges]) => [state, isTurnLimited(state) ? edges.filter((e) => e.transition.trigger.kind === "OnExhaustedTrigger") : edges]),
      ),
    };
    const unbounded = (state: A.StateDecl): boolean => state.visitLimit === undefined;
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

function isTurnLimited(state: A.StateDecl): boolean {
  const action = soleAction(state);
  return action?.kind === "LoopAction" && action.maxTurns !== undefined;
}
