/** `on Name` in a call state names an error that the called tool declares. */
import { allStates, soleAction, type CheckRule } from "./context.ts";

export const knownToolErrors: CheckRule = {
  name: "known-tool-errors",
  needsCompleteTree: false,
  run(context) {
    const agent = context.agent;
    if (agent === undefined) return;
    for (const state of allStates(context)) {
      const action = soleAction(state);
      if (action?.kind !== "CallAction") continue;
      const tool = agent.symbols.tools.get(action.tool.name);
      if (tool === undefined) continue;
      for (const transition of state.transitions) {
        const trigger = transition.trigger;
        if (trigger.kind !== "OnErrorTrigger" || trigger.error.name === "") continue;
        if (!tool.errors.has(trigger.error.name)) {
          context.report("AGC2007", [tool.name, trigger.error.name], trigger.error.span, {
            related: [context.related(tool.decl.name.span, `"${tool.name}" is declared here`, tool.file)],
          });
        }
      }
    }
  },
};
