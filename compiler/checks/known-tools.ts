/** Every tool a state calls or lets a loop use is declared in the agent or imported. */
import type * as A from "../../language/ast.ts";
import { allStates, type CheckRule } from "./context.ts";

export const knownTools: CheckRule = {
  name: "known-tools",
  needsCompleteTree: false,
  run(context) {
    const agent = context.agent;
    if (agent === undefined) return;
    // A name in an import list that did not resolve was reported with the import.
    const imported = new Set(context.ast.imports.flatMap((i) => i.names.map((n) => n.name)));
    const check = (name: A.Identifier): void => {
      if (name.name !== "" && !agent.symbols.tools.has(name.name) && !imported.has(name.name)) context.report("AGC2002", [name.name], name.span);
    };
    for (const state of allStates(context)) {
      for (const action of state.actions) {
        if (action.kind === "CallAction") check(action.tool);
        else if (action.kind === "LoopAction") action.tools.forEach(check);
      }
    }
  },
};
