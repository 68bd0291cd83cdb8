/** Every `escalate <target>` and `await human <target>` names a declared escalation target. */
import type * as A from "../../language/ast.ts";
import { allStates, type CheckRule } from "./context.ts";

export const knownEscalations: CheckRule = {
  name: "known-escalations",
  needsCompleteTree: false,
  run(context) {
    const agent = context.agent;
    if (agent === undefined) return;
    const check = (name: A.Identifier): void => {
      if (name.name !== "" && !agent.symbols.escalations.has(name.name)) context.report("AGC2008", [name.name], name.span, { help: `declare it with \`escalation ${name.name} "who they are"\`` });
    };
    for (const state of allStates(context)) {
      for (const action of state.actions) {
        if (action.kind === "EscalateAction" || action.kind === "AwaitAction") check(action.target);
      }
      for (const transition of state.transitions) if (transition.target.kind === "EscalateAction") check(transition.target.target);
    }
  },
};
