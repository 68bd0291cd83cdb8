/** `start` and every `-> target` name a declared state. */
import type * as A from "../../language/ast.ts";
import { allStates, type CheckRule } from "./context.ts";

export const knownStates: CheckRule = {
  name: "known-states",
  needsCompleteTree: false,
  run(context) {
    const agent = context.agent;
    if (agent === undefined) return;
    const check = (name: A.Identifier): void => {
      if (name.name !== "" && !agent.symbols.states.has(name.name)) context.report("AGC2001", [name.name], name.span);
    };
    for (const member of agent.decl.members) if (member.kind === "StartDecl") check(member.state);
    for (const state of allStates(context)) {
      for (const transition of state.transitions) if (transition.target.kind === "GotoTarget") check(transition.target.state);
    }
  },
};
