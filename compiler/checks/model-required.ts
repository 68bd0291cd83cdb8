/** An agent that calls the model (`ask` or `use tools`) names the model it calls: `model primary "…"`. */
import { allStates, membersOf, spanFromTo, type CheckRule } from "./context.ts";

export const modelRequired: CheckRule = {
  name: "model-required",
  needsCompleteTree: true,
  run(context) {
    const agent = context.agent?.decl;
    if (agent === undefined) return;
    if (membersOf(agent, "ModelDecl").some((model) => model.primary !== undefined)) return;
    for (const state of allStates(context)) {
      for (const action of state.actions) {
        if (action.kind !== "AskAction" && action.kind !== "LoopAction") continue;
        const at = action.kind === "AskAction" ? spanFromTo(action.span, action.prompt.span) : { start: action.span.start, end: action.span.start + "use tools".length };
        context.report("AGC3033", [action.kind === "AskAction" ? "asks" : "runs a tool loop"], at);
      }
    }
  },
};
