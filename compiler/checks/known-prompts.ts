/** Every prompt an `ask` or a tool loop uses is declared. */
import { allStates, type CheckRule } from "./context.ts";

export const knownPrompts: CheckRule = {
  name: "known-prompts",
  needsCompleteTree: false,
  run(context) {
    const agent = context.agent;
    if (agent === undefined) return;
    for (const state of allStates(context)) {
      for (const action of state.actions) {
        if (action.kind !== "AskAction" && action.kind !== "LoopAction") continue;
        const name = action.prompt;
        if (name.name !== "" && !agent.symbols.prompts.has(name.name)) context.report("AGC2004", [name.name], name.span);
      }
    }
  },
};
