/** A state that calls a tool handles each error the tool declares, with `on Name` or `on error` (a `use tools` loop need not: the model sees tool errors). */
import { allStates, soleAction, type CheckRule } from "./context.ts";

export const handledToolErrors: CheckRule = {
  name: "handled-tool-errors",
  needsCompleteTree: true,
  run(context) {
    const agent = context.agent;
    if (agent === undefined) return;
    for (const state of allStates(context)) {
      const action = soleAction(state);
      if (action?.kind !== "CallAction") continue;
      const tool = agent.symbols.tools.get(action.tool.name);
      if (tool === undefined || tool.errors.size === 0) continue;
      if (state.transitions.some((t) => t.trigger.kind === "OnAnyErrorTrigger")) continue;
      const handled = new Set(state.transitions.flatMap((t) => (t.trigger.kind === "OnErrorTrigger" ? [t.trigger.error.name] : [])));
      const missing = [...tool.errors.keys()].filter((name) => !handled.has(name));
      for (const error of missing) {
        context.report("AGC3014", [state.name.name, error, tool.name], action.tool.span, {
          related: [context.related(tool.errors.get(error)!.name.span, `"${error}" is declared here`, tool.file)],
          data: { tool: tool.name, error, missing },
        });
      }
    }
  },
};
