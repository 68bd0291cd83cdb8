/** A `when` condition is a well-typed boolean expression over names in scope. */
import { typeOfExpr } from "../resolve/expressions.ts";
import { describeType, stripOptional } from "../resolve/types.ts";
import { allStates, exprReporter, type CheckRule } from "./context.ts";

export const guardConditions: CheckRule = {
  name: "guard-conditions",
  needsCompleteTree: false,
  run(context) {
    const agent = context.agent;
    if (agent === undefined) return;
    const report = exprReporter(context);
    for (const state of allStates(context)) {
      for (const transition of state.transitions) {
        if (transition.trigger.kind !== "WhenTrigger") continue;
        const condition = transition.trigger.condition;
        const type = stripOptional(typeOfExpr(condition, agent.scope, report));
        if (type.kind !== "boolean" && type.kind !== "unknown") context.report("AGC3002", [describeType(type)], condition.span);
      }
    }
  },
};
