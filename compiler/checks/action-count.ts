/** A state does exactly one thing: one ask, call, tool loop, human wait, reply or escalation. */
import { allStates, type CheckRule } from "./context.ts";

export const actionCount: CheckRule = {
  name: "action-count",
  needsCompleteTree: false,
  run(context) {
    for (const state of allStates(context)) {
      const [first, ...extra] = state.actions;
      if (first === undefined) {
        if (!context.hasSyntaxErrors) context.report("AGC3018", [`state "${state.name.name}" has no action`], state.name.name === "" ? state.span : state.name.span);
        continue;
      }
      for (const action of extra) {
        context.report("AGC3018", [`state "${state.name.name}" has more than one action`], action.span, {
          related: [context.related(first.span, "its first action is here")],
        });
      }
    }
  },
};
