/** Every state can be entered: it is `start` or the target of a transition from a state that can. */
import { reachableFrom } from "../resolve/state-graph.ts";
import { allStates, type CheckRule } from "./context.ts";

export const reachableStates: CheckRule = {
  name: "reachable-states",
  needsCompleteTree: true,
  run(context) {
    const agent = context.agent;
    const start = agent?.graph.start;
    if (agent === undefined || start === undefined) return;
    // A transition to an undeclared state is reported as such; it may be the missing edge.
    const dangling = allStates(context).some((s) => s.transitions.some((t) => t.target.kind === "GotoTarget" && t.target.state.name !== "" && !agent.symbols.states.has(t.target.state.name)));
    if (dangling) return;
    const reachable = reachableFrom(agent.graph, [start]);
    for (const state of allStates(context)) {
      const name = state.name.name;
      if (name === "" || agent.symbols.states.get(name) !== state) continue; // duplicates are reported as such
      if (!reachable.has(state)) context.report("AGC3007", [name], state.name.span);
    }
  },
};
