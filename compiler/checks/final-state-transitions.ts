/** A state whose action is `reply` or `escalate` ends the session, so it has no transitions. */
import { allStates, soleAction, type CheckRule } from "./context.ts";

export const finalStateTransitions: CheckRule = {
  name: "final-state-transitions",
  needsCompleteTree: false,
  run(context) {
    for (const state of allStates(context)) {
      const action = soleAction(state);
      if (action?.kind !== "ReplyAction" && action?.kind !== "EscalateAction") continue;
      const what = action.kind === "ReplyAction" ? "a reply" : "an escalation";
      for (const transition of state.transitions) context.report("AGC3019", [state.name.name, what], transition.span);
    }
  },
};
