/** Every tool declared in or imported into an agent is called by a state or offered to a tool loop (warning). */
import type * as A from "../../language/ast.ts";
import { allStates, type CheckRule } from "./context.ts";

export const unusedTools: CheckRule = {
  name: "unused-tools",
  needsCompleteTree: true,
  run(context) {
    const agent = context.agent;
    if (agent === undefined) return;
    const used = new Set<string>();
    for (const state of allStates(context)) {
      for (const action of state.actions) {
        if (action.kind === "CallAction") used.add(action.tool.name);
        else if (action.kind === "LoopAction") for (const tool of action.tools) used.add(tool.name);
      }
    }
    const declared: A.Identifier[] = [...context.ast.imports.flatMap((i) => i.names), ...context.toolDecls.map((t) => t.name)];
    for (const name of declared) {
      if (name.name !== "" && !used.has(name.name) && agent.symbols.tools.get(name.name)?.decl !== undefined) context.report("AGC3015", [name.name], name.span);
    }
  },
};
