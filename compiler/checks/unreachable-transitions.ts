/** No transition is shadowed: nothing follows `else` (or `when true`), and each `on …` trigger appears once (warning; `unreachable "why"` silences it). */
import type * as A from "../../language/ast.ts";
import { allStates, type CheckRule } from "./context.ts";

export const unreachableTransitions: CheckRule = {
  name: "unreachable-transitions",
  needsCompleteTree: false,
  run(context) {
    for (const state of allStates(context)) {
      let catchAll: A.Transition | undefined;
      const seen = new Map<string, A.Transition>();
      for (const transition of state.transitions) {
        const trigger = transition.trigger;
        const marked = transition.unreachable !== undefined;
        if (trigger.kind === "WhenTrigger" || trigger.kind === "ElseTrigger") {
          if (catchAll !== undefined) {
            if (!marked) context.report("AGC3021", [`this transition is never taken: the ${describe(catchAll)} before it always applies`], trigger.span, { related: [context.related(catchAll.trigger.span, "always applies")] });
          } else if (trigger.kind === "ElseTrigger" || (trigger.condition.kind === "BooleanLiteral" && trigger.condition.value)) catchAll = transition;
          continue;
        }
        const key = triggerKey(trigger);
        if (key === undefined) continue;
        const first = seen.get(key);
        if (first === undefined) seen.set(key, transition);
        else if (!marked) context.report("AGC3021", [`\`${key}\` is already handled above; this transition is never taken`], trigger.span, { related: [context.related(first.trigger.span, "handled here")] });
      }
    }
  },
};

function describe(transition: A.Transition): string {
  return transition.trigger.kind === "ElseTrigger" ? "`else`" : "`when true`";
}

function triggerKey(trigger: A.Trigger): string | undefined {
  switch (trigger.kind) {
    case "OnErrorTrigger":
      return trigger.error.name === "" ? undefined : `on ${trigger.error.name}`;
    case "OnAnyErrorTrigger":
      return "on error";
    case "OnTimeoutTrigger":
      return "on timeout";
    case "OnExhaustedTrigger":
      return "on exhausted";
    default:
      return undefined;
  }
}
