/** A state with `when` guards ends them with `else` (or a last `when true`), so some transition always applies. */
import { allStates, type CheckRule } from "./context.ts";

export const guardFallthrough: CheckRule = {
  name: "guard-fallthrough",
  needsCompleteTree: true,
  run(context) {
    for (const state of allStates(context)) {
      const guards = state.transitions.filter((t) => t.trigger.kind === "WhenTrigger" || t.trigger.kind === "ElseTrigger" || t.trigger.kind === "AlwaysTrigger");
      const last = guards.at(-1);
      if (last === undefined || last.trigger.kind !== "WhenTrigger") continue;
      const catchAll = guards.some((t) => t.trigger.kind === "ElseTrigger" || (t.trigger.kind === "WhenTrigger" && t.trigger.condition.kind === "BooleanLiteral" && t.trigger.condition.value));
      if (catchAll) continue; // a `when` after the `else` is unreachable-transitions' business
      context.report("AGC3009", [state.name.name], last.trigger.span);
    }
  },
};
