/** `await human` has a timeout, so a session cannot wait forever. */
import { allStates, type CheckRule } from "./context.ts";

export const humanWaitTimeout: CheckRule = {
  name: "human-wait-timeout",
  needsCompleteTree: true,
  run(context) {
    for (const state of allStates(context)) {
      for (const action of state.actions) {
        if (action.kind === "AwaitAction" && action.timeout === undefined)
          context.report("AGC3030", [], { start: action.span.start, end: action.span.start + "await human".length });
      }
    }
  },
};
