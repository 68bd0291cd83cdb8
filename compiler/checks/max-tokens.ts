/** Every LLM call (`ask` or `use tools`) has max tokens in scope: on the step or on the agent's `model` line. */
import { allStates, spanFromTo, type CheckRule } from "./context.ts";

export const maxTokens: CheckRule = {
  name: "max-tokens",
  needsCompleteTree: true,
  run(context) {
    const agent = context.agent;
    if (agent === undefined || agent.symbols.model?.maxTokens !== undefined) return;
    for (const state of allStates(context)) {
      for (const action of state.actions) {
        if ((action.kind === "AskAction" || action.kind === "LoopAction") && action.maxTokens === undefined)
          context.report(
            "AGC3012",
            [action.kind === "AskAction" ? "ask" : "tool loop"],
            action.kind === "AskAction" ? spanFromTo(action.span, action.prompt.span) : { start: action.span.start, end: action.span.start + "use tools".length },
          );
      }
    }
  },
};
