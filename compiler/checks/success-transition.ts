/** A state that asks, calls, loops or waits says where to go when that step succeeds (`->`, or `when`s with `else`). */
import { allStates, soleAction, type CheckRule } from "./context.ts";
import { isSuccess } from "./results-assigned.ts";

export const successTransition: CheckRule = {
  name: "success-transition",
  needsCompleteTree: true,
  run(context) {
    for (const state of allStates(context)) {
      const action = soleAction(state);
      if (action === undefined || action.kind === "ReplyAction" || action.kind === "EscalateAction") continue;
      if (state.transitions.some((t) => isSuccess(t.trigger))) continue;
      const what = { AskAction: "ask", CallAction: "call", LoopAction: "tool loop", AwaitAction: "human wait" }[action.kind];
      context.report("AGC3031", [state.name.name, what], state.name.span);
    }
  },
};
