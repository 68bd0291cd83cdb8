/** A `use tools` loop ends with `at most N turns`. */
import { allStates, type CheckRule } from "./context.ts";

export const loopTurnLimit: CheckRule = {
  name: "loop-turn-limit",
  needsCompleteTree: true,
  run(context) {
    for (const state of allStates(context)) {
      for (const action of state.actions) {
        if (action.kind === "LoopAction" && action.maxTurns === undefined)
          context.report("AGC3013", [], { start: action.span.start, end: action.span.start + "use tools".length });
      }
    }
  },
};
